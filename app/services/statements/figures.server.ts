import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { collectionRates, type RateAllocation, type RateBill } from "~/domain/billing/collection-rate";
import { addDays, shanghaiDate } from "~/domain/calendar";
import { ACCOUNT, BOOKS, type Book } from "~/domain/ledger/chart";
import { maskedSupplierName, statementFiguresOf, type BookInputs, type CashRow } from "~/domain/statements/compute";
import { budgetLineKey } from "~/domain/statements/lines";
import { quartersOf, type ChainHeadRef, type StatementFigures, type StatementPayment, type StatementPeriod } from "~/domain/statements/snapshot";
import { parseQuarter } from "~/domain/billing/periods";
import { chainHead } from "../audit.server";

/**
 * The figures of a period as the ledger showed them when the audit chain
 * ended at `headSeq` (DESIGN.md §8, §9.7): every row read here is filtered
 * by the event that wrote it, so a published statement can be recomputed
 * exactly from the rows recorded up to its head, whatever came after.
 */
export function statementFigures(db: Db | Tx, period: StatementPeriod, headSeq = Number.MAX_SAFE_INTEGER): StatementFigures {
  const books = Object.fromEntries(BOOKS.map((book) => [book, bookInputs(db, period, book, headSeq)])) as Record<Book, BookInputs>;
  const collection = quartersOf(period).map((quarter) => quarterCollection(db, quarter, headSeq));
  return statementFiguresOf(period, books, collection);
}

const ZERO_HASH = "0".repeat(64);

/** The chain head as a statement records it; {0, 64 zeros} on an empty chain. */
export function chainHeadRef(db: Db | Tx): ChainHeadRef {
  const head = chainHead(db);
  return head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: ZERO_HASH };
}

function all<T>(db: Db | Tx, query: SQL): T[] {
  return db.all<T>(query);
}

/** The first instant after a Shanghai business date, as the UTC text approvals are stamped with. */
function endInstant(date: string): string {
  return new Date(`${addDays(date, 1)}T00:00:00+08:00`).toISOString();
}

function bookInputs(db: Db | Tx, period: StatementPeriod, book: Book, headSeq: number): BookInputs {
  const yearStart = `${period.endDate.slice(0, 4)}-01-01`;
  const periodRows = cashRows(db, book, period.startDate, period.endDate, headSeq);
  const balances = balancesAt(db, book, period.endDate, headSeq);
  return {
    book,
    openingFen: bankBefore(db, book, period.startDate, headSeq),
    bankAtEndFen: balances.get(ACCOUNT.bank) ?? 0,
    periodRows,
    yearToDateRows: period.startDate === yearStart ? periodRows : cashRows(db, book, yearStart, period.endDate, headSeq),
    owed: {
      arrearsFen: balances.get(ACCOUNT.feeReceivable) ?? 0,
      prepaidFen: -(balances.get(ACCOUNT.prepaidFees) ?? 0),
      approvedUnpaidFen: approvedUnpaidFen(db, book, period.endDate, headSeq),
      remunerationPayableFen: -(balances.get(ACCOUNT.payableCompany) ?? 0),
    },
    budget: approvedBudget(db, book, Number(period.endDate.slice(0, 4)), headSeq),
    payments: [...proposalPayments(db, book, period, headSeq), ...routinePayments(db, book, period, headSeq)]
      .sort((a, b) => a.date.localeCompare(b.date) || a.entryId - b.entryId),
  };
}

/**
 * The counter-accounts of the book's bank movements in a date range: postings
 * netted per entry and account (a transit account credited and debited in
 * one entry nets out), kept only for entries whose bank posting does not net
 * to zero, then summed per account and direction.
 */
