import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable, Pager } from "~/components/DataTable";
import { formatArea } from "~/domain/area";
import { getDb } from "~/services/db.server";
import { listUnits } from "~/services/units.server";
import { parseListQuery, requireUser } from "~/services/request.server";

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  const query = parseListQuery(request);
  const { rows, total } = listUnits(getDb(), { ...query, limit: PAGE });
  return { rows: rows.map((r) => ({ ...r, area: formatArea(r.areaCentiM2) })), total, query };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

export default function UnitsPage() {
  const { t } = useTranslation();
  const { rows, total, query } = useLoaderData<typeof loader>();
  const location = useLocation();
  const columns: ColumnDef<Row, unknown>[] = [
    { header: t("units.building"), accessorKey: "building" },
    { header: t("units.number"), cell: ({ row }) => <Link to={`/admin/units/${row.original.id}`}>{row.original.number}</Link> },
    { header: t("units.area"), accessorKey: "area" },
    { header: t("units.kind"), cell: ({ row }) => t(`unitKinds.${row.original.kind}`) },
    { header: t("units.owner"), cell: ({ row }) => <Link to={`/admin/owners/${row.original.ownerId}`}>{row.original.ownerName}</Link> },
  ];
  return (
    <section>
      <h1>{t("units.title")}</h1>
      <p><Link to="/admin/units/new">{t("units.new")}</Link> · <Link to="/admin/import">{t("nav.import")}</Link></p>
      <Form method="get" className="filters">
        <label>{t("units.building")} <input name="building" defaultValue={query.building ?? ""} /></label>
        <label>{t("units.number")} <input name="q" defaultValue={query.q ?? ""} /></label>
        <button type="submit">{t("actions.search")}</button>
      </Form>
      <DataTable data={rows} columns={columns} />
      <Pager total={total} limit={PAGE} offset={query.offset} search={location.search} />
    </section>
  );
}
