import { SERVICE_SPENDING_CODES, ACCOUNT } from "../ledger/chart";

export interface AccountSum {
  accountCode: string;
  amountFen: number; // sum of the period's postings, debit positive
}

export interface SurplusLine {
  accountCode: string;
  amountFen: number; // shown positive: income received, spending paid
}

export interface Surplus {
  income: SurplusLine[];
  incomeFen: number;
  spending: SurplusLine[];
  spendingFen: number;
  remunerationFen: number;
  surplusFen: number; // negative: a deficit, also the owners'
}

const isIncomeCode = (code: string) => /^60\d\d$/.test(code);
const isServiceSpending = (code: string) => (SERVICE_SPENDING_CODES as readonly string[]).includes(code);

/**
 * The co-managed book's result for a period under 酬金制: income minus the
 * nine kinds of service spending minus 酬金. What remains (or is missing)
 * belongs to all owners. Takes the period's postings summed per account.
 */
export function computeSurplus(sums: readonly AccountSum[]): Surplus {
  const income = sums.filter((s) => isIncomeCode(s.accountCode) && s.amountFen !== 0)
    .map((s) => ({ accountCode: s.accountCode, amountFen: -s.amountFen }))
    .sort((a, b) => a.accountCode.localeCompare(b.accountCode));
  const spending = sums.filter((s) => isServiceSpending(s.accountCode) && s.amountFen !== 0)
    .map((s) => ({ accountCode: s.accountCode, amountFen: s.amountFen }))
    .sort((a, b) => a.accountCode.localeCompare(b.accountCode));
  const remunerationFen = sums.filter((s) => s.accountCode === ACCOUNT.remuneration).reduce((acc, s) => acc + s.amountFen, 0);
  const incomeFen = income.reduce((acc, l) => acc + l.amountFen, 0);
  const spendingFen = spending.reduce((acc, l) => acc + l.amountFen, 0);
  return { income, incomeFen, spending, spendingFen, remunerationFen, surplusFen: incomeFen - spendingFen - remunerationFen };
}
