import { describe, it, expect } from "vitest";
import { fenToChineseCapitals } from "../../app/domain/chinese-capitals";
import { MAX_FEN, parseYuan } from "../../app/domain/money";

// Amounts are written as typed ("1,409.50") to keep the vectors readable.
function fen(yuan: string): number {
  const parsed = parseYuan(yuan);
  if (!parsed.ok) throw new Error(`bad test amount ${yuan}`);
  return parsed.value;
}

describe("fenToChineseCapitals: the rule's own examples (VECTORS.md, first form)", () => {
  it.each([
    ["1,409.50", "人民币壹仟肆佰零玖元伍角"],
    ["6,007.14", "人民币陆仟零柒元壹角肆分"],
    ["1,680.32", "人民币壹仟陆佰捌拾元零叁角贰分"],
    ["107,000.53", "人民币壹拾万柒仟元零伍角叁分"],
    ["16,409.02", "人民币壹万陆仟肆佰零玖元零贰分"],
    ["325.04", "人民币叁佰贰拾伍元零肆分"],
  ])("¥%s → %s", (amount, capitals) => {
    expect(fenToChineseCapitals(fen(amount))).toBe(capitals);
  });
});

describe("fenToChineseCapitals: 整, 角 and 分", () => {
  it.each([
    ["0", "人民币零元整"],
    ["0.50", "人民币伍角"],
    ["0.05", "人民币伍分"],
    ["0.15", "人民币壹角伍分"],
    ["0.10", "人民币壹角"],
    ["1", "人民币壹元整"],
    ["1.50", "人民币壹元伍角"], // no 整 after 角
    ["1.05", "人民币壹元零伍分"], // zero 角, non-zero 分
    ["9.99", "人民币玖元玖角玖分"],
    ["120.05", "人民币壹佰贰拾元零伍分"], // 元 digit 0 and 角 0: a single 零
    ["10.50", "人民币壹拾元零伍角"], // 元 digit 0 with 角 only
    ["1,000.01", "人民币壹仟元零壹分"],
  ])("¥%s → %s", (amount, capitals) => {
    expect(fenToChineseCapitals(fen(amount))).toBe(capitals);
  });
});

describe("fenToChineseCapitals: 零 inside and between groups", () => {
  it.each([
    ["10", "人民币壹拾元整"], // 壹拾 in full, even at the start
    ["11", "人民币壹拾壹元整"],
    ["100", "人民币壹佰元整"],
    ["101", "人民币壹佰零壹元整"],
    ["110", "人民币壹佰壹拾元整"],
    ["1,009", "人民币壹仟零玖元整"], // one 零 for a run of zeros
    ["1,010", "人民币壹仟零壹拾元整"],
    ["1,100", "人民币壹仟壹佰元整"],
    ["10,010", "人民币壹万零壹拾元整"],
    ["10,000", "人民币壹万元整"],
    ["100,000", "人民币壹拾万元整"],
    ["110,000", "人民币壹拾壹万元整"],
    ["1,000,001", "人民币壹佰万零壹元整"],
    ["10,000,000", "人民币壹仟万元整"], // zeros ending a group before 万
    ["10,001,000", "人民币壹仟万壹仟元整"], // the lower group is full: no 零 (first form)
    ["10,000,100", "人民币壹仟万零壹佰元整"],
    ["10,010,000", "人民币壹仟零壹万元整"],
    ["12,340,000", "人民币壹仟贰佰叁拾肆万元整"],
    ["100,000,000", "人民币壹亿元整"],
    ["100,000,001", "人民币壹亿零壹元整"], // an all-zero 万 group between 亿 and units
    ["100,010,000", "人民币壹亿零壹万元整"],
    ["100,100,000", "人民币壹亿零壹拾万元整"],
    ["101,000,000", "人民币壹亿零壹佰万元整"],
    ["110,000,000", "人民币壹亿壹仟万元整"],
    ["100,001,000", "人民币壹亿零壹仟元整"],
    ["123,456,789.12", "人民币壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"],
    ["10,000,000,000", "人民币壹佰亿元整"],
    ["20,000,000,000.20", "人民币贰佰亿元零贰角"],
    ["1,000,000,000,000", "人民币壹万亿元整"],
    ["1,000,100,000,000", "人民币壹万零壹亿元整"],
    ["1,000,000,000,001", "人民币壹万亿零壹元整"],
    ["9,999,999,999,999.99", "人民币玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"],
  ])("¥%s → %s", (amount, capitals) => {
    expect(fenToChineseCapitals(fen(amount))).toBe(capitals);
  });

  it("supports MAX_FEN", () => {
    expect(fenToChineseCapitals(MAX_FEN)).toBe("人民币壹拾万亿元整");
  });
});

