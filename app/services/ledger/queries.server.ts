/**
 * Read side of the ledger: the filtered, sorted, paged posting list with its
 * totals, the CSV of a view, one entry with its trail, balances on a date.
 *
 * Queries are raw SQL on better-sqlite3 so that one WHERE clause serves the
 * page, the aggregate and the CSV stream. The page is LIMIT/OFFSET over an
 * index-backed order; the totals are one aggregate query; the CSV walks the
 * view in keyset batches (never the whole view in memory, and no statement
 * left open between batches, so other requests can use the connection).
 */
import type { Db } from "~db/connection";
import { accounts, auditEvents, incomeRecords, users } from "~db/schema";
import { asc, eq, inArray } from "drizzle-orm";
import { BOOKS, type Book } from "~/domain/ledger/chart";
import { LEDGER_PAGE_SIZE, type LedgerCursor, type LedgerFilter, type LedgerQuery, type LedgerSort } from "~/domain/ledger/ledger-query";
import { ledgerTotals, whereOf, type LedgerTotals } from "./ledger-totals.server";
import { CSV_BOM, ledgerCsvHeader, ledgerCsvRow, type CsvPosting } from "~/domain/ledger/journal-format";
import { eventBySeq } from "../audit.server";
import { balancesOn, getEntry } from "./entries.server";

export interface LedgerRow {
  postingId: number;
  entryId: number;
  lineNo: number;
  businessDate: string;
  book: Book;
  accountCode: string;
  accountNameZh: string;
  accountNameEn: string;
  amountFen: number;
  memo: string;
  postingMemo: string;
  sourceKind: string;
  sourceId: string | null;
  reversesEntryId: number | null;
}

const SELECT = `SELECT p.id AS postingId, p.entry_id AS entryId, p.line_no AS lineNo, e.business_date AS businessDate, p.book AS book,
  p.account_code AS accountCode, a.name_zh AS accountNameZh, a.name_en AS accountNameEn, p.amount_fen AS amountFen,
  e.memo AS memo, p.memo AS postingMemo, e.source_kind AS sourceKind, e.source_id AS sourceId, e.reverses_entry_id AS reversesEntryId`;

/**
 * Each sort is a total order (ties broken by ids) so that pages and keyset
 * batches never skip or repeat a row.
 */
const SORT_KEYS: Record<LedgerQuery["sort"], { columns: string[]; fields: (keyof LedgerRow)[] }> = {
  date: { columns: ["e.business_date", "e.id", "p.line_no"], fields: ["businessDate", "entryId", "lineNo"] },
  amount: { columns: ["p.amount_fen", "p.id"], fields: ["amountFen", "postingId"] },
  account: { columns: ["p.account_code", "p.id"], fields: ["accountCode", "postingId"] },
};

/**
 * By date, walk the entries' date index in order (CROSS JOIN fixes the join
 * order in SQLite), so a page stops after LIMIT rows instead of sorting the
 * whole view — unless one rare account is asked for over all dates, where
 * the postings' (book, account) index finds its few rows faster. A frequent
 * account (receivables: half the book) must walk the dates: sorting a
 * million rows for 50 took seconds at 2.5 M postings.
 */
function fromOf(db: Db, filter: LedgerFilter): string {
  const byEntries = filter.sort === "date" && (!filter.account || filter.from !== undefined || filter.to !== undefined || frequentAccount(db, filter.book, filter.account));
  return byEntries
    ? "FROM journal_entries e CROSS JOIN postings p INDEXED BY postings_entry_idx ON p.entry_id = e.id JOIN accounts a ON a.code = p.account_code"
    : "FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN accounts a ON a.code = p.account_code";
}

const FREQUENT_POSTINGS = 2000;

/** Whether an account has at least FREQUENT_POSTINGS postings: a bounded count on the (book, account) index. */
function frequentAccount(db: Db, book: string, account: string): boolean {
  const row = db.$client
    .prepare("SELECT count(*) AS n FROM (SELECT 1 FROM postings WHERE book = ? AND account_code = ? LIMIT ?)")
    .get(book, account, FREQUENT_POSTINGS) as { n: number };
  return row.n >= FREQUENT_POSTINGS;
}

function orderOf(filter: Pick<LedgerFilter, "sort" | "dir">): string {
  const dir = filter.dir === "asc" ? "ASC" : "DESC";
  return `ORDER BY ${SORT_KEYS[filter.sort].columns.map((c) => `${c} ${dir}`).join(", ")}`;
}

/**
 * Rows strictly after `key` in the view's order (or before it, walking
 * backwards). The leading column alone is repeated so SQLite can start the
 * index range there; the row value then breaks ties exactly.
 */
