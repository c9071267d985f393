import Decimal from "decimal.js";
import { multiplyRate } from "../money";

export interface RemunerationRuleLike {
  id: number;
  method: "fixed" | "percent";
  fixedFenPerMonth: number | null;
  percent: string | null; // "8.00"
  effectiveFrom: string; // YYYY-MM
}

/** The 酬金 rule in force in a month: the latest effective in or before it. */
export function remunerationRuleFor<R extends RemunerationRuleLike>(rules: readonly R[], month: string): R | null {
  let best: R | null = null;
  for (const rule of rules) {
    if (rule.effectiveFrom > month) continue;
    if (!best || rule.effectiveFrom > best.effectiveFrom) best = rule;
  }
  return best;
}

/**
 * The month in which money received for a bill counts toward the 酬金 base:
 * the month it was allocated, but never before the bill's own period begins
 * (a prepayment counts in the month its period arrives).
 */
export function baseMonth(allocatedOn: string, billPeriodStart: string): string {
  const allocatedMonth = allocatedOn.slice(0, 7);
  return allocatedMonth > billPeriodStart ? allocatedMonth : billPeriodStart;
}

/**
 * A month's 酬金: the fixed sum, or base × percent / 100 rounded once half-up
 * to the fen (DESIGN.md §4).
 */
export function remunerationAmount(rule: RemunerationRuleLike, baseFen: number): { baseFen: number; percent: string | null; amountFen: number } {
  if (rule.method === "fixed") {
    if (rule.fixedFenPerMonth == null) throw new RangeError("a fixed rule needs its sum");
    return { baseFen, percent: null, amountFen: rule.fixedFenPerMonth };
  }
  if (rule.percent == null) throw new RangeError("a percent rule needs its percentage");
  return { baseFen, percent: rule.percent, amountFen: multiplyRate(baseFen, new Decimal(rule.percent).dividedBy(100)) };
}
