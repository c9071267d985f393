import Decimal from "decimal.js";
import { describe, it, expect } from "vitest";
import {
  assertFen,
  fenToDecimalString,
  formatFen,
  MAX_FEN,
  multiplyAreaRateMonths,
  multiplyRate,
  parseRate,
  parseYuan,
  splitFen,
  yuanTimesQuantity,
} from "../../app/domain/money";

// Small seeded PRNG (mulberry32) so property loops are reproducible.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const randomInt = (next: () => number, max: number): number => Math.floor(next() * (max + 1));
// Any fen amount up to max (≤ MAX_FEN), with all digits random, not just the high ones.
const randomFen = (next: () => number, max: number): number =>
  (randomInt(next, Math.floor(max / 1e8)) * 1e8 + randomInt(next, 99_999_999)) % (max + 1);
// Random sign, but never the float -0.
const withRandomSign = (next: () => number, value: number): number =>
  randomInt(next, 1) && value !== 0 ? -value : value;

describe("parseYuan", () => {
  it.each([
    ["1,234.56", 123456],
    ["1234.56", 123456],
    ["１２３４.５", 123450],
    ["１，２３４．５６", 123456],
    ["¥12", 1200],
    ["￥12.3", 1230],
    ["12元", 1200],
    ["¥ 12 元", 1200],
    ["  7.05  ", 705],
    ["\u30008\u3000", 800],
    ["0", 0],
    ["0.01", 1],
    ["007.5", 750],
    [".5", 50],
    ["．０５", 5],
    ["1,234,567.89", 123456789],
    ["9,999,999,999,999.99", 999_999_999_999_999],
  ])("%j → %i fen", (input, fen) => {
    expect(parseYuan(input)).toEqual({ ok: true, value: fen });
  });

  it("accepts the maximum and refuses one fen more", () => {
    expect(parseYuan("10,000,000,000,000.00")).toEqual({ ok: true, value: MAX_FEN });
    expect(parseYuan("10000000000000.01")).toEqual({ ok: false, error: { code: "money.too_large" } });
    expect(parseYuan("10000000000001")).toEqual({ ok: false, error: { code: "money.too_large" } });
    expect(parseYuan("99999999999999999999")).toEqual({ ok: false, error: { code: "money.too_large" } });
    expect(parseYuan("-10000000000000.01", { allowNegative: true })).toEqual({
      ok: false,
      error: { code: "money.too_large" },
    });
  });

  it.each(["", "   ", "\u3000"])("%j is empty", (input) => {
    expect(parseYuan(input)).toEqual({ ok: false, error: { code: "money.empty" } });
  });

  it.each([
    "abc", "1.2.3", "12,34", "1,2345", "1234,567", ",123", "0,123", "1,234.5,6",
    "1e5", "1E5", "0x10", "NaN", "Infinity", "-Infinity", "12.", ".", "-", "¥", "元",
    "+12", "¥-12", "- 12", "--12", "1 234", "12元元", "12 ¥", "1_000", "١٢",
  ])("%j is invalid", (input) => {
    expect(parseYuan(input, { allowNegative: true })).toEqual({ ok: false, error: { code: "money.invalid" } });
  });

  it.each(["1.234", "1.230", "0.001", "1,234.567"])("%j has too many decimals (refused, not rounded)", (input) => {
    expect(parseYuan(input)).toEqual({ ok: false, error: { code: "money.too_many_decimals" } });
  });

  it("refuses negatives unless allowed", () => {
    expect(parseYuan("-12")).toEqual({ ok: false, error: { code: "money.negative" } });
    expect(parseYuan("-12", { allowNegative: false })).toEqual({ ok: false, error: { code: "money.negative" } });
    expect(parseYuan("-¥1,234.56", { allowNegative: true })).toEqual({ ok: true, value: -123456 });
    expect(parseYuan("－１２", { allowNegative: true })).toEqual({ ok: true, value: -1200 });
    expect(parseYuan("−0.05元", { allowNegative: true })).toEqual({ ok: true, value: -5 });
  });

  it("reads -0 as zero, never the float -0", () => {
    for (const input of ["-0", "-0.00", "-¥0"]) {
      const result = parseYuan(input);
      expect(result).toEqual({ ok: true, value: 0 });
      expect(result.ok && Object.is(result.value, 0)).toBe(true);
    }
  });

  it("round-trips every formatted amount (property)", () => {
    const next = prng(42);
    for (let i = 0; i < 2000; i++) {
      const fen = withRandomSign(next, randomFen(next, randomInt(next, 1) ? 100_000 : MAX_FEN));
      expect(parseYuan(formatFen(fen), { allowNegative: true })).toEqual({ ok: true, value: fen });
      expect(parseYuan(fenToDecimalString(fen), { allowNegative: true })).toEqual({ ok: true, value: fen });
    }
  });
});

