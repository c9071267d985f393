import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable, Pager } from "~/components/DataTable";
import { kindName } from "~/components/spending/ProposalHeader";
import { ProposalStatus } from "~/components/spending/ProposalStatus";
import { formatDateTime } from "~/domain/datetime";
import { BOOKS } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { proposalListQuerySchema } from "~/domain/spending/proposal-forms";
import { PROPOSAL_STATUSES } from "~/domain/spending/proposal-states";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";
import { listProposals } from "~/services/spending/proposals.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const query = proposalListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = listProposals(getDb(), query);
  return { ...list, query, mayDraft: hasAnyRole(user.roles, ["manager", "committee"]) };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function ProposalListPage() {
  const { t, i18n } = useTranslation();
  const { rows, total, limit, offset, query, mayDraft } = useLoaderData<typeof loader>();
  const location = useLocation();
  const columns: ColumnDef<Row, unknown>[] = [
    { id: "title", header: t("spending.fields.title"), cell: ({ row }) => <Link to={`/spending/${row.original.id}`}>{row.original.title}</Link> },
    { id: "status", header: t("spending.fields.status"), cell: ({ row }) => <ProposalStatus status={row.original.status} /> },
    { id: "book", header: t("spending.fields.book"), cell: ({ row }) => t(`spending.books.${row.original.book}`) },
    { id: "kind", header: t("spending.fields.kind"), cell: ({ row }) => kindName(row.original.kind, i18n.language) },
    {
      id: "amount", header: t("spending.fields.amount"),
      cell: ({ row }) => row.original.approvedFen !== null
        ? <span className="money">{formatFen(row.original.approvedFen)}（{t("spending.fields.approvedFen")}）</span>
        : <span className="money">{formatFen(row.original.estimatedFen)}（{t("spending.fields.estimate")}）</span>,
    },
    { id: "drafter", header: t("spending.fields.drafter"), cell: ({ row }) => row.original.drafter },
    { id: "updated", header: t("spending.fields.updated"), cell: ({ row }) => formatDateTime(row.original.updatedAt, i18n.language) },
  ];
  return (
    <section>
      <h1>{t("spending.title")}</h1>
      <p>
        {mayDraft ? <><Link to="/spending/new">{t("spending.new")}</Link> · </> : null}
        <Link to="/spending/rules">{t("spending.rulesLink")}</Link>
      </p>
      <Form method="get" className="filters">
        <label>
          {t("spending.fields.status")}{" "}
          <select name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("spending.all")}</option>
            {PROPOSAL_STATUSES.map((s) => <option key={s} value={s}>{t(`spending.statuses.${s}`)}</option>)}
          </select>
        </label>{" "}
        <label>
          {t("spending.fields.book")}{" "}
          <select name="book" defaultValue={query.book ?? ""}>
            <option value="">{t("spending.all")}</option>
            {BOOKS.map((b) => <option key={b} value={b}>{t(`spending.books.${b}`)}</option>)}
          </select>
        </label>{" "}
        <button type="submit">{t("spending.filter")}</button>
      </Form>
      {rows.length === 0 ? <p>{t("spending.none")}</p> : <DataTable data={rows} columns={columns} />}
      <Pager total={total} limit={limit} offset={offset} search={location.search} />
    </section>
  );
}
