import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable, Pager } from "~/components/DataTable";
import { hasAnyRole } from "~/domain/roles";
import { incomeListQuerySchema } from "~/domain/income/forms";
import { INCOME_KINDS } from "~/domain/income/kinds";
import { formatFen } from "~/domain/money";
import { getDb } from "~/services/db.server";
import { listIncome } from "~/services/income/income.server";
import { requireUser } from "~/services/request.server";

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const query = incomeListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { rows, total, totals } = listIncome(getDb(), { ...query, limit: PAGE });
  return { rows, total, totals, query, canRecord: hasAnyRole(user.roles, ["manager"]) };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

export default function IncomePage() {
  const { t } = useTranslation();
  const { rows, total, totals, query, canRecord } = useLoaderData<typeof loader>();
  const location = useLocation();
  const columns: ColumnDef<Row, unknown>[] = [
    { header: t("income.fields.receivedOn"), accessorKey: "receivedOn" },
    { header: t("income.fields.kind"), cell: ({ row }) => t(`income.kinds.${row.original.kind}`) },
    { header: t("income.fields.amount"), cell: ({ row }) => formatFen(row.original.amountFen) },
    { header: t("income.fields.cogoverned"), cell: ({ row }) => formatFen(row.original.cogovernedFen) },
    { header: t("income.fields.publicRevenue"), cell: ({ row }) => formatFen(row.original.publicRevenueFen) },
    {
      header: t("income.deduction.column"),
      cell: ({ row }) => (row.original.deductionFen > 0 ? (
        <>
          {formatFen(row.original.deductionFen)} {row.original.deductionReason}{" "}
          {row.original.deductionAttachmentId ? <a href={`/attachments/${row.original.deductionAttachmentId}`} download>{t("income.deduction.evidenceLink")}</a> : null}
        </>
      ) : "—"),
    },
    { header: t("income.fields.counterparty"), accessorKey: "counterparty" },
    { header: t("income.fields.reference"), cell: ({ row }) => [row.original.reference, row.original.permitRef].filter(Boolean).join(" / ") },
    {
      header: t("income.fields.evidence"),
      cell: ({ row }) => (row.original.attachmentId
        ? <a href={`/attachments/${row.original.attachmentId}`} download>{row.original.attachmentName ?? t("income.download")}</a>
        : null),
    },
  ];
  return (
    <section>
      <h1>{t("income.title")}</h1>
      <p>
        {canRecord ? <><Link to="/income/new">{t("income.new")}</Link> · </> : null}
        <Link to="/income/splits">{t("income.splits.title")}</Link> · <Link to="/remuneration">{t("nav.remuneration")}</Link>
      </p>
      <Form method="get" className="filters">
        <label>{t("income.fields.kind")}{" "}
          <select name="kind" defaultValue={query.kind ?? ""}>
            <option value="">{t("income.filters.all")}</option>
            {INCOME_KINDS.map((k) => <option key={k} value={k}>{t(`income.kinds.${k}`)}</option>)}
          </select>
        </label>
        <label>{t("income.fields.book")}{" "}
          <select name="book" defaultValue={query.book ?? ""}>
            <option value="">{t("income.filters.all")}</option>
            <option value="cogoverned">{t("income.fields.cogoverned")}</option>
            <option value="public_revenue">{t("income.fields.publicRevenue")}</option>
          </select>
        </label>
        <label>{t("income.filters.from")} <input name="from" type="date" defaultValue={query.from ?? ""} /></label>
        <label>{t("income.filters.to")} <input name="to" type="date" defaultValue={query.to ?? ""} /></label>
        <button type="submit">{t("actions.search")}</button>
      </Form>
      <p className="totals">
        {t("income.totals", {
          count: total, amount: formatFen(totals.amountFen), cogoverned: formatFen(totals.cogovernedFen), publicRevenue: formatFen(totals.publicRevenueFen),
        })}
        {totals.deductionFen > 0 ? <> {t("income.deduction.total", { amount: formatFen(totals.deductionFen) })}</> : null}
      </p>
      {rows.length === 0 ? <p>{t("income.none")}</p> : <DataTable data={rows} columns={columns} />}
      <Pager total={total} limit={PAGE} offset={query.offset} search={location.search} />
    </section>
  );
}
