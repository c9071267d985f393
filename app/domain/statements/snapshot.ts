/**
 * The quarterly statement 季度公示 and annual accounts 年度决算 as data
 * (DESIGN.md §8): the figures computed from the ledger, and the snapshot that
 * publishing freezes under the SHA-256 of its RFC 8785 canonical JSON.
 * Money is integer fen; rates are decimal strings. Nothing here is personal
 * data of an owner: fee receipts appear only as totals.
 */
import type { Book } from "../ledger/chart";
import type { CollectionRates } from "../billing/collection-rate";

export const SNAPSHOT_FORMAT = "mingzhang.statement/1";

export type PeriodKind = "quarter" | "year";

export interface StatementPeriod {
  kind: PeriodKind;
  label: string; // "2026Q1" or "2026"
  startDate: string; // YYYY-MM-DD
  endDate: string; // YYYY-MM-DD, inclusive
}

/**
 * A line of the cash statement. `key` is an account code ("6003", "6601",
 * "6801"…) or one of the named keys below for money whose account is not an
 * income or spending kind.
 */
export interface CashLine {
  key: string;
  amountFen: number;
}

/** Fee receipts settling bills (1122); fees received in advance (2203); 酬金 paid (2241/6701); refunds of prepaid fees (2203). */
export const NAMED_LINES = {
  fees: "fees",
  feesPrepaid: "fees_prepaid",
  remuneration: "remuneration",
  refunds: "refunds",
  otherIn: "other_in",
  otherOut: "other_out",
} as const;

export interface OwedAtEnd {
  arrearsFen: number; // fee receivables 1122 at the end of the period
  prepaidFen: number; // prepaid fees 2203 (owed back to owners in service)
  approvedUnpaidFen: number; // proposals approved by the end of the period and not yet paid (retentions included)
  remunerationPayableFen: number; // 2241, 酬金 accrued and not yet paid
}

export interface BudgetRow {
  kind: string; // budget kind: an account code, 6701 (酬金) or 2203 (refunds)
  lineKey: string; // the cash line it is compared with
  budgetFen: number;
  periodFen: number; // spent in the period
  yearToDateFen: number; // spent from 1 January to the end of the period
  remainingFen: number; // budgetFen − yearToDateFen (negative: over budget)
}

export interface StatementPayment {
  date: string; // YYYY-MM-DD
  entryId: number;
  lineKey: string;
  amountFen: number;
  source: "proposal" | "routine";
  proposalId: number | null;
  proposalTitle: string | null;
  stage: "advance" | "balance" | "retention" | null;
  supplier: string | null; // an individual supplier's name is masked (张*)
  approvedOn: string | null; // YYYY-MM-DD, Asia/Shanghai, when the committee's vote passed
  decisionRef: string | null; // the owners' decision it relies on (public revenue, or above ¥200,000)
  routineKind: string | null; // payroll, utilities… for routine spending
}

export interface BookStatement {
  book: Book;
  openingFen: number; // bank balance at the end of the day before the period
  income: CashLine[]; // sorted by key, zero lines left out
  incomeTotalFen: number;
  spending: CashLine[];
  spendingTotalFen: number;
  closingFen: number; // = opening + income − spending = the bank balance at the end of the period
  owed: OwedAtEnd;
  budget: { budgetId: number | null; title: string | null; rows: BudgetRow[] };
  payments: StatementPayment[]; // oldest first
}

export interface StatementFigures {
  period: StatementPeriod;
  books: { cogoverned: BookStatement; public_revenue: BookStatement };
  // One per quarter of the period (one for a quarter, four for a year).
  collection: CollectionRates[];
}

export interface ChainHeadRef {
  seq: number;
  hash: string;
}

export interface StatementSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  community: { name: string; address: string };
  period: StatementPeriod;
  revision: number;
  figures: StatementFigures;
  workReport: string;
  postingWindow: { from: string; to: string };
  auditHead: ChainHeadRef;
  previousHash: string | null; // the previous period's latest published revision, if any
  supersedes: { hash: string; reason: string } | null; // the revision this one corrects
}

const QUARTER = /^(\d{4})Q([1-4])$/;
const YEAR = /^(\d{4})$/;
const QUARTER_END_DAY = ["03-31", "06-30", "09-30", "12-31"] as const;

/** "2026Q1" → a quarter, "2026" → a year; anything else → null. */
export function parsePeriod(label: string): StatementPeriod | null {
  const q = QUARTER.exec(label);
  if (q) {
    const n = Number(q[2]);
    return { kind: "quarter", label, startDate: `${q[1]}-${String((n - 1) * 3 + 1).padStart(2, "0")}-01`, endDate: `${q[1]}-${QUARTER_END_DAY[n - 1]!}` };
  }
  const y = YEAR.exec(label);
  if (y && Number(y[1]) >= 2000) return { kind: "year", label, startDate: `${label}-01-01`, endDate: `${label}-12-31` };
  return null;
}

/** The quarter a date (YYYY-MM-DD) falls in: "2026-05-02" → "2026Q2". */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** A period label's parts: "2026Q1" → {year: "2026", quarter: 1}, "2026" → {year: "2026", quarter: null}; null for anything else. */
export function periodParts(label: string): { year: string; quarter: number | null } | null {
  const q = QUARTER.exec(label);
  if (q) return { year: q[1]!, quarter: Number(q[2]) };
  return YEAR.test(label) ? { year: label, quarter: null } : null;
}

/** The period after: 2025Q4 → 2026Q1, 2026 → 2027. */
export function nextPeriod(label: string): string {
  const q = QUARTER.exec(label);
  if (q) return Number(q[2]) === 4 ? `${Number(q[1]) + 1}Q1` : `${q[1]}Q${Number(q[2]) + 1}`;
  return String(Number(label) + 1);
}

/** The period before: 2026Q1 → 2025Q4, 2026 → 2025. */
export function previousPeriod(label: string): string {
  const q = QUARTER.exec(label);
  if (q) return Number(q[2]) === 1 ? `${Number(q[1]) - 1}Q4` : `${q[1]}Q${Number(q[2]) - 1}`;
  return String(Number(label) - 1);
}

/** The four quarters of a year, or the quarter itself. */
export function quartersOf(period: StatementPeriod): string[] {
  if (period.kind === "quarter") return [period.label];
  return [1, 2, 3, 4].map((n) => `${period.label}Q${n}`);
}
