// Text ↔ exact decimal helpers shared by money.ts and area.ts.
// Pure string and integer work: no floats touch a typed number.

// People type with a Chinese IME, which gives full-width characters.
const FULL_WIDTH: Readonly<Record<string, string>> = {
  "．": ".",
  "，": ",",
  "－": "-",
  "−": "-", // U+2212 minus sign, pasted from documents
};

/** Full-width digits, point, comma and minus to ASCII; trims spaces (String#trim covers U+3000). */
export function normalizeNumericText(input: string): string {
  let out = "";
  for (const ch of input.trim()) {
    const code = ch.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) {
      out += String.fromCharCode(code - 0xff10 + 0x30);
    } else {
      out += FULL_WIDTH[ch] ?? ch;
    }
  }
  return out;
}

/** A non-negative decimal split into its digits, leading zeros removed from the integer part. */
export type DecimalText = { integerDigits: string; fractionDigits: string };

// "1,234.56", "1234.56", ".5"; not "12." (an unfinished entry), not "0,123" or "12,34".
const PLAIN = /^(\d*)(?:\.(\d+))?$/;
const GROUPED = /^([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * Parses unsigned digits with an optional fraction, and (if allowed) thousands
 * separators in correct groups of three. Returns null when it is not a number.
 */
export function parseUnsignedDecimal(
  text: string,
  options: { allowGrouping: boolean },
): DecimalText | null {
  const match = PLAIN.exec(text) ?? (options.allowGrouping ? GROUPED.exec(text) : null);
  if (!match) return null;
  const integerRaw = (match[1] ?? "").replaceAll(",", "");
  const fractionDigits = match[2] ?? "";
  if (integerRaw === "" && fractionDigits === "") return null;
  return { integerDigits: integerRaw.replace(/^0+/, ""), fractionDigits };
}

/** Exact integer from at most 15 ASCII digits (always below 2^53). */
export function digitsToSafeInteger(digits: string): number {
  if (digits.length > 15 || !/^\d*$/.test(digits)) {
    throw new RangeError(`not a short digit string: ${digits}`);
  }
  let value = 0;
  for (const ch of digits) value = value * 10 + (ch.charCodeAt(0) - 0x30);
  return value;
}

/** 123456, 2 → "1234.56"; -5, 2 → "-0.05"; optional thousands grouping of the integer part. */
export function formatScaledInteger(
  value: number,
  decimals: number,
  options: { grouping?: boolean } = {},
): { negative: boolean; text: string } {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not a safe integer: ${String(value)}`);
  const negative = value < 0;
  const digits = String(Math.abs(value)).padStart(decimals + 1, "0");
  const cut = digits.length - decimals;
  let integerPart = digits.slice(0, cut);
  if (options.grouping) integerPart = integerPart.replace(/\B(?=(\d{3})+$)/g, ",");
  const text = decimals > 0 ? `${integerPart}.${digits.slice(cut)}` : integerPart;
  return { negative, text };
}