describe("formatFen and fenToDecimalString", () => {
  it.each([
    [123456, "¥1,234.56", "1234.56"],
    [-123456, "-¥1,234.56", "-1234.56"],
    [0, "¥0.00", "0.00"],
    [-0, "¥0.00", "0.00"],
    [5, "¥0.05", "0.05"],
    [-5, "-¥0.05", "-0.05"],
    [100, "¥1.00", "1.00"],
    [99999, "¥999.99", "999.99"],
    [100000, "¥1,000.00", "1000.00"],
    [123456789012, "¥1,234,567,890.12", "1234567890.12"],
    [MAX_FEN, "¥10,000,000,000,000.00", "10000000000000.00"],
  ])("%i → %s / %s", (fen, shown, plain) => {
    expect(formatFen(fen)).toBe(shown);
    expect(fenToDecimalString(fen)).toBe(plain);
  });

  it("refuses non-integers as a programming error", () => {
    expect(() => formatFen(1.5)).toThrow(TypeError);
    expect(() => fenToDecimalString(Number.NaN)).toThrow(TypeError);
  });
});

describe("assertFen", () => {
  it("accepts safe integers", () => {
    expect(() => assertFen(0)).not.toThrow();
    expect(() => assertFen(-123)).not.toThrow();
    expect(() => assertFen(Number.MAX_SAFE_INTEGER)).not.toThrow();
  });
  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, "12", null, undefined, 12n])(
    "throws TypeError for %s",
    (value) => {
      expect(() => assertFen(value)).toThrow(TypeError);
    },
  );
});

describe("parseRate", () => {
  it.each([
    ["2.85", "2.8500"],
    ["2.8500", "2.8500"],
    ["0.08", "0.0800"],
    ["３", "3.0000"],
    [".5", "0.5000"],
    ["002.1", "2.1000"],
    ["0", "0.0000"],
    ["-0", "0.0000"],
    [" 1.2345 ", "1.2345"],
  ])("%j → %s", (input, normalized) => {
    expect(parseRate(input)).toEqual({ ok: true, value: normalized });
  });

  it("honours maxDecimals", () => {
    expect(parseRate("8", 2)).toEqual({ ok: true, value: "8.00" });
    expect(parseRate("8.125", 2)).toEqual({ ok: false, error: { code: "rate.too_many_decimals" } });
    expect(parseRate("8", 0)).toEqual({ ok: true, value: "8" });
    expect(parseRate("8.5", 0)).toEqual({ ok: false, error: { code: "rate.too_many_decimals" } });
  });

  it("refuses bad input with typed errors", () => {
    expect(parseRate("")).toEqual({ ok: false, error: { code: "rate.empty" } });
    expect(parseRate("2.85001")).toEqual({ ok: false, error: { code: "rate.too_many_decimals" } });
    expect(parseRate("-2.85")).toEqual({ ok: false, error: { code: "rate.negative" } });
    for (const input of ["abc", "1e2", "2.", "1,000", "¥2", "NaN", "0x1", "--1"]) {
      expect(parseRate(input)).toEqual({ ok: false, error: { code: "rate.invalid" } });
    }
  });
});

