import Decimal from "decimal.js";
import { formatScaledInteger } from "../numeric-text";

/**
 * part / whole as a percentage to 2 places ("66.67"), exact (decimal.js) and
 * rounded as the caller says; null of nothing. The verdicts never use it:
 * their checks are integer cross-multiplications (outcome.ts).
 */
export function sharePercent(part: number, whole: number, rounding: Decimal.Rounding): string | null {
  if (whole <= 0) return null;
  const hundredths = new Decimal(part).times(10_000).dividedBy(whole).toDecimalPlaces(0, rounding).toNumber();
  return formatScaledInteger(hundredths, 2).text;
}
