/**
 * What money may be spent on, per book (DESIGN.md §1, §5): a spending kind
 * is the account code the spending is booked to. Proposals use the nine
 * art. 11 kinds (co-managed book) or the public-revenue kinds; a budget also
 * has lines for the 酬金 payable and for refunds of prepaid fees, which only
 * routine spending draws on.
 */
import { PUBLIC_REVENUE_SPENDING_CODES, SERVICE_SPENDING_CODES, ACCOUNT, type Book } from "../ledger/chart";

export const PROPOSAL_KINDS: Record<Book, readonly string[]> = {
  cogoverned: SERVICE_SPENDING_CODES,
  public_revenue: PUBLIC_REVENUE_SPENDING_CODES,
};

/** 2203 is the refund line: money returned to owners who prepaid. */
export const REFUND_KIND = ACCOUNT.prepaidFees;

export const BUDGET_KINDS: Record<Book, readonly string[]> = {
  cogoverned: [...SERVICE_SPENDING_CODES, ACCOUNT.remuneration, REFUND_KIND],
  public_revenue: PUBLIC_REVENUE_SPENDING_CODES,
};

export function isProposalKind(book: Book, kind: string): boolean {
  return PROPOSAL_KINDS[book].includes(kind);
}

export function isBudgetKind(book: Book, kind: string): boolean {
  return BUDGET_KINDS[book].includes(kind);
}

/**
 * Routine spending 日常支出 that no quote can cover, and the budget line
 * kinds each may be charged to.
 */
export const ROUTINE_KINDS = {
  payroll: ["6601"],
  social_insurance: ["6601"],
  utilities: ["6602", "6603", "6604", "6605", "6606"],
  insurance: ["6608"],
  remuneration: [ACCOUNT.remuneration],
  bank_fees: ["6606", "6804"],
  refund: [REFUND_KIND],
} as const satisfies Record<string, readonly string[]>;

export type RoutineKind = keyof typeof ROUTINE_KINDS;
export const ROUTINE_KIND_NAMES = Object.keys(ROUTINE_KINDS) as RoutineKind[];

export function routineKindFits(routineKind: RoutineKind, lineKind: string): boolean {
  return (ROUTINE_KINDS[routineKind] as readonly string[]).includes(lineKind);
}

/**
 * The account a routine payment debits (the bank is credited). The 酬金 was
 * already booked as an expense when it accrued (Dr 6701 / Cr 2241), so paying
 * it settles the payable; a refund gives back prepaid fees (2203).
 */
export function routineDebitAccount(lineKind: string): string {
  if (lineKind === ACCOUNT.remuneration) return ACCOUNT.payableCompany;
  return lineKind;
}