function keysetOf(filter: LedgerFilter, key: (string | number)[], backwards: boolean): { sql: string; params: (string | number)[] } {
  const { columns } = SORT_KEYS[filter.sort];
  const forward = filter.dir === "asc" ? ">" : "<";
  const op = backwards ? (forward === ">" ? "<" : ">") : forward;
  return {
    sql: ` AND ${columns[0]} ${op}= ? AND (${columns.join(", ")}) ${op} (${columns.map(() => "?").join(", ")})`,
    params: [key[0]!, ...key],
  };
}

/** The sort key of one posting in a view's order, or null for an unknown posting. */
function keyOfPosting(db: Db, sort: LedgerSort, postingId: number): (string | number)[] | null {
  const row = db.$client
    .prepare("SELECT e.business_date AS businessDate, e.id AS entryId, p.line_no AS lineNo, p.amount_fen AS amountFen, p.account_code AS accountCode, p.id AS postingId FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE p.id = ?")
    .get(postingId) as Pick<LedgerRow, "businessDate" | "entryId" | "lineNo" | "amountFen" | "accountCode" | "postingId"> | undefined;
  if (!row) return null;
  return SORT_KEYS[sort].fields.map((f) => row[f as keyof typeof row]);
}

export { ledgerTotals, type LedgerTotals } from "./ledger-totals.server";


export interface LedgerPageLinks {
  hasPrev: boolean; // rows come before this page: links to the first page and to before=rows[0]
  hasNext: boolean; // rows come after it: links to after=rows[last] and to the last page
}

/** One page of the view (LIMIT + 1 rows tell whether another follows), with the totals of the whole view. */
export function listLedger(
  db: Db, query: LedgerQuery, limit = LEDGER_PAGE_SIZE, cursor: LedgerCursor = { offset: query.offset },
): { rows: LedgerRow[]; totals: LedgerTotals; links: LedgerPageLinks } {
  const where = whereOf(query);
  const from = fromOf(db, query);
  const page = (extra: { sql: string; params: (string | number)[] }, backwards: boolean, offset = 0) => {
    const order = orderOf(backwards ? { sort: query.sort, dir: query.dir === "asc" ? "desc" : "asc" } : query);
    const rows = db.$client
      .prepare(`${SELECT} ${from} ${where.sql}${extra.sql} ${order} LIMIT ?${offset > 0 ? " OFFSET ?" : ""}`)
      .all(...where.params, ...extra.params, limit + 1, ...(offset > 0 ? [offset] : [])) as LedgerRow[];
    const more = rows.length > limit;
    const kept = rows.slice(0, limit);
    return { rows: backwards ? kept.reverse() : kept, more };
  };
  const none = { sql: "", params: [] };
  const anchorId = "after" in cursor ? cursor.after : "before" in cursor ? cursor.before : null;
  const key = anchorId === null ? null : keyOfPosting(db, query.sort, anchorId);
  let result: { rows: LedgerRow[]; links: LedgerPageLinks };
  if (key && "after" in cursor) {
    const { rows, more } = page(keysetOf(query, key, false), false);
    result = { rows, links: { hasPrev: true, hasNext: more } };
  } else if (key && "before" in cursor) {
    const { rows, more } = page(keysetOf(query, key, true), true);
    result = { rows, links: { hasPrev: more, hasNext: true } };
  } else if ("last" in cursor) {
    const { rows, more } = page(none, true);
    result = { rows, links: { hasPrev: more, hasNext: false } };
  } else {
    const offset = "offset" in cursor ? cursor.offset : 0;
    const { rows, more } = page(none, false, offset);
    result = { rows, links: { hasPrev: offset > 0, hasNext: more } };
  }
  return { ...result, totals: ledgerTotals(db, query) };
}


/**
 * Every row of the view, in the page's order, in batches: each batch is a
 * fresh keyset query (sort key, posting id) after the last row seen.
 */
export function* ledgerViewBatches(db: Db, filter: LedgerFilter, batchSize = 1000): Generator<LedgerRow[]> {
  const where = whereOf(filter);
  const { columns, fields } = SORT_KEYS[filter.sort];
  const op = filter.dir === "asc" ? ">" : "<";
  const from = fromOf(db, filter);
  const first = db.$client.prepare(`${SELECT} ${from} ${where.sql} ${orderOf(filter)} LIMIT ?`);
  const next = db.$client.prepare(`${SELECT} ${from} ${where.sql} AND (${columns.join(", ")}) ${op} (${columns.map(() => "?").join(", ")}) ${orderOf(filter)} LIMIT ?`);
  let batch = first.all(...where.params, batchSize) as LedgerRow[];
  while (batch.length > 0) {
    yield batch;
    if (batch.length < batchSize) return;
    const last = batch[batch.length - 1]!;
    batch = next.all(...where.params, ...fields.map((f) => last[f] as string | number), batchSize) as LedgerRow[];
  }
}

