import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/DataTable";
import { BOOKS } from "~/domain/ledger/chart";
import { SOURCE_KINDS } from "~/domain/ledger/entries";
import { LEDGER_PAGE_SIZE, ledgerCursorOf, ledgerQueryString, parseLedgerQuery, sortToggle, type LedgerQuery, type LedgerSort } from "~/domain/ledger/ledger-query";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { getDb } from "~/services/db.server";
import { accountsOfBook, listLedger, type LedgerPageLinks } from "~/services/ledger/queries.server";
import { requireUser } from "~/services/request.server";

const LEDGER_READERS = ["manager", "committee", "auditor"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, LEDGER_READERS);
  const { searchParams } = new URL(request.url);
  const query = parseLedgerQuery(searchParams);
  const db = getDb();
  const { rows, totals, links } = listLedger(db, query, LEDGER_PAGE_SIZE, ledgerCursorOf(searchParams, query.offset));
  return { rows, totals, links, query, accounts: accountsOfBook(db, query.book), canPost: hasAnyRole(user.roles, ["manager"]) };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

function SortHeader({ query, sort, label }: { query: LedgerQuery; sort: LedgerSort; label: string }) {
  const { t } = useTranslation();
  const mark = query.sort === sort ? (query.dir === "asc" ? " ▲" : " ▼") : "";
  return (
    <Link to={ledgerQueryString(sortToggle(query, sort))} title={t("ledger.sortBy", { column: label })} aria-sort={query.sort === sort ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
      {label}{mark}
    </Link>
  );
}

/**
 * Page links by keyset (after= / before= a posting id), so the thousandth
 * page costs what the first does; an old offset= link still opens its page
 * and its arrows continue by keyset.
 */
function KeysetPager({ search, rows, links, total }: { search: string; rows: Row[]; links: LedgerPageLinks; total: number }) {
  const link = (set: Record<string, string>) => {
    const params = new URLSearchParams(search);
    for (const name of ["offset", "after", "before", "last"]) params.delete(name);
    for (const [name, value] of Object.entries(set)) params.set(name, value);
    const text = params.toString();
    return text ? `?${text}` : "?";
  };
  const first = rows[0];
  const last = rows[rows.length - 1];
  return (
    <nav className="pager" aria-label="pages">
      {links.hasPrev && first ? <span><a href={link({})} rel="first">«</a> <a href={link({ before: String(first.postingId) })} rel="prev">←</a></span> : <span />}
      <span>{`${rows.length} / ${total}`}</span>
      {links.hasNext && last ? <span><a href={link({ after: String(last.postingId) })} rel="next">→</a> <a href={link({ last: "1" })} rel="last">»</a></span> : <span />}
    </nav>
  );
}

export default function LedgerPage() {
  const { t, i18n } = useTranslation();
  const { rows, totals, links, query, accounts, canPost } = useLoaderData<typeof loader>();
  const location = useLocation();
  const en = i18n.language.startsWith("en");
  const columns: ColumnDef<Row, unknown>[] = [
    { id: "date", header: () => <SortHeader query={query} sort="date" label={t("ledger.date")} />, cell: ({ row }) => row.original.businessDate },
    { id: "entry", header: t("ledger.entry"), cell: ({ row }) => <Link to={`/ledger/entries/${row.original.entryId}`}>#{row.original.entryId}</Link> },
    {
      id: "account", header: () => <SortHeader query={query} sort="account" label={t("ledger.account")} />,
      cell: ({ row }) => `${row.original.accountCode} ${en ? row.original.accountNameEn : row.original.accountNameZh}`,
    },
    { id: "memo", header: t("ledger.memo"), cell: ({ row }) => [row.original.memo, row.original.postingMemo].filter(Boolean).join(" · ") },
    { id: "source", header: t("ledger.source"), cell: ({ row }) => t(`ledger.sourceKinds.${row.original.sourceKind}`) },
    { id: "debit", header: () => <SortHeader query={query} sort="amount" label={t("ledger.debit")} />, cell: ({ row }) => (row.original.amountFen > 0 ? formatFen(row.original.amountFen) : "") },
    { id: "credit", header: t("ledger.credit"), cell: ({ row }) => (row.original.amountFen < 0 ? formatFen(-row.original.amountFen) : "") },
  ];
  const { offset: _offset, ...filter } = query;
  return (
    <section>
      <h1>{t("ledger.title")} · {t(`ledger.books.${query.book}`)}</h1>
      <p>
        {BOOKS.map((b) => (
          <span key={b}>{b === query.book ? <strong>{t(`ledger.books.${b}`)}</strong> : <Link to={`?book=${b}`}>{t(`ledger.books.${b}`)}</Link>} · </span>
        ))}
        <Link to="/ledger/balances">{t("ledger.balancesLink")}</Link>
        {canPost ? <> · <Link to="/ledger/new">{t("ledger.newVoucher")}</Link></> : null}
      </p>
      <Form method="get" className="filters">
        <input type="hidden" name="book" value={query.book} />
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <label>{t("ledger.from")} <input type="date" name="from" defaultValue={query.from ?? ""} /></label>
        <label>{t("ledger.to")} <input type="date" name="to" defaultValue={query.to ?? ""} /></label>
        <label>{t("ledger.account")}{" "}
          <select name="account" defaultValue={query.account ?? ""}>
            <option value="">{t("ledger.allAccounts")}</option>
            {accounts.map((a) => <option key={a.code} value={a.code}>{a.code} {en ? a.nameEn : a.nameZh}</option>)}
          </select>
        </label>
        <label>{t("ledger.source")}{" "}
          <select name="source" defaultValue={query.source ?? ""}>
            <option value="">{t("ledger.allSources")}</option>
            {SOURCE_KINDS.map((k) => <option key={k} value={k}>{t(`ledger.sourceKinds.${k}`)}</option>)}
          </select>
        </label>
        <label>{t("ledger.search")} <input name="q" defaultValue={query.q ?? ""} maxLength={100} /></label>
        <button type="submit">{t("ledger.filter")}</button>{" "}
        <Link to={`?book=${query.book}`}>{t("ledger.reset")}</Link>
      </Form>
      <p className="totals">
        {t("ledger.totals", { count: totals.count })}: {t("ledger.debit")} {formatFen(totals.debitFen)} · {t("ledger.credit")} {formatFen(totals.creditFen)} · {t("ledger.net")} {formatFen(totals.netFen)}
      </p>
      <p><a href={`/ledger/export.csv${ledgerQueryString(filter)}`} download>{t("ledger.downloadCsv")}</a></p>
      {rows.length === 0 ? <p>{t("ledger.empty")}</p> : <DataTable data={rows} columns={columns} />}
      <KeysetPager search={location.search} rows={rows} links={links} total={totals.count} />
    </section>
  );
}
