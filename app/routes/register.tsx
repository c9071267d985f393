import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable, Pager } from "~/components/DataTable";
import { formatArea } from "~/domain/area";
import { getDb } from "~/services/db.server";
import { listUnits, registerSummary } from "~/services/units.server";
import { parseListQuery, requireUser } from "~/services/request.server";

const PAGE = 50;

/** The unit register, read-only, for the people who run and check the money. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager", "committee", "auditor"]);
  const query = parseListQuery(request);
  const db = getDb();
  const { rows, total } = listUnits(db, { ...query, limit: PAGE });
  const summary = registerSummary(db);
  return {
    rows: rows.map((r) => ({ id: r.id, building: r.building, number: r.number, kind: r.kind, ownerName: r.ownerName, area: formatArea(r.areaCentiM2) })),
    total, query,
    buildings: summary.buildings.map((b) => ({ building: b.building, unitCount: b.unitCount, area: formatArea(b.areaCentiM2) })),
    totalArea: formatArea(summary.buildings.reduce((sum, b) => sum + b.areaCentiM2, 0)),
    ownerCount: summary.ownerCount,
  };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

export default function RegisterPage() {
  const { t } = useTranslation();
  const { rows, total, query, buildings, totalArea, ownerCount } = useLoaderData<typeof loader>();
  const location = useLocation();
  const columns: ColumnDef<Row, unknown>[] = [
    { header: t("units.building"), accessorKey: "building" },
    { header: t("units.number"), accessorKey: "number" },
    { header: t("units.area"), accessorKey: "area" },
    { header: t("units.kind"), cell: ({ row }) => t(`unitKinds.${row.original.kind}`) },
    { header: t("units.owner"), accessorKey: "ownerName" },
  ];
  return (
    <section>
      <h1>{t("register.title")}</h1>
      <p>{t("register.summary", { buildings: buildings.length, owners: ownerCount, area: totalArea })}</p>
      <Form method="get" className="filters">
        <label>{t("units.building")}{" "}
          <select name="building" defaultValue={query.building ?? ""}>
            <option value="">{t("register.allBuildings")}</option>
            {buildings.map((b) => <option key={b.building} value={b.building}>{b.building} ({b.unitCount})</option>)}
          </select>
        </label>
        <label>{t("units.number")} <input name="q" defaultValue={query.q ?? ""} /></label>
        <button type="submit">{t("actions.search")}</button>
      </Form>
      <DataTable data={rows} columns={columns} />
      <Pager total={total} limit={PAGE} offset={query.offset} search={location.search} />
    </section>
  );
}
