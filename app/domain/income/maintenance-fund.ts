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