function cashRows(db: Db | Tx, book: Book, from: string, to: string, headSeq: number): CashRow[] {
  return all<{ accountCode: string; netFen: number }>(db, sql`
    WITH pe AS (
      SELECT p.entry_id AS entry_id, p.account_code AS account_code, SUM(p.amount_fen) AS net
      FROM journal_entries e JOIN postings p ON p.entry_id = e.id
      WHERE e.business_date >= ${from} AND e.business_date <= ${to} AND e.audit_seq <= ${headSeq} AND p.book = ${book}
      GROUP BY p.entry_id, p.account_code
    ),
    cash AS (SELECT entry_id FROM pe WHERE account_code = ${ACCOUNT.bank} AND net <> 0)
    SELECT pe.account_code AS accountCode, SUM(pe.net) AS netFen
    FROM pe JOIN cash ON cash.entry_id = pe.entry_id
    WHERE pe.account_code <> ${ACCOUNT.bank} AND pe.net <> 0
    GROUP BY pe.account_code, pe.net > 0
    ORDER BY pe.account_code, netFen`);
}

function bankBefore(db: Db | Tx, book: Book, date: string, headSeq: number): number {
  const [row] = all<{ total: number | null }>(db, sql`
    SELECT SUM(p.amount_fen) AS total FROM postings p JOIN journal_entries e ON e.id = p.entry_id
    WHERE p.book = ${book} AND p.account_code = ${ACCOUNT.bank} AND e.business_date < ${date} AND e.audit_seq <= ${headSeq}`);
  return row?.total ?? 0;
}

/** Balances (debit positive) of the accounts a statement shows, at the end of a date. */
function balancesAt(db: Db | Tx, book: Book, date: string, headSeq: number): Map<string, number> {
  const codes = [ACCOUNT.bank, ACCOUNT.feeReceivable, ACCOUNT.prepaidFees, ACCOUNT.payableCompany];
  const rows = all<{ code: string; total: number }>(db, sql`
    SELECT p.account_code AS code, SUM(p.amount_fen) AS total FROM postings p JOIN journal_entries e ON e.id = p.entry_id
    WHERE p.book = ${book} AND p.account_code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})
      AND e.business_date <= ${date} AND e.audit_seq <= ${headSeq}
    GROUP BY p.account_code`);
  return new Map(rows.map((r) => [r.code, r.total]));
}

/**
 * What the committee had approved by the end of the date (the proposal and
 * its increases, by their votes) less what was paid by then. Decided
 * approvals never change again, so their audit seq dates the decision.
 */
function approvedUnpaidFen(db: Db | Tx, book: Book, date: string, headSeq: number): number {
  const [row] = all<{ unpaid: number | null }>(db, sql`
    WITH approved AS (
      SELECT a.subject_id AS proposal_id, SUM(a.amount_fen) AS fen FROM approvals a JOIN proposals p ON p.id = a.subject_id
      WHERE a.subject_kind IN ('proposal', 'increase') AND a.status = 'passed' AND a.audit_seq <= ${headSeq}
        AND a.decided_at < ${endInstant(date)} AND p.book = ${book}
      GROUP BY a.subject_id
    ),
    paid AS (
      SELECT proposal_id, SUM(amount_fen) AS fen FROM proposal_payments
      WHERE paid_on <= ${date} AND audit_seq <= ${headSeq} GROUP BY proposal_id
    )
    SELECT SUM(MAX(approved.fen - COALESCE(paid.fen, 0), 0)) AS unpaid
    FROM approved LEFT JOIN paid ON paid.proposal_id = approved.proposal_id`);
  return row?.unpaid ?? 0;
}

/** The year's budget of the book whose approval had passed by the head. */
function approvedBudget(db: Db | Tx, book: Book, year: number, headSeq: number): BookInputs["budget"] {
  const [budget] = all<{ id: number; title: string }>(db, sql`
    SELECT b.id AS id, b.title AS title FROM budgets b JOIN approvals a ON a.subject_kind = 'budget' AND a.subject_id = b.id
    WHERE b.year = ${year} AND b.book = ${book} AND a.status = 'passed' AND a.audit_seq <= ${headSeq}
    ORDER BY a.audit_seq DESC LIMIT 1`);
  if (!budget) return { budgetId: null, title: null, lines: [] };
  const lines = all<{ kind: string; amountFen: number }>(db, sql`
    SELECT kind, amount_fen AS amountFen FROM budget_lines WHERE budget_id = ${budget.id} AND audit_seq <= ${headSeq} ORDER BY kind`);
  return { budgetId: budget.id, title: budget.title, lines };
}

