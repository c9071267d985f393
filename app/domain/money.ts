// Money is an integer count of fen (分). decimal.js only where rates,
// quantities or allocation need it, rounded once with the mode written here.
import Decimal from "decimal.js";
import {
  digitsToSafeInteger,
  formatScaledInteger,
  normalizeNumericText,
  parseUnsignedDecimal,
} from "./numeric-text";

export type Fen = number;

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export type MoneyError =
  | { code: "money.empty" }
  | { code: "money.invalid" }
  | { code: "money.too_many_decimals" }
  | { code: "money.negative" }
  | { code: "money.too_large" };

export type RateError = {
  code: "rate.invalid" | "rate.too_many_decimals" | "rate.negative" | "rate.empty";
};

/** ¥10 trillion: far above any community's sums, far below Number.MAX_SAFE_INTEGER. */
export const MAX_FEN: number = 1_000_000_000_000_000;

// Enough significant digits that products of our inputs are exact;
// the only rounding is the explicit toDecimalPlaces at each call site.
const Exact = Decimal.clone({ precision: 1000 });

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
const fail = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

/** Throws TypeError: a non-integer amount is a programming error, not user input. */
export function assertFen(value: unknown): asserts value is Fen {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new TypeError(`not an amount in fen: ${String(value)}`);
  }
}

// "-¥1,234.56", "￥12", "12元", "¥ 12 元"; the sign goes before the symbol.
const MONEY_SHAPE = /^(-)?(?:[¥￥]\s*)?(.*?)\s*元?$/;

/**
 * Parses an amount as a person types it. ".5" is 50 fen; "12." is refused as
 * unfinished; more than two decimals is refused (even "1.230"), never rounded.
 */
export function parseYuan(
  input: string,
  options: { allowNegative?: boolean } = {},
): Result<Fen, MoneyError> {
  const text = normalizeNumericText(input);
  if (text === "") return fail({ code: "money.empty" });
  const shape = MONEY_SHAPE.exec(text);
  const parsed = shape ? parseUnsignedDecimal(shape[2] ?? "", { allowGrouping: true }) : null;
  if (!shape || !parsed) return fail({ code: "money.invalid" });
  if (parsed.fractionDigits.length > 2) return fail({ code: "money.too_many_decimals" });

  const maxYuan = MAX_FEN / 100;
  if (parsed.integerDigits.length > String(maxYuan).length) return fail({ code: "money.too_large" });
  const yuan = digitsToSafeInteger(parsed.integerDigits);
  if (yuan > maxYuan) return fail({ code: "money.too_large" });
  const magnitude = yuan * 100 + digitsToSafeInteger(parsed.fractionDigits.padEnd(2, "0"));
  if (magnitude > MAX_FEN) return fail({ code: "money.too_large" });

  // "-0" is zero, not a negative amount (and never the float -0).
  if (shape[1] !== "-" || magnitude === 0) return ok(magnitude);
  if (!options.allowNegative) return fail({ code: "money.negative" });
  return ok(-magnitude);
}

/** ¥1,234.56 and -¥1,234.56, the same in every language. */
export function formatFen(fen: Fen): string {
  assertFen(fen);
  const { negative, text } = formatScaledInteger(fen, 2, { grouping: true });
  return `${negative ? "-" : ""}¥${text}`;
}

/** "1234.56", "-0.05", "0.00": for exports and CSV. */
export function fenToDecimalString(fen: Fen): string {
  assertFen(fen);
  const { negative, text } = formatScaledInteger(fen, 2);
  return `${negative ? "-" : ""}${text}`;
}

/**
 * Fen as the number of yuan an XLSX cell holds (a spreadsheet number is a
 * double by the file format): read from the exact decimal text
 * ("1234.56" → 1234.56), the nearest double to it, never by float division.
 * Only for writing spreadsheets; nothing computes with the result.
 */
export function fenToYuanNumber(fen: Fen): number {
  return Number(fenToDecimalString(fen));
}

/**
 * Parses a rate or unit price (e.g. ¥/m²/month) to a decimal string with
 * exactly maxDecimals places: "2.85" → "2.8500". Same number rules as parseYuan,
 * without grouping or currency marks.
 */
export function parseRate(input: string, maxDecimals = 4): Result<string, RateError> {
  const text = normalizeNumericText(input);
  if (text === "") return fail({ code: "rate.empty" });
  const negative = text.startsWith("-");
  const parsed = parseUnsignedDecimal(negative ? text.slice(1) : text, { allowGrouping: false });
  if (!parsed) return fail({ code: "rate.invalid" });
  if (parsed.fractionDigits.length > maxDecimals) return fail({ code: "rate.too_many_decimals" });
  const isZero = /^0*$/.test(parsed.integerDigits + parsed.fractionDigits);
  if (negative && !isZero) return fail({ code: "rate.negative" });
  const integerPart = parsed.integerDigits === "" ? "0" : parsed.integerDigits;
  if (maxDecimals === 0) return ok(integerPart);
  return ok(`${integerPart}.${parsed.fractionDigits.padEnd(maxDecimals, "0")}`);
}