describe("fenToChineseCapitals: refusals", () => {
  it("throws RangeError for negative amounts (printed documents show positive amounts)", () => {
    expect(() => fenToChineseCapitals(-1)).toThrow(RangeError);
    expect(() => fenToChineseCapitals(-123456)).toThrow(RangeError);
  });
  it("throws RangeError above MAX_FEN", () => {
    expect(() => fenToChineseCapitals(MAX_FEN + 1)).toThrow(RangeError);
  });
  it("throws TypeError for non-integers", () => {
    expect(() => fenToChineseCapitals(1.5)).toThrow(TypeError);
    expect(() => fenToChineseCapitals(Number.NaN)).toThrow(TypeError);
  });
});

describe("fenToChineseCapitals: invariants over many amounts (property)", () => {
  // mulberry32: reproducible without a library.
  let state = 7;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Many zeros, to exercise the 零 rules: each digit is 0 half the time.
  const amount = (): number => {
    let value = 0;
    const length = 1 + Math.floor(next() * 15);
    for (let i = 0; i < length; i++) value = value * 10 + (next() < 0.5 ? 0 : 1 + Math.floor(next() * 9));
    return value;
  };
  const DIGIT_VALUES = "零壹贰叁肆伍陆柒捌玖";
  const UNIT_VALUES: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };

  // An independent reader: parses the capitals back to fen.
  function readBack(text: string): number {
    const body = text.replace(/^人民币/, "").replace(/整$/, "");
    let total = 0;
    let section = 0; // below 万
    let wanGroup = 0; // below 亿
    let digit = 0;
    for (const ch of body) {
      const d = DIGIT_VALUES.indexOf(ch);
      if (d >= 0) {
        digit = d;
      } else if (ch in UNIT_VALUES) {
        section += digit * (UNIT_VALUES[ch] ?? 0);
        digit = 0;
      } else if (ch === "万") {
        wanGroup += (section + digit) * 10_000;
        section = digit = 0;
      } else if (ch === "亿") {
        total = (total + wanGroup + section + digit) * 100_000_000;
        wanGroup = section = digit = 0;
      } else if (ch === "元") {
        total = (total + wanGroup + section + digit) * 100;
        wanGroup = section = digit = 0;
      } else if (ch === "角") {
        total += digit * 10;
        digit = 0;
      } else if (ch === "分") {
        total += digit;
        digit = 0;
      } else {
        throw new Error(`unexpected ${ch}`);
      }
    }
    return total;
  }

  it("reads back to the same amount, with 整 exactly when it ends at 元, and no stray 零", () => {
    for (let i = 0; i < 3000; i++) {
      const value = amount();
      const text = fenToChineseCapitals(value);
      expect(readBack(text)).toBe(value);
      expect(text.startsWith("人民币")).toBe(true);
      expect(text.endsWith("整")).toBe(value % 100 === 0);
      if (value > 0) expect(text).not.toMatch(/零零|零[万亿元角分整]|[角分]整|^人民币零/);
      if (value % 100 !== 0 && value >= 100) {
        // 零 right after 元 exactly when the 元 digit or the 角 digit is zero
        const zeroAfterYuan = Math.floor(value / 100) % 10 === 0 || Math.floor(value / 10) % 10 === 0;
        expect(text.includes("元零")).toBe(zeroAfterYuan);
      }
    }
  });
});
