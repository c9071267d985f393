import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { collectionRates, type RateAllocation, type RateBill } from "~/domain/billing/collection-rate";
import { shanghaiDate } from "~/domain/calendar";
import { ACCOUNT, BOOKS, type Book } from "~/domain/ledger/chart";
import { maskedSupplierName, statementFiguresOf, type BookInputs } from "~/domain/statements/compute";
import { budgetLineKey } from "~/domain/statements/lines";
import { quartersOf, type ChainHeadRef, type StatementFigures, type StatementPayment, type StatementPeriod } from "~/domain/statements/snapshot";
import { parseQuarter } from "~/domain/billing/periods";
import { chainHead } from "../audit.server";
import { factsOfQuarters, type FiguresOptions } from "./checkpoints.server";
import { approvedUnpaidFen, type CollectionParts, type QuarterFacts } from "./quarter-facts.server";

/**
 * The figures of a period as the ledger showed them when the audit chain
 * ended at `headSeq` (DESIGN.md §8, §9.7): every row read here is filtered
 * by the event that wrote it, so a published statement can be recomputed
 * exactly from the rows recorded up to its head, whatever came after.
 * Ledger totals come per quarter (quarter-facts.server.ts), from a
 * published quarter's checkpoint when one is usable at the head
 * (checkpoints.server.ts); `{ checkpoints: false }` computes from the ledger
 * alone, as an auditor's recomputation must.
 */
export function statementFigures(
  db: Db | Tx, period: StatementPeriod, headSeq = Number.MAX_SAFE_INTEGER, options: FiguresOptions = {},
): StatementFigures {
  const quarters = quartersOf(period);
  // The year's quarters up to the period's last: the period's own, and those before it for year to date.
  const year = period.endDate.slice(0, 4);
  const lastQuarter = Number(quarters.at(-1)!.slice(5));
  const yearQuarters = [1, 2, 3, 4].slice(0, lastQuarter).map((n) => `${year}Q${n}`);
  const facts = factsOfQuarters(db, yearQuarters, headSeq, options);
  const own = facts.slice(yearQuarters.length - quarters.length);
  const books = Object.fromEntries(BOOKS.map((book) => [book, bookInputs(db, period, book, headSeq, own, facts)])) as Record<Book, BookInputs>;
  const collection = quarters.map((label, i) => collectionOf(label, own[i]!.collection));
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

function bookInputs(db: Db | Tx, period: StatementPeriod, book: Book, headSeq: number, own: QuarterFacts[], yearToDate: QuarterFacts[]): BookInputs {
  const closing = own.at(-1)!.books[book].closing;
  return {
    book,
    openingFen: own[0]!.books[book].opening[ACCOUNT.bank],
    bankAtEndFen: closing[ACCOUNT.bank],
    periodRows: own.flatMap((f) => f.books[book].cashRows),
    yearToDateRows: yearToDate.flatMap((f) => f.books[book].cashRows),
    owed: {
      arrearsFen: closing[ACCOUNT.feeReceivable],
      prepaidFen: -closing[ACCOUNT.prepaidFees],
      approvedUnpaidFen: own.at(-1)!.approvedUnpaidFen?.[book] ?? approvedUnpaidFen(db, book, period.endDate, headSeq),
      remunerationPayableFen: -closing[ACCOUNT.payableCompany],
    },
    budget: approvedBudget(db, book, Number(period.endDate.slice(0, 4)), headSeq),
    payments: [...proposalPayments(db, book, period, headSeq), ...routinePayments(db, book, period, headSeq)]
      .sort((a, b) => a.date.localeCompare(b.date) || a.entryId - b.entryId),
  };
}

/**
 * Both collection rates of a quarter (README "Collection rate") from its
 * parts summed in SQL. The pure definition (collectionRates) takes bills and
 * allocations; each part is handed over as the one bill or allocation that
 * falls in the same clauses of it, so the definition stays in one place.
 */
export function collectionOf(label: string, parts: CollectionParts) {
  const quarter = parseQuarter(label)!;
  const EARLIER = "0000-01";
  const bills: RateBill[] = [
    { id: 1, periodStart: quarter.firstMonth, amountFen: parts.billedFen },
    { id: 2, periodStart: EARLIER, amountFen: parts.arrearsAtStartFen },
  ];
  const allocations: RateAllocation[] = [
    { billId: 1, billPeriodStart: quarter.firstMonth, allocatedOn: quarter.startDate, amountFen: parts.onQuarterInQuarterFen },
    { billId: 1, billPeriodStart: quarter.firstMonth, allocatedOn: `${EARLIER}-01`, amountFen: parts.onQuarterBeforeFen },
    { billId: 2, billPeriodStart: EARLIER, allocatedOn: quarter.startDate, amountFen: parts.earlierInQuarterFen },
  ];
  return collectionRates(label, bills, allocations);
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

/**
 * The quarter's payments found by date (CROSS JOIN keeps SQLite from walking every proposal of the
 * book), each with its approval by the subject index ("+status": not the index of every passed approval).
 */
function proposalPayments(db: Db | Tx, book: Book, period: StatementPeriod, headSeq: number): StatementPayment[] {
  const rows = all<{
    date: string; entryId: number; amountFen: number; stage: "advance" | "balance" | "retention"; proposalId: number; title: string; kind: string;
    decisionRef: string | null; supplierKind: "organisation" | "individual" | null; supplierName: string | null; decidedAt: string | null;
  }>(db, sql`
    SELECT pp.paid_on AS date, pp.entry_id AS entryId, pp.amount_fen AS amountFen, pp.stage AS stage, p.id AS proposalId, p.title AS title,
      p.kind AS kind, p.decision_ref AS decisionRef, s.kind AS supplierKind, s.name AS supplierName,
      (SELECT MIN(decided_at) FROM approvals WHERE subject_kind = 'proposal' AND subject_id = p.id AND +status = 'passed' AND audit_seq <= ${headSeq}) AS decidedAt
    FROM proposal_payments pp
    CROSS JOIN proposals p ON p.id = pp.proposal_id
    LEFT JOIN quotes q ON q.id = p.selected_quote_id
    LEFT JOIN suppliers s ON s.id = q.supplier_id
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