function proposalPayments(db: Db | Tx, book: Book, period: StatementPeriod, headSeq: number): StatementPayment[] {
  const rows = all<{
    date: string; entryId: number; amountFen: number; stage: "advance" | "balance" | "retention"; proposalId: number; title: string; kind: string;
    decisionRef: string | null; supplierKind: "organisation" | "individual" | null; supplierName: string | null; decidedAt: string | null;
  }>(db, sql`
    SELECT pp.paid_on AS date, pp.entry_id AS entryId, pp.amount_fen AS amountFen, pp.stage AS stage, p.id AS proposalId, p.title AS title,
      p.kind AS kind, p.decision_ref AS decisionRef, s.kind AS supplierKind, s.name AS supplierName, ap.decided_at AS decidedAt
    FROM proposal_payments pp
    JOIN proposals p ON p.id = pp.proposal_id
    LEFT JOIN quotes q ON q.id = p.selected_quote_id
    LEFT JOIN suppliers s ON s.id = q.supplier_id
    LEFT JOIN (SELECT subject_id, MIN(decided_at) AS decided_at FROM approvals
               WHERE subject_kind = 'proposal' AND status = 'passed' AND audit_seq <= ${headSeq} GROUP BY subject_id) ap ON ap.subject_id = p.id
    WHERE p.book = ${book} AND pp.paid_on >= ${period.startDate} AND pp.paid_on <= ${period.endDate} AND pp.audit_seq <= ${headSeq}`);
  return rows.map((r) => ({
    date: r.date, entryId: r.entryId, lineKey: r.kind, amountFen: r.amountFen, source: "proposal", proposalId: r.proposalId, proposalTitle: r.title,
    stage: r.stage, supplier: r.supplierName && r.supplierKind ? maskedSupplierName(r.supplierKind, r.supplierName) : null,
    approvedOn: r.decidedAt ? shanghaiDate(new Date(r.decidedAt)) : null, decisionRef: r.decisionRef, routineKind: null,
  }));
}

function routinePayments(db: Db | Tx, book: Book, period: StatementPeriod, headSeq: number): StatementPayment[] {
  const rows = all<{ date: string; entryId: number; amountFen: number; routineKind: string; lineKind: string; decisionRef: string | null }>(db, sql`
    SELECT r.paid_on AS date, r.entry_id AS entryId, r.amount_fen AS amountFen, r.routine_kind AS routineKind, l.kind AS lineKind, b.decision_ref AS decisionRef
    FROM routine_spendings r JOIN budget_lines l ON l.id = r.budget_line_id JOIN budgets b ON b.id = l.budget_id
    WHERE b.book = ${book} AND r.paid_on >= ${period.startDate} AND r.paid_on <= ${period.endDate} AND r.audit_seq <= ${headSeq}`);
  return rows.map((r) => ({
    date: r.date, entryId: r.entryId, lineKey: budgetLineKey(r.lineKind), amountFen: r.amountFen, source: "routine", proposalId: null, proposalTitle: null,
    stage: null, supplier: null, approvedOn: null, decisionRef: r.decisionRef, routineKind: r.routineKind,
  }));
}

/** Both collection rates of a quarter from the bills and allocations recorded up to the head (README "Collection rate"). */
function quarterCollection(db: Db | Tx, label: string, headSeq: number) {
  const quarter = parseQuarter(label);
  if (!quarter) throw new RangeError(`not a quarter: ${label}`);
  const bills = all<RateBill>(db, sql`
    SELECT id, period_start AS periodStart, amount_fen AS amountFen FROM bills WHERE period_start <= ${quarter.lastMonth} AND audit_seq <= ${headSeq}`);
  const allocations = all<RateAllocation>(db, sql`
    SELECT a.bill_id AS billId, b.period_start AS billPeriodStart, a.allocated_on AS allocatedOn, a.amount_fen AS amountFen
    FROM payment_allocations a JOIN bills b ON b.id = a.bill_id
    WHERE a.kind IN ('to_bill', 'from_prepaid') AND a.allocated_on <= ${quarter.endDate} AND b.period_start <= ${quarter.lastMonth} AND a.audit_seq <= ${headSeq}`);
  return collectionRates(label, bills, allocations);
}
