import { isIsoDate } from "../calendar";

/**
 * Check characters of the two identity numbers a supplier carries: the
 * unified social credit code 统一社会信用代码 of an organisation (GB 32100-2015)
 * and the resident ID number 居民身份证号码 of a person (GB 11643-1999).
 * Pure: no I/O. Vectors in /work/shared/VECTORS.md.
 */

/** Trim, full-width → half-width (NFKC), upper case: what a person typed, as the standard writes it. */
export function normaliseCode(text: string): string {
  return text.normalize("NFKC").trim().toUpperCase();
}

export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_SHAPE = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;

/** The 18th character for the first 17 (which must be in the charset), or null if one is not. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_CHARSET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** A unified social credit code with a correct check character (after normalising). */
export function isValidCreditCode(code: string): boolean {
  const normal = normaliseCode(code);
  if (!USCC_SHAPE.test(normal)) return false;
  return creditCodeCheckChar(normal.slice(0, 17)) === normal[17];
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = "10X98765432";
const ID_SHAPE = /^\d{17}[0-9X]$/;

/** The 18th character of a resident ID number for its first 17 digits, or null if they are not 17 digits. */
export function residentIdCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** An 18-character resident ID number: a real birth date at positions 7–14 and a correct check character. */
export function isValidResidentId(id: string): boolean {
  const normal = normaliseCode(id);
  if (!ID_SHAPE.test(normal)) return false;
  const birth = `${normal.slice(6, 10)}-${normal.slice(10, 12)}-${normal.slice(12, 14)}`;
  if (!isIsoDate(birth) || birth < "1900-01-01") return false;
  return residentIdCheckChar(normal.slice(0, 17)) === normal[17];
}

/** "110105********002X": the region (first six) and the last four; the birth date and sequence hidden. */
export function maskResidentId(id: string): string {
  const normal = normaliseCode(id);
  return `${normal.slice(0, 6)}********${normal.slice(-4)}`;
}
