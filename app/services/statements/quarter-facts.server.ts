import type Database from "better-sqlite3";
import type { Db, Tx } from "~db/connection";
import { cachedStatement } from "~db/prepared";
import { addDays } from "~/domain/calendar";
import type { Quarter } from "~/domain/billing/periods";
import { ACCOUNT, BOOKS, type Book } from "~/domain/ledger/chart";
import type { CashRow } from "~/domain/statements/compute";

/**
 * What a statement needs from the ledger about one quarter, computed live
 * from the rows recorded up to an audit head (DESIGN.md §8, §9.7). Each query
 * is bounded by the quarter's dates, so its cost follows the quarter's
 * volume, not the length of history; balances carried in from before the
 * quarter come from a checkpoint (checkpoints.server.ts) or, without one,
 * from one sum over everything before it.
 */

/** The accounts whose balances a statement shows: the bank, and what is owed at quarter end. */
export const BALANCE_ACCOUNTS = [ACCOUNT.bank, ACCOUNT.feeReceivable, ACCOUNT.prepaidFees, ACCOUNT.payableCompany] as const;
export type Balances = Record<(typeof BALANCE_ACCOUNTS)[number], number>;

export interface BookFacts {
  opening: Balances; // at the end of the day before the quarter
  closing: Balances; // at the end of its last day
  cashRows: CashRow[]; // the counter-accounts of the quarter's bank movements (compute.ts CashRow)
}

/**
 * The parts of the quarter's collection rates (README "Collection rate"),
 * summed in SQL. Allocations count when they go to a bill (to_bill,
 * from_prepaid); "quarter bills" are those whose period starts in it.
 */
export interface CollectionParts {
  billedFen: number; // quarter bills
  onQuarterInQuarterFen: number; // to quarter bills, dated in the quarter
  onQuarterBeforeFen: number; // to quarter bills, dated before it
  earlierInQuarterFen: number; // to earlier bills, dated in the quarter
  arrearsAtStartFen: number; // earlier bills less what was applied to them before the quarter
}

export interface QuarterFacts {
  books: Record<Book, BookFacts>;
  collection: CollectionParts;
  // Approved but unpaid spending at the quarter end, per book: stored in a checkpoint; computed by the figures otherwise.
  approvedUnpaidFen?: Record<Book, number>;
}

export type QuarterDates = Quarter;

/** Where balances are carried in from: a checkpoint's quarter end, or nothing (all history). */
export interface CarriedIn {
  endDate: string; // "" when carried from the beginning
  lastMonth: string; // "" likewise
  closing: Record<Book, Balances>;
  arrearsAtEndFen: number;
}

export const NOTHING_CARRIED: CarriedIn = {
  endDate: "", lastMonth: "",
  closing: { cogoverned: zeroBalances(), public_revenue: zeroBalances() },
  arrearsAtEndFen: 0,
};

export function zeroBalances(): Balances {
  return { [ACCOUNT.bank]: 0, [ACCOUNT.feeReceivable]: 0, [ACCOUNT.prepaidFees]: 0, [ACCOUNT.payableCompany]: 0 } as Balances;
}

/** Arrears at the quarter's end, for the quarter after it. */
export function arrearsAtEndFen(parts: CollectionParts): number {
  return parts.arrearsAtStartFen + parts.billedFen - parts.onQuarterInQuarterFen - parts.onQuarterBeforeFen - parts.earlierInQuarterFen;
}

/** A statement prepared once per connection (db/prepared.ts): the figures run a dozen small queries. */
export function statement(db: Db | Tx, text: string): Database.Statement {
  return cachedStatement(db.$client, text);
}

const BANK = `'${ACCOUNT.bank}'`;

/**
 * One pass over the postings of a date range, both books: per entry and book
 * (postings read in the covering index's order, so the grouping needs no
 * sort), the bank's net, the one counter-account when there is only one, and
 * the nets of the balance accounts; then summed per book and cash row. An
 * entry whose bank movement has several counter-accounts is named
 * (`mixedEntry`) and netted per account by mixedCashRows — rare: a payment
 * split between bills and the prepaid balance.
 */
