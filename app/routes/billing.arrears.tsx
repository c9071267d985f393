import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/DataTable";
import { arrearsQuerySchema } from "~/domain/billing/forms";
import { formatFen } from "~/domain/money";
import { shanghaiDate } from "~/domain/calendar";
import { arrears, arrearsTotals, type ArrearsRow } from "~/services/billing/reading.server";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager", "committee", "auditor"]);
  const query = arrearsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const asOf = query.asOf ?? shanghaiDate(new Date());
  const rows = arrears(getDb(), asOf, query.by);
  return { by: query.by, asOf, rows, totals: arrearsTotals(rows) };
}

export default function ArrearsPage() {
  const { t } = useTranslation();
  const { by, asOf, rows, totals } = useLoaderData<typeof loader>();
  const columns: ColumnDef<ArrearsRow, unknown>[] = [
    {
      header: by === "unit" ? t("billing.unit") : by === "owner" ? t("billing.owner") : t("billing.building"), id: "label",
      cell: ({ row }) => (row.original.unitId ? <Link to={`/billing/units/${row.original.unitId}`}>{row.original.label}</Link> : row.original.label),
    },
    { header: t("billing.billCount"), accessorKey: "billCount" },
    { header: t("billing.owed"), id: "owed", cell: ({ row }) => formatFen(row.original.owedFen) },
    { header: t("billing.overdue"), id: "overdue", cell: ({ row }) => formatFen(row.original.overdueFen) },
  ];
  return (
    <section>
      <h1>{t("billing.arrearsAsOf", { date: asOf })}</h1>
      <Form method="get" className="filters">
        <select name="by" aria-label={t("billing.arrears")} defaultValue={by}>
          <option value="unit">{t("billing.byUnit")}</option>
          <option value="owner">{t("billing.byOwner")}</option>
          <option value="building">{t("billing.byBuilding")}</option>
        </select>{" "}
        <label htmlFor="asOf">{t("billing.asOf")}</label> <input id="asOf" name="asOf" type="date" defaultValue={asOf} />{" "}
        <button type="submit">{t("billing.filter")}</button>
      </Form>
      <p>{t("billing.owed")}: {formatFen(totals.owedFen)} · {t("billing.overdue")}: {formatFen(totals.overdueFen)}</p>
      {rows.length === 0 ? <p>{t("billing.noArrears")}</p> : <DataTable data={rows} columns={columns} />}
    </section>
  );
}
