/**
 * The WHERE clause of a ledger view and the totals of the whole view (count,
 * debits, credits), shown above every page of it.
 *
 * Totals over a view of a million postings cost a scan even on a covering
 * index, on every page turn. Postings are append-only (triggers refuse
 * UPDATE and DELETE) and their ids only grow, so the totals of a view up to
 * posting id W never change: each database connection keeps them, keyed by
 * the filter, and adds only the postings written since (a range on the
 * primary key). A bounded map (least recently used out) caps the memory.
 */
import type Database from "better-sqlite3";
import type { Db } from "~db/connection";
import type { LedgerFilter } from "~/domain/ledger/ledger-query";

export interface LedgerTotals { count: number; debitFen: number; creditFen: number; netFen: number }

export interface ViewWhere { sql: string; params: (string | number)[] }

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The filter as SQL over postings `p` and their entries `e`. */
export function whereOf(filter: LedgerFilter): ViewWhere {
  const clauses = ["p.book = ?"];
  const params: (string | number)[] = [filter.book];
  if (filter.from) { clauses.push("e.business_date >= ?"); params.push(filter.from); }
  if (filter.to) { clauses.push("e.business_date <= ?"); params.push(filter.to); }
  if (filter.account) { clauses.push("p.account_code = ?"); params.push(filter.account); }
  if (filter.source) { clauses.push("e.source_kind = ?"); params.push(filter.source); }
  if (filter.q) {
    clauses.push("(e.memo LIKE ? ESCAPE '\\' OR p.memo LIKE ? ESCAPE '\\')");
    params.push(likePattern(filter.q), likePattern(filter.q));
  }
  return { sql: `WHERE ${clauses.join(" AND ")}`, params };
}

/** Whether the filter reads the entries (dates, source, memo) or the postings alone. */
export function needsEntries(filter: LedgerFilter): boolean {
  return filter.from !== undefined || filter.to !== undefined || filter.source !== undefined || filter.q !== undefined;
}

interface Sums { count: number; debitFen: number; creditFen: number }
interface Cached extends Sums { watermark: number }

const MAX_VIEWS = 256;
const caches = new WeakMap<Database.Database, Map<string, Cached>>();

function cacheOf(client: Database.Database): Map<string, Cached> {
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  return cache;
}

const SUMS = `count(*) AS count, coalesce(sum(CASE WHEN p.amount_fen > 0 THEN p.amount_fen END), 0) AS debitFen,
  coalesce(sum(CASE WHEN p.amount_fen < 0 THEN -p.amount_fen END), 0) AS creditFen`;

function fromOf(filter: LedgerFilter, postings: string): string {
  return `FROM ${postings}${needsEntries(filter) ? " JOIN journal_entries e ON e.id = p.entry_id" : ""}`;
}

/** Sums of the whole view and the newest posting id, in one statement (so one snapshot of the database). */
function allSums(db: Db, filter: LedgerFilter): Cached {
  const where = whereOf(filter);
  return db.$client
    .prepare(`SELECT (SELECT coalesce(max(id), 0) FROM postings) AS watermark, ${SUMS} ${fromOf(filter, "postings p")} ${where.sql}`)
    .get(...where.params) as Cached;
}

/**
 * Sums of the view's postings written after `watermark`, by primary key
 * (NOT INDEXED keeps SQLite off the (book, account) index, which would walk
 * the whole account to find a few new rows).
 */
function recentSums(db: Db, filter: LedgerFilter, watermark: number, head: number): Sums {
  const where = whereOf(filter);
  return db.$client
    .prepare(`SELECT ${SUMS} ${fromOf(filter, "postings p NOT INDEXED")} ${where.sql} AND p.id > ? AND p.id <= ?`)
    .get(...where.params, watermark, head) as Sums;
}

/** Totals of every row of the view (not just the page). */
export function ledgerTotals(db: Db, filter: LedgerFilter): LedgerTotals {
  const key = JSON.stringify([filter.book, filter.from, filter.to, filter.account, filter.source, filter.q]);
  const cache = cacheOf(db.$client);
  const hit = cache.get(key);
  const head = hit ? (db.$client.prepare("SELECT coalesce(max(id), 0) AS n FROM postings").get() as { n: number }).n : 0;
  let total: Cached;
  if (hit && hit.watermark <= head) {
    const recent = hit.watermark === head ? { count: 0, debitFen: 0, creditFen: 0 } : recentSums(db, filter, hit.watermark, head);
    total = { count: hit.count + recent.count, debitFen: hit.debitFen + recent.debitFen, creditFen: hit.creditFen + recent.creditFen, watermark: head };
  } else {
    total = allSums(db, filter);
  }
  cache.delete(key);
  cache.set(key, total);
  if (cache.size > MAX_VIEWS) cache.delete(cache.keys().next().value!);
  const { watermark: _watermark, ...sums } = total;
  return { ...sums, netFen: sums.debitFen - sums.creditFen };
}