/** fen × rate, rounded once half-up (away from zero on .5) to the fen. E.g. 酬金 8%: rate "0.08". */
export function multiplyRate(fen: Fen, rate: string | Decimal): Fen {
  assertFen(fen);
  const product = new Exact(fen).times(toExactDecimal(rate));
  return toFen(product.toDecimalPlaces(0, Decimal.ROUND_HALF_UP));
}

/**
 * Unit price in yuan (e.g. water "3.45" ¥/t) × quantity (e.g. "12.5" t),
 * computed exactly, rounded once half-up to the fen.
 */
export function yuanTimesQuantity(
  unitPriceYuan: string | Decimal,
  quantity: string | number | Decimal,
): Fen {
  const quantityExact =
    typeof quantity === "number" ? exactFromSafeInteger(quantity) : toExactDecimal(quantity);
  const yuan = toExactDecimal(unitPriceYuan).times(quantityExact);
  return toFen(yuan.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP));
}

/**
 * Area (hundredths of m²) × rate (¥/m²/month, up to 4 decimals) × months,
 * exact, rounded once half-up to the fen. Hundredths of m² × ¥ is fen.
 */
export function multiplyAreaRateMonths(
  areaCentiM2: number,
  ratePerM2Month: string,
  months: number,
): Fen {
  const rate = parseRate(ratePerM2Month, 4);
  if (!rate.ok) throw new RangeError(`not a rate: ${ratePerM2Month}`);
  const area = exactFromSafeInteger(areaCentiM2);
  const product = area.times(rate.value).times(exactFromSafeInteger(months));
  return toFen(product.toDecimalPlaces(0, Decimal.ROUND_HALF_UP));
}

/**
 * Splits a total into parts proportional to the weights, adding back exactly:
 * each part is floor(total × w / Σw), and the leftover fen go one each to the
 * largest remainders, ties to the lower index. Negative totals split their
 * absolute value symmetrically. Weights: integers or decimal strings ("89.37").
 */
export function splitFen(totalFen: Fen, weights: readonly (number | string)[]): Fen[] {
  assertFen(totalFen);
  const exactWeights = weights.map(weightToExact);
  const sum = exactWeights.reduce((acc, w) => acc.plus(w), new Exact(0));
  if (!sum.greaterThan(0)) throw new RangeError("weights must have a positive sum");

  const total = new Exact(Math.abs(totalFen));
  const shares = exactWeights.map((w, index) => {
    const scaled = total.times(w);
    // floor and remainder are exact: remainder / Σw is the fractional part.
    return { index, part: scaled.divToInt(sum).toNumber(), remainder: scaled.mod(sum) };
  });
  let leftover = Math.abs(totalFen) - shares.reduce((acc, s) => acc + s.part, 0);
  const byRemainder = [...shares].sort(
    (a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index,
  );
  for (const share of byRemainder) {
    if (leftover === 0) break;
    share.part += 1;
    leftover -= 1;
  }
  return shares.map((s) => (totalFen < 0 && s.part !== 0 ? -s.part : s.part));
}

function weightToExact(weight: number | string): Decimal {
  if (typeof weight === "number") {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new RangeError(`weight must be a non-negative integer: ${String(weight)}`);
    }
    return new Exact(weight);
  }
  if (!/^\d+(\.\d+)?$/.test(weight)) throw new RangeError(`not a decimal weight: ${weight}`);
  return new Exact(weight);
}

// Programming-error guard: callers pass validated decimals, never "1e5" or "NaN".
function toExactDecimal(value: string | Decimal): Decimal {
  if (typeof value === "string") {
    if (!/^-?\d+(\.\d+)?$/.test(value)) throw new RangeError(`not a decimal: ${value}`);
    return new Exact(value);
  }
  if (!value.isFinite()) throw new RangeError("not a finite decimal");
  return new Exact(value);
}

function exactFromSafeInteger(value: number): Decimal {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`not a non-negative integer: ${String(value)}`);
  }
  return new Exact(value);
}

// An already-rounded integer Decimal to fen; never returns -0.
function toFen(rounded: Decimal): Fen {
  if (rounded.abs().greaterThan(MAX_FEN)) throw new RangeError("amount exceeds MAX_FEN");
  const fen = rounded.toNumber();
  return fen === 0 ? 0 : fen;
}
