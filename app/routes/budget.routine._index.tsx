import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable, Pager } from "~/components/DataTable";
import { BOOKS } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { kindLabel } from "~/domain/spending/budget";
import { ROUTINE_KIND_NAMES } from "~/domain/spending/kinds";
import { routineListQuerySchema } from "~/domain/spending/routine-forms";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";
import { listRoutineSpending } from "~/services/spending/routine.server";

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const query = routineListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { rows, total, totalFen } = listRoutineSpending(getDb(), { ...query, limit: PAGE });
  return { rows, total, totalFen, query, canRecord: hasAnyRole(user.roles, ["manager"]) };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

export default function RoutineListPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith("en");
  const { rows, total, totalFen, query, canRecord } = useLoaderData<typeof loader>();
  const location = useLocation();
  const columns: ColumnDef<Row, unknown>[] = [
    { header: t("budget.fields.paidOn"), accessorKey: "paidOn" },
    { header: t("budget.fields.book"), cell: ({ row }) => <Link to={`/budget/${row.original.budgetId}`}>{row.original.year} {t(`budget.books.${row.original.book}`)}</Link> },
    { header: t("budget.fields.kind"), cell: ({ row }) => kindLabel(row.original.lineKind, en) },
    { header: t("budget.fields.routineKind"), cell: ({ row }) => t(`budget.routineKinds.${row.original.routineKind}`) },
    { header: t("budget.fields.payee"), accessorKey: "payee" },
    { header: t("budget.fields.amount"), cell: ({ row }) => formatFen(row.original.amountFen) },
    { header: t("budget.fields.bankReference"), accessorKey: "bankReference" },
    { header: t("budget.fields.invoiceNumber"), accessorKey: "invoiceNumber" },
    { header: t("budget.fields.voucher"), cell: ({ row }) => <a href={`/attachments/${row.original.voucherAttachmentId}`} download>{row.original.voucherName}</a> },
    { header: t("budget.entry"), cell: ({ row }) => <Link to={`/ledger/entries/${row.original.entryId}`}>#{row.original.entryId}</Link> },
  ];
  return (
    <section>
      <h1>{t("budget.routine")}</h1>
      <p>
        <Link to="/budget">{t("budget.list")}</Link>
        {canRecord ? <> · <Link to="/budget/routine/new">{t("budget.routineNew")}</Link></> : null}
      </p>
      <Form method="get" className="filters">
        <label>{t("budget.fields.year")} <input name="year" defaultValue={query.year ?? ""} inputMode="numeric" size={6} /></label>
        <label>
          {t("budget.fields.book")}{" "}
          <select name="book" defaultValue={query.book ?? ""}>
            <option value="">{t("budget.all")}</option>
            {BOOKS.map((b) => <option key={b} value={b}>{t(`budget.books.${b}`)}</option>)}
          </select>
        </label>
        <label>
          {t("budget.fields.routineKind")}{" "}
          <select name="kind" defaultValue={query.kind ?? ""}>
            <option value="">{t("budget.all")}</option>
            {ROUTINE_KIND_NAMES.map((k) => <option key={k} value={k}>{t(`budget.routineKinds.${k}`)}</option>)}
          </select>
        </label>
        <button type="submit">{t("budget.filter")}</button>
      </Form>
      <p>{t("budget.total")}: {formatFen(totalFen)} ({total})</p>
      {rows.length === 0 ? <p>{t("budget.noRoutine")}</p> : <DataTable data={rows} columns={columns} />}
      <Pager total={total} limit={PAGE} offset={query.offset} search={location.search} />
    </section>
  );
}
