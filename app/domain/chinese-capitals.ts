// Amounts in Chinese capitals (大写) for printed documents, following
// 人民银行《正确填写票据和结算凭证的基本规定》. Where the rule allows two
// forms, we always write the first one it lists:
//   ¥1,680.32   → 人民币壹仟陆佰捌拾元零叁角贰分 (零 before 角 when the 元 digit is 0)
//   ¥107,000.53 → 人民币壹拾万柒仟元零伍角叁分 (no 零 for zeros that end a 万/亿 group)
// 整 follows an amount ending at 元; it is left out after 角 and never follows 分.
import { assertFen, MAX_FEN, type Fen } from "./money";

const DIGITS = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"] as const;
const SECTION_UNITS = ["仟", "佰", "拾", ""] as const;

const WAN = 10_000;
const YI = 100_000_000;

/**
 * Throws RangeError for negative amounts (printed documents show the amount
 * as a positive figure; the direction is said in words elsewhere) and for
 * amounts above MAX_FEN; TypeError if fen is not an integer.
 */
export function fenToChineseCapitals(fen: Fen): string {
  assertFen(fen);
  if (fen < 0) throw new RangeError("Chinese capitals are written for non-negative amounts");
  if (fen > MAX_FEN) throw new RangeError("amount exceeds MAX_FEN");

  const cents = fen % 100;
  const yuan = (fen - cents) / 100;
  const jiao = (cents - (cents % 10)) / 10;
  const fenDigit = cents % 10;

  if (yuan === 0 && cents === 0) return "人民币零元整";

  let text = "人民币";
  if (yuan > 0) {
    text += `${integerToCapitals(yuan)}元`;
    if (cents === 0) return `${text}整`;
    // 零 between 元 and 角/分 when a zero stands there: "捌拾元零叁角", "玖元零贰分".
    if (yuan % 10 === 0 || jiao === 0) text += "零";
  }
  if (jiao > 0) text += `${digit(jiao)}角`;
  if (fenDigit > 0) text += `${digit(fenDigit)}分`;
  return text;
}

// 1,000,001 → 壹佰万零壹; 100,010,000 → 壹亿零壹万; 10^12 → 壹万亿.
function integerToCapitals(n: number): string {
  if (n >= YI) return joinGroups(n, YI, "亿");
  if (n >= WAN) return joinGroups(n, WAN, "万");
  return sectionToCapitals(n);
}

// Higher part + unit, then the rest; one 零 when the rest starts with a zero
// digit (its group is not full), none for zeros that end the higher part.
function joinGroups(n: number, size: number, unit: string): string {
  const rest = n % size;
  const high = (n - rest) / size;
  let text = `${integerToCapitals(high)}${unit}`;
  if (rest > 0) {
    if (rest < size / 10) text += "零";
    text += integerToCapitals(rest);
  }
  return text;
}

// 0 < n < 10,000: one 零 per run of inner zeros, trailing zeros unread, 壹拾 written in full.
function sectionToCapitals(n: number): string {
  const digits = String(n).padStart(4, "0");
  let text = "";
  let pendingZero = false;
  for (let i = 0; i < 4; i++) {
    const d = digits.charCodeAt(i) - 0x30;
    if (d === 0) {
      pendingZero = text !== "";
      continue;
    }
    if (pendingZero) text += "零";
    pendingZero = false;
    text += `${digit(d)}${SECTION_UNITS[i] ?? ""}`;
  }
  return text;
}

function digit(d: number): string {
  const capital = DIGITS[d];
  if (capital === undefined) throw new RangeError(`not a digit: ${d}`);
  return capital;
}