function csvPosting(row: LedgerRow): CsvPosting {
  return { ...row, postingMemo: row.postingMemo };
}

/** The view as a CSV stream (UTF-8 with BOM), written one batch per pull. */
export function ledgerCsvStream(db: Db, filter: LedgerFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = ledgerViewBatches(db, filter);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + ledgerCsvHeader()));
    },
    pull(controller) {
      const step = batches.next();
      if (step.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(step.value.map((row) => ledgerCsvRow(csvPosting(row))).join("")));
    },
    cancel() {
      batches.return(undefined);
    },
  });
}

/** Accounts usable in a book, for selects (chart order). */
export function accountsOfBook(db: Db, book: Book) {
  return db
    .select({ code: accounts.code, nameZh: accounts.nameZh, nameEn: accounts.nameEn, type: accounts.type, books: accounts.books })
    .from(accounts)
    .orderBy(asc(accounts.sortOrder))
    .all()
    .filter((a) => (JSON.parse(a.books) as string[]).includes(book))
    .map(({ books: _books, ...a }) => a);
}

export function accountsByBook(db: Db): Record<Book, ReturnType<typeof accountsOfBook>> {
  return Object.fromEntries(BOOKS.map((b) => [b, accountsOfBook(db, b)])) as Record<Book, ReturnType<typeof accountsOfBook>>;
}

export interface EntryEvent { seq: number; at: string; action: string; actor: string; actorName: string; hash: string; subject: string }

/**
 * One entry with everything its page shows: postings with account names,
 * the entry it reverses and the one reversing it, the attachment of its
 * income record, and its audit events (the one that wrote it, plus any
 * naming it as subject).
 */
export function entryDetail(db: Db, id: number) {
  const found = getEntry(db, id);
  if (!found) return null;
  const { entry } = found;
  const reverses = entry.reversesEntryId === null ? null : getEntry(db, entry.reversesEntryId)?.entry ?? null;
  let attachmentId: number | null = null;
  if (entry.sourceKind === "income" && entry.sourceId && /^\d+$/.test(entry.sourceId)) {
    attachmentId = db.select({ a: incomeRecords.attachmentId }).from(incomeRecords).where(eq(incomeRecords.id, Number(entry.sourceId))).get()?.a ?? null;
  }
  const seqs = new Set<number>([entry.auditSeq]);
  for (const e of db.select({ seq: auditEvents.seq }).from(auditEvents).where(eq(auditEvents.subject, `entry:${id}`)).all()) seqs.add(e.seq);
  const events = [...seqs].sort((a, b) => a - b).flatMap((seq) => {
    const event = eventBySeq(db, seq);
    return event ? [event] : [];
  });
  const userIds = events.map((e) => e.actor).filter((a) => /^\d+$/.test(a)).map(Number);
  const names = new Map(
    userIds.length === 0 ? [] : db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds)).all().map((u) => [String(u.id), u.name]),
  );
  const trail: EntryEvent[] = events.map((e) => ({ seq: e.seq, at: e.at, action: e.action, actor: e.actor, actorName: names.get(e.actor) ?? e.actor, hash: e.hash, subject: e.subject }));
  return { ...found, reverses, attachmentId, events: trail };
}

export interface BalanceLine { accountCode: string; nameZh: string; nameEn: string; type: string; balanceFen: number }
export interface BookBalances { book: Book; groups: { type: string; lines: BalanceLine[] }[]; debitFen: number; creditFen: number }

const TYPE_ORDER = ["asset", "liability", "equity", "income", "expense"] as const;

/** Every account's balance on a date, grouped by book and account type, with debit and credit totals. */
export function balanceSheet(db: Db, onDate: string): BookBalances[] {
  const all = balancesOn(db, onDate).filter((b) => b.balanceFen !== 0);
  return BOOKS.map((book) => {
    const lines = all.filter((b) => b.book === book);
    const groups = TYPE_ORDER.map((type) => ({ type, lines: lines.filter((l) => l.type === type).map(({ book: _b, ...l }) => l) })).filter((g) => g.lines.length > 0);
    const debitFen = lines.reduce((s, l) => s + (l.balanceFen > 0 ? l.balanceFen : 0), 0);
    const creditFen = lines.reduce((s, l) => s + (l.balanceFen < 0 ? -l.balanceFen : 0), 0);
    return { book, groups, debitFen, creditFen };
  });
}
