import { parseRate } from "../money";

export type PercentError = "income.errors.percentInvalid" | "income.errors.percentDecimals" | "income.errors.percentRange";

/**
 * A percentage as a person types it, 0–100 with at most two decimals,
 * normalized to two places ("60" → "60.00"). A third decimal is refused, not rounded.
 */
export function parsePercent(text: string): { ok: true; value: string } | { ok: false; error: PercentError } {
  const parsed = parseRate(text.replace(/%$/, "").trim(), 2);
  if (!parsed.ok) {
    if (parsed.error.code === "rate.too_many_decimals") return { ok: false, error: "income.errors.percentDecimals" };
    if (parsed.error.code === "rate.negative") return { ok: false, error: "income.errors.percentRange" };
    return { ok: false, error: "income.errors.percentInvalid" };
  }
  if (percentToHundredths(parsed.value) > 10_000) return { ok: false, error: "income.errors.percentRange" };
  return { ok: true, value: parsed.value };
}

/** "60.25" → 6025: a normalized percentage as an exact integer of hundredths of a percent. */
export function percentToHundredths(percent: string): number {
  const m = /^(\d+)\.(\d{2})$/.exec(percent);
  if (!m) throw new RangeError(`not a normalized percentage: ${percent}`);
  return Number(m[1]) * 100 + Number(m[2]);
}