const PASS_SQL = `
SELECT book,
  CASE WHEN bank <> 0 AND cmin = cmax THEN cmin END AS code,
  CASE WHEN bank <> 0 AND cmin = cmax THEN cnet > 0 END AS debit,
  CASE WHEN bank <> 0 AND cmin <> cmax THEN entry_id END AS mixedEntry,
  SUM(cnet) AS cashFen, SUM(bank) AS bankFen, SUM(receivable) AS receivableFen, SUM(prepaid) AS prepaidFen, SUM(payable) AS payableFen
FROM (
  SELECT e.id AS entry_id, p.book AS book,
    SUM(p.amount_fen) FILTER (WHERE p.account_code = ${BANK}) AS bank,
    MIN(p.account_code) FILTER (WHERE p.account_code <> ${BANK}) AS cmin,
    MAX(p.account_code) FILTER (WHERE p.account_code <> ${BANK}) AS cmax,
    SUM(p.amount_fen) FILTER (WHERE p.account_code <> ${BANK}) AS cnet,
    SUM(p.amount_fen) FILTER (WHERE p.account_code = '${ACCOUNT.feeReceivable}') AS receivable,
    SUM(p.amount_fen) FILTER (WHERE p.account_code = '${ACCOUNT.prepaidFees}') AS prepaid,
    SUM(p.amount_fen) FILTER (WHERE p.account_code = '${ACCOUNT.payableCompany}') AS payable
  FROM journal_entries e JOIN postings p ON p.entry_id = e.id
  WHERE e.business_date >= ? AND e.business_date <= ? AND e.audit_seq <= ?
  GROUP BY e.business_date, e.id, p.book
)
GROUP BY 1, 2, 3, 4`;

const MIXED_SQL = `
SELECT p.book AS book, p.account_code AS code, SUM(p.amount_fen) AS net FROM postings p
WHERE p.entry_id = ? AND p.book = ? AND p.account_code <> ${BANK}
GROUP BY p.book, p.account_code`;

interface PassRow {
  book: Book; code: string | null; debit: 0 | 1 | null; mixedEntry: number | null;
  cashFen: number | null; bankFen: number | null; receivableFen: number | null; prepaidFen: number | null; payableFen: number | null;
}

interface RangePass {
  deltas: Record<Book, Balances>;
  cashRows: Record<Book, CashRow[]>;
}

function addCash(rows: Map<string, CashRow>, accountCode: string, netFen: number): void {
  if (netFen === 0) return;
  const key = `${accountCode}:${netFen > 0 ? 1 : 0}`;
  const row = rows.get(key);
  if (row) row.netFen += netFen;
  else rows.set(key, { accountCode, netFen });
}

/** Balance deltas and cash rows of the entries dated in [from, to] recorded up to the head. */
export function rangePass(db: Db | Tx, from: string, to: string, headSeq: number): RangePass {
  const deltas = { cogoverned: zeroBalances(), public_revenue: zeroBalances() };
  const cash = { cogoverned: new Map<string, CashRow>(), public_revenue: new Map<string, CashRow>() };
  if (from > to) return { deltas, cashRows: { cogoverned: [], public_revenue: [] } };
  for (const row of statement(db, PASS_SQL).all(from, to, headSeq) as PassRow[]) {
    const delta = deltas[row.book];
    delta[ACCOUNT.bank] += row.bankFen ?? 0;
    delta[ACCOUNT.feeReceivable] += row.receivableFen ?? 0;
    delta[ACCOUNT.prepaidFees] += row.prepaidFen ?? 0;
    delta[ACCOUNT.payableCompany] += row.payableFen ?? 0;
    if (row.code !== null) addCash(cash[row.book], row.code, row.cashFen ?? 0);
    if (row.mixedEntry !== null) {
      for (const net of statement(db, MIXED_SQL).all(row.mixedEntry, row.book) as { code: string; net: number }[]) addCash(cash[row.book], net.code, net.net);
    }
  }
  const sorted = (rows: Map<string, CashRow>) => [...rows.values()].sort((a, b) => a.accountCode.localeCompare(b.accountCode) || a.netFen - b.netFen);
  return { deltas, cashRows: { cogoverned: sorted(cash.cogoverned), public_revenue: sorted(cash.public_revenue) } };
}