describe("multiplyRate", () => {
  it("takes a percentage of an amount, rounded once to the fen", () => {
    expect(multiplyRate(1_000_001, "0.08")).toBe(80_000); // 80000.08
    expect(multiplyRate(1_000_000, "0.08")).toBe(80_000);
    expect(multiplyRate(12_345, new Decimal("0.1"))).toBe(1_235); // 1234.5 → half up
    expect(multiplyRate(MAX_FEN, "1")).toBe(MAX_FEN);
  });

  it("rounds a half fen up, away from zero for negatives", () => {
    expect(multiplyRate(1, "0.5")).toBe(1);
    expect(multiplyRate(100, "0.005")).toBe(1); // ¥1 × 0.005 = ¥0.005
    expect(multiplyRate(100, "0.0049")).toBe(0);
    expect(multiplyRate(-1, "0.5")).toBe(-1);
    expect(multiplyRate(-3, "0.5")).toBe(-2);
    expect(multiplyRate(3, "0.5")).toBe(2);
  });

  it("never returns -0", () => {
    expect(Object.is(multiplyRate(-1, "0.4"), 0)).toBe(true);
    expect(Object.is(multiplyRate(-100, "0"), 0)).toBe(true);
  });

  it("is exact where floats are not", () => {
    // 0.1 + 0.2 style traps: 3 fen × 0.35 = 1.05 → 1; 1005 fen × 0.5 = 502.5 → 503.
    expect(multiplyRate(3, "0.35")).toBe(1);
    expect(multiplyRate(1005, "0.5")).toBe(503);
    expect(multiplyRate(999_999_999_999_999, "0.0801")).toBe(80_100_000_000_000); // 80,099,999,999,999.9199 → up
  });

  it("throws for programming errors", () => {
    expect(() => multiplyRate(100, "1e2")).toThrow(RangeError);
    expect(() => multiplyRate(100, new Decimal(Number.NaN))).toThrow(RangeError);
    expect(() => multiplyRate(1.5, "1")).toThrow(TypeError);
    expect(() => multiplyRate(MAX_FEN, "1.0001")).toThrow(RangeError);
  });
});

describe("multiplyAreaRateMonths", () => {
  it("computes area × rate × months exactly, rounding once", () => {
    // 89.37 m² × ¥2.85 × 3 = ¥764.1135
    expect(multiplyAreaRateMonths(8937, "2.85", 3)).toBe(76411);
    expect(multiplyAreaRateMonths(8937, "2.8500", 3)).toBe(76411);
    // rounding per month first would give 3 × 25470 = 76410: it is once, at the end
    expect(multiplyAreaRateMonths(8937, "2.85", 1)).toBe(25470); // 25470.45
    // 100.01 m² × ¥1.2345 × 1 = ¥123.462345 → 12346; × 2 = 246.92469 → 24692
    expect(multiplyAreaRateMonths(10001, "1.2345", 1)).toBe(12346);
    expect(multiplyAreaRateMonths(10001, "1.2345", 2)).toBe(24692);
    // half a fen rounds up: 0.01 m² × ¥0.5 = 0.5 fen
    expect(multiplyAreaRateMonths(1, "0.5", 1)).toBe(1);
    expect(multiplyAreaRateMonths(8937, "2.85", 0)).toBe(0);
  });

  it("throws for invalid arguments (programming errors)", () => {
    expect(() => multiplyAreaRateMonths(8937, "2.85001", 1)).toThrow(RangeError);
    expect(() => multiplyAreaRateMonths(8937, "abc", 1)).toThrow(RangeError);
    expect(() => multiplyAreaRateMonths(89.37, "2.85", 1)).toThrow(RangeError);
    expect(() => multiplyAreaRateMonths(8937, "2.85", 1.5)).toThrow(RangeError);
    expect(() => multiplyAreaRateMonths(-1, "2.85", 1)).toThrow(RangeError);
  });
});

describe("yuanTimesQuantity", () => {
  it("multiplies a unit price by a quantity, rounding once to the fen", () => {
    expect(yuanTimesQuantity("3.45", "12.5")).toBe(4313); // ¥43.125
    expect(yuanTimesQuantity("3.45", 12)).toBe(4140);
    expect(yuanTimesQuantity("0.005", 1)).toBe(1);
    expect(yuanTimesQuantity("0.0049", "1")).toBe(0);
    expect(yuanTimesQuantity(new Decimal("2.5"), new Decimal("0.333"))).toBe(83); // 0.8325
    expect(yuanTimesQuantity("-1.005", "1")).toBe(-101);
  });
  it("throws for programming errors", () => {
    expect(() => yuanTimesQuantity("1e3", 1)).toThrow(RangeError);
    expect(() => yuanTimesQuantity("1", 1.5)).toThrow(RangeError);
  });
});

