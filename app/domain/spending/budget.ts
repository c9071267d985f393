/**
 * The annual budget 年度预算 and routine spending 日常支出 (DESIGN.md §1, §7):
 * pure checks, no I/O. Services load the facts, call these, and persist.
 */
import { accountDef, BOOKS, type Book } from "../ledger/chart";
import { isIsoDate } from "../calendar";
import { hasAnyRole, type Role } from "../roles";
import { isBudgetKind, REFUND_KIND, routineKindFits, ROUTINE_KIND_NAMES, type RoutineKind } from "./kinds";

export { BOOKS };
export const BUDGET_YEAR_MIN = 2000;
export const BUDGET_YEAR_MAX = 2100;

export const BUDGET_STATUSES = ["draft", "in_approval", "approved", "rejected", "referred", "withdrawn"] as const;
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];

/** A refusal: `code` is an i18n key of the `budget` namespace (or a shared one). */
export interface BudgetProblem {
  code: string;
  field?: string;
  params?: Record<string, string | number>;
}

export interface BudgetLineInput {
  kind: string;
  amountFen: number;
  note: string;
}

export interface BudgetDraftInput {
  year: number;
  book: Book;
  title: string;
  note: string;
  decisionId?: number | null; // the owners' decision in the register (public-revenue budgets)
  lines: BudgetLineInput[];
}

/** Managers draft any budget; a committee member only a public-revenue one. */
export function mayDraftBudget(roles: readonly Role[], book: Book): boolean {
  if (hasAnyRole(roles, ["manager"])) return true;
  return book === "public_revenue" && hasAnyRole(roles, ["committee"]);
}

export function checkBudgetDraft(input: BudgetDraftInput): BudgetProblem | null {
  if (!Number.isSafeInteger(input.year) || input.year < BUDGET_YEAR_MIN || input.year > BUDGET_YEAR_MAX) {
    return { code: "budget.errors.year", field: "year", params: { min: BUDGET_YEAR_MIN, max: BUDGET_YEAR_MAX } };
  }
  if (!(BOOKS as readonly string[]).includes(input.book)) return { code: "budget.errors.book", field: "book" };
  if (input.title.trim() === "") return { code: "budget.errors.titleRequired", field: "title" };
  if (input.book === "public_revenue" && input.decisionId == null) {
    return { code: "budget.errors.decisionRequired", field: "decisionId" };
  }
  if (input.lines.length === 0) return { code: "budget.errors.noLines" };
  const seen = new Set<string>();
  for (const line of input.lines) {
    if (!isBudgetKind(input.book, line.kind)) return { code: "budget.errors.kindNotOfBook", params: { kind: line.kind } };
    if (seen.has(line.kind)) return { code: "budget.errors.duplicateKind", params: { kind: line.kind } };
    seen.add(line.kind);
    if (!Number.isSafeInteger(line.amountFen) || line.amountFen < 0) {
      return { code: "budget.errors.amountInvalid", field: `line_${line.kind}`, params: { kind: line.kind } };
    }
  }
  return null;
}

export function budgetTotalFen(lines: readonly { amountFen: number }[]): number {
  return lines.reduce((total, line) => total + line.amountFen, 0);
}

/** Spent and remaining of one line. Remaining may be negative after an overrun the committee approved by proposal. */
export function lineUsage(input: { amountFen: number; routineFen: number; proposalFen: number; committedFen: number }) {
  const spentFen = input.routineFen + input.proposalFen;
  return { ...input, spentFen, remainingFen: input.amountFen - spentFen - input.committedFen };
}

export function isRoutineKind(value: string): value is RoutineKind {
  return (ROUTINE_KIND_NAMES as readonly string[]).includes(value);
}

export interface RoutineFacts {
  budgetStatus: BudgetStatus;
  budgetYear: number;
  lineKind: string;
  routineKind: RoutineKind;
  paidOn: string;
  amountFen: number;
  remainingFen: number;
  // For the 酬金 line: what is payable (2241's credit balance); for refunds: the prepaid fees held (2203's credit balance).
  payableFen: number | null;
}

/**
 * Refusals that name an amount or a year carry no field: the page shows them
 * above the form, in words with their params.
 *
 * A routine payment may be made only on an approved budget's line, in its
 * year, of a kind the line covers, within what the line has left; an overrun
 * needs a spending proposal 支出方案. The 酬金 and refunds are also capped by
 * what is owed.
 */
export function checkRoutine(facts: RoutineFacts): BudgetProblem | null {
  if (facts.budgetStatus !== "approved") return { code: "budget.errors.budgetNotApproved", field: "budgetLineId" };
  if (!isIsoDate(facts.paidOn)) return { code: "budget.errors.date", field: "paidOn" };
  if (Number(facts.paidOn.slice(0, 4)) !== facts.budgetYear) {
    return { code: "budget.errors.dateOutsideYear", params: { year: facts.budgetYear } };
  }
  if (!routineKindFits(facts.routineKind, facts.lineKind)) {
    return { code: "budget.errors.kindDoesNotFit", field: "routineKind", params: { kind: facts.routineKind, line: facts.lineKind } };
  }
  if (!Number.isSafeInteger(facts.amountFen) || facts.amountFen <= 0) return { code: "budget.errors.amountPositive", field: "amount" };
  if (facts.amountFen > facts.remainingFen) {
    return { code: "budget.errors.overrun", params: { remainingFen: Math.max(0, facts.remainingFen) } };
  }
  if (facts.payableFen !== null && facts.amountFen > facts.payableFen) {
    const code = facts.routineKind === "refund" ? "budget.errors.refundAbovePrepaid" : "budget.errors.remunerationAbovePayable";
    return { code, params: { payableFen: Math.max(0, facts.payableFen) } };
  }
  return null;
}

/** "6601 人员费用…" / "6601 Staff wages…": a kind with its account name, for pages. */
export function kindLabel(code: string, english: boolean): string {
  // On a budget, the prepaid-fees account is the line refunds are paid from.
  if (code === REFUND_KIND) return `${code} ${english ? "Refunds of prepaid fees" : "退还预收物业费"}`;
  const def = accountDef(code);
  return def ? `${code} ${english ? def.nameEn : def.nameZh}` : code;
}