const DELTAS_SQL = `
SELECT p.book AS book, p.account_code AS code, SUM(p.amount_fen) AS fen
FROM journal_entries e JOIN postings p ON p.entry_id = e.id
WHERE e.business_date >= ? AND e.business_date <= ? AND e.audit_seq <= ?
  AND p.account_code IN (${BALANCE_ACCOUNTS.map((code) => `'${code}'`).join(", ")})
GROUP BY p.book, p.account_code`;

/** How the balance accounts moved over [from, to] ("" from the beginning): one sum, no cash rows needed. */
function balanceDeltas(db: Db | Tx, from: string, to: string, headSeq: number): Record<Book, Balances> {
  const deltas = { cogoverned: zeroBalances(), public_revenue: zeroBalances() };
  if (from > to) return deltas;
  for (const row of statement(db, DELTAS_SQL).all(from, to, headSeq) as { book: Book; code: keyof Balances; fen: number }[]) {
    deltas[row.book][row.code] += row.fen;
  }
  return deltas;
}

export function addBalances(a: Balances, b: Balances): Balances {
  const sum = zeroBalances();
  for (const code of BALANCE_ACCOUNTS) sum[code] = a[code] + b[code];
  return sum;
}

const sumOf = (db: Db | Tx, text: string, ...params: unknown[]): number =>
  ((statement(db, text).get(...params) as { fen: number | null } | undefined)?.fen ?? 0);

const TO_BILL = "a.kind IN ('to_bill', 'from_prepaid')";

/** Arrears at the start of the quarter: carried in, plus bills and allocations between the carry and the quarter. */
function arrearsAtStartFen(db: Db | Tx, quarter: QuarterDates, carried: CarriedIn, headSeq: number): number {
  const billedBetween = sumOf(db, `SELECT SUM(amount_fen) AS fen FROM bills
    WHERE period_start > ? AND period_start < ? AND audit_seq <= ?`, carried.lastMonth, quarter.firstMonth, headSeq);
  // Allocations after the carry's end to bills before the quarter …
  const appliedAfter = sumOf(db, `SELECT SUM(a.amount_fen) AS fen FROM payment_allocations a JOIN bills b ON b.id = a.bill_id
    WHERE a.allocated_on > ? AND a.allocated_on < ? AND ${TO_BILL} AND a.audit_seq <= ? AND b.period_start < ?`,
  carried.endDate, quarter.startDate, headSeq, quarter.firstMonth);
  // … and allocations by the carry's end to bills of periods after it (bills issued ahead).
  const appliedAhead = carried.endDate === "" ? 0 : sumOf(db, `SELECT SUM(a.amount_fen) AS fen FROM bills b JOIN payment_allocations a ON a.bill_id = b.id
    WHERE b.period_start > ? AND b.period_start < ? AND a.allocated_on <= ? AND ${TO_BILL} AND a.audit_seq <= ?`,
  carried.lastMonth, quarter.firstMonth, carried.endDate, headSeq);
  return carried.arrearsAtEndFen + billedBetween - appliedAfter - appliedAhead;
}

