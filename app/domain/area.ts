// Areas in m² with exactly two decimals, held as integer hundredths of m²
// (8937 = 89.37 m²) so they never pass through a float.
import type { Result } from "./money";
import {
  digitsToSafeInteger,
  formatScaledInteger,
  normalizeNumericText,
  parseUnsignedDecimal,
} from "./numeric-text";

export type AreaError =
  | { code: "area.empty" }
  | { code: "area.invalid" }
  | { code: "area.too_many_decimals" }
  | { code: "area.not_positive" }
  | { code: "area.too_large" };

/** 100,000.00 m², in hundredths: larger than any single unit or building. */
export const MAX_AREA_CENTI_M2 = 10_000_000;

// Unit people add after the number; "m2" because ² is hard to type.
const AREA_SHAPE = /^(-)?(.*?)\s*(?:m²|m2|㎡|平方米|平米)?$/;

/**
 * "89.37" → 8937; "89.5" → 8950; "120㎡" → 12000. Same number rules as
 * parseYuan: ".5" accepted, "12." refused, more than two decimals refused.
 */
export function parseArea(input: string): Result<number, AreaError> {
  const text = normalizeNumericText(input);
  if (text === "") return { ok: false, error: { code: "area.empty" } };
  const shape = AREA_SHAPE.exec(text);
  const parsed = shape ? parseUnsignedDecimal(shape[2] ?? "", { allowGrouping: true }) : null;
  if (!shape || !parsed) return { ok: false, error: { code: "area.invalid" } };
  if (parsed.fractionDigits.length > 2) return { ok: false, error: { code: "area.too_many_decimals" } };

  if (shape[1] === "-") return { ok: false, error: { code: "area.not_positive" } };
  // Checked on the digit count first, so no arithmetic sees a huge number.
  if (parsed.integerDigits.length > String(MAX_AREA_CENTI_M2 / 100).length) {
    return { ok: false, error: { code: "area.too_large" } };
  }
  const centiM2 = digitsToSafeInteger(parsed.integerDigits + parsed.fractionDigits.padEnd(2, "0"));
  if (centiM2 === 0) return { ok: false, error: { code: "area.not_positive" } };
  if (centiM2 > MAX_AREA_CENTI_M2) return { ok: false, error: { code: "area.too_large" } };
  return { ok: true, value: centiM2 };
}

/** 8937 → "89.37": always two decimals, for audit data and exports. */
export function formatArea(centiM2: number): string {
  const { negative, text } = formatScaledInteger(centiM2, 2);
  return `${negative ? "-" : ""}${text}`;
}
