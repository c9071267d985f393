import { splitFen } from "../money";
import type { Book } from "../ledger/chart";
import { isChosenBookKind, isSplitKind, type IncomeKind } from "./kinds";
import { percentToHundredths } from "./percent";

export interface SplitRuleLike {
  id: number;
  kind: string;
  publicRevenuePercent: string;
  effectiveFrom: string; // YYYY-MM-DD
}

/** The rule of a kind in force on a date: the latest one effective on or before it. */
export function ruleInForce<R extends SplitRuleLike>(rules: readonly R[], kind: string, onDate: string): R | null {
  let best: R | null = null;
  for (const rule of rules) {
    if (rule.kind !== kind || rule.effectiveFrom > onDate) continue;
    if (!best || rule.effectiveFrom > best.effectiveFrom) best = rule;
  }
  return best;
}

/**
 * The public-revenue share of an amount, in whole fen that add back to the
 * amount exactly: splitFen over [100 − share, share] in hundredths of a percent.
 */
export function splitByShare(amountFen: number, publicRevenuePercent: string): { cogovernedFen: number; publicRevenueFen: number } {
  const share = percentToHundredths(publicRevenuePercent);
  const [cogovernedFen, publicRevenueFen] = splitFen(amountFen, [10_000 - share, share]) as [number, number];
  return { cogovernedFen, publicRevenueFen };
}

/** Where an income goes: decoration to the co-managed book, split kinds by the rule, the rest to the chosen book. */
export function allocateIncome(
  kind: IncomeKind,
  amountFen: number,
  options: { book?: Book | null; publicRevenuePercent?: string | null },
): { cogovernedFen: number; publicRevenueFen: number } {
  if (isSplitKind(kind)) {
    if (options.publicRevenuePercent == null) throw new RangeError("a split kind needs its rule's share");
    return splitByShare(amountFen, options.publicRevenuePercent);
  }
  if (isChosenBookKind(kind) && options.book === "public_revenue") return { cogovernedFen: 0, publicRevenueFen: amountFen };
  return { cogovernedFen: amountFen, publicRevenueFen: 0 };
}