/** The collection rate's parts for the quarter, from its own bills and allocations and the arrears carried in. */
export function collectionParts(db: Db | Tx, quarter: QuarterDates, carried: CarriedIn, headSeq: number): CollectionParts {
  const billedFen = sumOf(db, `SELECT SUM(amount_fen) AS fen FROM bills WHERE period_start >= ? AND period_start <= ? AND audit_seq <= ?`,
    quarter.firstMonth, quarter.lastMonth, headSeq);
  const onQuarter = statement(db, `SELECT SUM(a.amount_fen) FILTER (WHERE a.allocated_on >= ?) AS inQuarter, SUM(a.amount_fen) FILTER (WHERE a.allocated_on < ?) AS before
    FROM bills b JOIN payment_allocations a ON a.bill_id = b.id
    WHERE b.period_start >= ? AND b.period_start <= ? AND a.allocated_on <= ? AND ${TO_BILL} AND a.audit_seq <= ?`)
    .get(quarter.startDate, quarter.startDate, quarter.firstMonth, quarter.lastMonth, quarter.endDate, headSeq) as { inQuarter: number | null; before: number | null };
  const earlierInQuarterFen = sumOf(db, `SELECT SUM(a.amount_fen) AS fen FROM payment_allocations a JOIN bills b ON b.id = a.bill_id
    WHERE a.allocated_on >= ? AND a.allocated_on <= ? AND ${TO_BILL} AND a.audit_seq <= ? AND b.period_start < ?`,
  quarter.startDate, quarter.endDate, headSeq, quarter.firstMonth);
  return {
    billedFen, onQuarterInQuarterFen: onQuarter.inQuarter ?? 0, onQuarterBeforeFen: onQuarter.before ?? 0, earlierInQuarterFen,
    arrearsAtStartFen: arrearsAtStartFen(db, quarter, carried, headSeq),
  };
}

/** Everything about the quarter, live, with balances carried in from `carried` (a checkpoint or nothing). */
export function liveQuarterFacts(db: Db | Tx, quarter: QuarterDates, carried: CarriedIn, headSeq: number): QuarterFacts {
  // The gap between the carry and the quarter (empty when carried from the quarter before).
  const gap = balanceDeltas(db, carried.endDate === "" ? "" : addDays(carried.endDate, 1), addDays(quarter.startDate, -1), headSeq);
  const pass = rangePass(db, quarter.startDate, quarter.endDate, headSeq);
  const books = Object.fromEntries(BOOKS.map((book) => {
    const opening = addBalances(carried.closing[book], gap[book]);
    return [book, { opening, closing: addBalances(opening, pass.deltas[book]), cashRows: pass.cashRows[book] }];
  })) as Record<Book, BookFacts>;
  return { books, collection: collectionParts(db, quarter, carried, headSeq) };
}

/** The first instant after a Shanghai business date, as the UTC text approvals are stamped with. */
function endInstant(date: string): string {
  return new Date(`${addDays(date, 1)}T00:00:00+08:00`).toISOString();
}

/**
 * What the committee had approved by the end of the date (the proposal and
 * its increases, by their votes) less what was paid by then. Decided
 * approvals never change again, so their audit seq dates the decision.
 */
export function approvedUnpaidFen(db: Db | Tx, book: Book, date: string, headSeq: number): number {
  return sumOf(db, `
    WITH approved AS (
      SELECT a.subject_id AS proposal_id, SUM(a.amount_fen) AS fen FROM approvals a JOIN proposals p ON p.id = a.subject_id
      WHERE a.subject_kind IN ('proposal', 'increase') AND a.status = 'passed' AND a.audit_seq <= ?
        AND a.decided_at < ? AND p.book = ?
      GROUP BY a.subject_id
    ),
    paid AS (
      SELECT proposal_id, SUM(amount_fen) AS fen FROM proposal_payments
      WHERE paid_on <= ? AND audit_seq <= ? GROUP BY proposal_id
    )
    SELECT SUM(MAX(approved.fen - COALESCE(paid.fen, 0), 0)) AS fen
    FROM approved LEFT JOIN paid ON paid.proposal_id = approved.proposal_id`, headSeq, endInstant(date), book, date, headSeq);
}
