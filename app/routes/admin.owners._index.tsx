import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable, Pager } from "~/components/DataTable";
import { getDb } from "~/services/db.server";
import { listOwners } from "~/services/owners.server";
import { parseListQuery, requireUser } from "~/services/request.server";

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  const query = parseListQuery(request);
  return { ...listOwners(getDb(), { ...query, limit: PAGE }), query };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

export default function OwnersPage() {
  const { t } = useTranslation();
  const { rows, total, query } = useLoaderData<typeof loader>();
  const location = useLocation();
  const columns: ColumnDef<Row, unknown>[] = [
    { header: "#", accessorKey: "id" },
    { header: t("owners.name"), cell: ({ row }) => <Link to={`/admin/owners/${row.original.id}`}>{row.original.name}</Link> },
    { header: t("owners.kind"), cell: ({ row }) => t(`ownerKinds.${row.original.kind}`) },
    { header: t("owners.phone"), accessorKey: "phone" },
    { header: t("owners.unitCount"), accessorKey: "unitCount" },
  ];
  return (
    <section>
      <h1>{t("owners.title")}</h1>
      <p><Link to="/admin/owners/new">{t("owners.new")}</Link></p>
      <Form method="get" className="filters">
        <label>{t("actions.search")} <input name="q" defaultValue={query.q ?? ""} /></label>
        <button type="submit">{t("actions.search")}</button>
      </Form>
      <DataTable data={rows} columns={columns} />
      <Pager total={total} limit={PAGE} offset={query.offset} search={location.search} />
    </section>
  );
}
