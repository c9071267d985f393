import { multiplyRate } from "../money";
import { parsePeriod } from "../statements/snapshot";
import { percentToHundredths } from "./percent";

/**
 * The special maintenance fund's share of the public revenue of a quarter
 * (住宅专项维修资金管理办法 art. 25): public revenue goes mainly to the fund
 * unless the owners decided otherwise. The owners' rule in force on the day
 * each income was received sets its percentage; with no rule in force all
 * of it goes to the fund, since nothing else is authorised without a decision.
 */
export const NO_RULE_PERCENT = "100.00";

export interface FundRuleLike {
  id: number;
  percent: string; // "60.00"
  effectiveFrom: string; // YYYY-MM-DD
}

/** One income of the quarter: its public-revenue part net of evidenced deductions. */
export interface FundIncomePart {
  receivedOn: string;
  baseFen: number;
}

export interface FundSharePart {
  ruleId: number | null;
  percent: string;
  baseFen: number;
  shareFen: number;
}

export interface FundShare {
  baseFen: number;
  shareFen: number;
  parts: FundSharePart[];
}

/** The rule in force on a date: the latest effective on or before it. */
export function fundRuleInForce<R extends FundRuleLike>(rules: readonly R[], onDate: string): R | null {
  let best: R | null = null;
  for (const rule of rules) {
    if (rule.effectiveFrom > onDate) continue;
    if (!best || rule.effectiveFrom > best.effectiveFrom) best = rule;
  }
  return best;
}

/**
 * The fund's share of a quarter ("2026Q3"): the incomes received in it are
 * grouped by the rule in force on their day; each group's share is its base
 * × percent, rounded once half-up to the fen; the total is their sum.
 */
export function maintenanceFundShare(period: string, incomes: readonly FundIncomePart[], rules: readonly FundRuleLike[]): FundShare {
  const range = parsePeriod(period);
  if (!range || range.kind !== "quarter") throw new RangeError(`not a quarter: ${period}`);
  const groups = new Map<number | null, { ruleId: number | null; percent: string; from: string; baseFen: number }>();
  for (const income of incomes) {
    if (income.receivedOn < range.startDate || income.receivedOn > range.endDate) continue;
    const rule = fundRuleInForce(rules, income.receivedOn);
    const key = rule?.id ?? null;
    const group = groups.get(key) ?? { ruleId: key, percent: rule?.percent ?? NO_RULE_PERCENT, from: rule?.effectiveFrom ?? "", baseFen: 0 };
    group.baseFen += income.baseFen;
    groups.set(key, group);
  }
  const parts = [...groups.values()]
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
    .map(({ ruleId, percent, baseFen }) => ({ ruleId, percent, baseFen, shareFen: multiplyRate(baseFen, rateOf(percent)) }));
  return {
    baseFen: parts.reduce((sum, p) => sum + p.baseFen, 0),
    shareFen: parts.reduce((sum, p) => sum + p.shareFen, 0),
    parts,
  };
}

/** "60.00" → "0.6000": the percentage as an exact rate (hundredths of a percent are ten-thousandths). */
function rateOf(percent: string): string {
  const hundredths = percentToHundredths(percent);
  return `${Math.floor(hundredths / 10_000)}.${String(hundredths % 10_000).padStart(4, "0")}`;
}

/** Every quarter from the one holding `first` to the last one ended before `today`, oldest first. */
export function quartersBetween(first: string, today: string): string[] {
  const out: string[] = [];
  let year = Number(first.slice(0, 4));
  let q = Math.floor((Number(first.slice(5, 7)) - 1) / 3) + 1;
  for (;;) {
    const label = `${year}Q${q}`;
    if (parsePeriod(label)!.endDate >= today) return out;
    out.push(label);
    q += 1;
    if (q > 4) {
      q = 1;
      year += 1;
    }
  }
}

/** What a booked transfer fixed: its quarter's share then, and the earlier differences it also paid. */
export interface BookedTransferLike {
  period: string; // "2026Q1"
  shareFen: number;
  catchUpFen: number;
}

/**
 * The maintenance fund's share still owed (or overpaid, when negative) for
 * quarters already booked: income dated in a booked quarter may be recorded
 * later (a correction after the quarter was reopened), and corrections go
 * into the open period (DESIGN.md §5), so the next transfer pays the
 * difference. Outstanding = Σ over booked quarters other than `except` of
 * (share recomputed now − share booked) − Σ of the catch-ups already booked.
 * Quarters are booked in order, so the booked quarters are those before the
 * one being booked; every catch-up counts, so none is paid twice.
 * `shareNow` must hold every booked quarter's share recomputed now.
 */
export function outstandingCatchUp(
  transfers: readonly BookedTransferLike[],
  shareNow: ReadonlyMap<string, number>,
  except?: string,
): number {
  let outstanding = 0;
  for (const transfer of transfers) {
    if (transfer.period === except) continue;
    const now = shareNow.get(transfer.period);
    if (now === undefined) throw new RangeError(`no recomputed share for ${transfer.period}`);
    outstanding += now - transfer.shareFen - transfer.catchUpFen;
  }
  return outstanding;
}

/**
 * Splits a quarter's transfer into what the entry pays and the catch-up it
 * books: share + outstanding, but never below 0 — a larger overpayment books
 * catch-up = −share (nothing paid) and the rest carries to the next quarter.
 */
export function transferAmounts(shareFen: number, outstandingFen: number): { catchUpFen: number; amountFen: number } {
  const catchUpFen = shareFen + outstandingFen < 0 ? 0 - shareFen || 0 : outstandingFen; // `|| 0`: never -0
  return { catchUpFen, amountFen: shareFen + catchUpFen };
}