describe("splitFen", () => {
  it("splits equally with the remainder to the lowest indexes", () => {
    expect(splitFen(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitFen(101, [1, 1, 1])).toEqual([34, 34, 33]);
    expect(splitFen(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(splitFen(0, [1, 1])).toEqual([0, 0]);
    expect(splitFen(1200, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toEqual(Array(12).fill(100));
  });

  it("gives leftover fen to the largest remainders", () => {
    // 10 over 3:3:4 → 3, 3, 4 exactly; 10 over 1:2 → 3.33, 6.67 → 3, 7
    expect(splitFen(10, [3, 3, 4])).toEqual([3, 3, 4]);
    expect(splitFen(10, [1, 2])).toEqual([3, 7]);
    // 33.12, 44.47, 22.42 → floors 33+44+22 = 99; the fen goes to .47, the largest remainder
    expect(splitFen(100, ["89.37", "120", "60.5"])).toEqual([33, 45, 22]);
  });

  it("never gives anything to a zero weight", () => {
    expect(splitFen(7, [0, 1, 0, 1])).toEqual([0, 4, 0, 3]);
    expect(splitFen(1, ["0", "0.01"])).toEqual([0, 1]);
  });

  it("splits negative totals symmetrically, without -0", () => {
    expect(splitFen(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    const parts = splitFen(-2, [1, 1, 1]);
    expect(parts).toEqual([-1, -1, 0]);
    expect(Object.is(parts[2], 0)).toBe(true);
  });

  it("throws RangeError for bad weights", () => {
    expect(() => splitFen(100, [])).toThrow(RangeError);
    expect(() => splitFen(100, [0, 0])).toThrow(RangeError);
    expect(() => splitFen(100, [1, -1])).toThrow(RangeError);
    expect(() => splitFen(100, [1.5])).toThrow(RangeError);
    expect(() => splitFen(100, ["1e2"])).toThrow(RangeError);
    expect(() => splitFen(100, ["-1"])).toThrow(RangeError);
    expect(() => splitFen(100, [Number.NaN])).toThrow(RangeError);
    expect(() => splitFen(1.5, [1])).toThrow(TypeError);
  });

  it("always adds back to the total, each part within one fen of its exact share (property)", () => {
    const next = prng(20240601);
    for (let run = 0; run < 3000; run++) {
      const total = withRandomSign(next, randomFen(next, randomInt(next, 1) ? 1000 : 10 ** 12));
      const count = 1 + randomInt(next, 11);
      const weights: (number | string)[] = [];
      for (let i = 0; i < count; i++) {
        if (randomInt(next, 4) === 0) weights.push(0);
        else if (randomInt(next, 1)) weights.push(randomInt(next, 500));
        else weights.push(`${randomInt(next, 300)}.${String(randomInt(next, 99)).padStart(2, "0")}`);
      }
      if (!weights.some((w) => new Decimal(w).greaterThan(0))) weights.push(1);

      const parts = splitFen(total, weights);
      expect(parts).toHaveLength(weights.length);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);

      // Independent oracle in BigInt over weights scaled to hundredths.
      const scaled = weights.map((w) => BigInt(new Decimal(w).times(100).toString()));
      const sum = scaled.reduce((a, b) => a + b, 0n);
      const abs = BigInt(Math.abs(total));
      parts.forEach((part, i) => {
        const w = scaled[i] ?? 0n;
        const floor = (abs * w) / sum;
        const magnitude = BigInt(Math.abs(part));
        expect(magnitude === floor || magnitude === floor + 1n).toBe(true);
        if (w === 0n) expect(part).toBe(0);
        if (part !== 0) expect(Math.sign(part)).toBe(Math.sign(total));
      });
    }
  });
});
