import { describe, it, expect } from "vitest";
import { formatArea, MAX_AREA_CENTI_M2, parseArea } from "../../app/domain/area";

describe("parseArea", () => {
  it.each([
    ["89.37", 8937],
    ["89.5", 8950],
    ["120", 12000],
    ["０.０１", 1],
    ["８９．３７", 8937],
    [".5", 50],
    ["0089.37", 8937],
    ["89.37m²", 8937],
    ["89.37 m²", 8937],
    ["89.37m2", 8937],
    ["89.37㎡", 8937],
    ["89.37平方米", 8937],
    ["89.37 平米", 8937],
    ["  120  ", 12000],
    ["1,234.5", 123450],
    ["100,000.00", 10_000_000],
  ])("%j → %i hundredths of m²", (input, centiM2) => {
    expect(parseArea(input)).toEqual({ ok: true, value: centiM2 });
  });

  it.each(["", "  ", "\u3000"])("%j is empty", (input) => {
    expect(parseArea(input)).toEqual({ ok: false, error: { code: "area.empty" } });
  });

  it.each(["abc", "89.", ".", "1.2.3", "12,34", "1e3", "0x10", "NaN", "Infinity", "m²", "89.37 m", "89.37m²m²", "¥89", "89元", "+5"])(
    "%j is invalid",
    (input) => {
      expect(parseArea(input)).toEqual({ ok: false, error: { code: "area.invalid" } });
    },
  );

  it.each(["89.375", "89.370", "0.001㎡"])("%j has too many decimals (refused, not rounded)", (input) => {
    expect(parseArea(input)).toEqual({ ok: false, error: { code: "area.too_many_decimals" } });
  });

  it.each(["0", "0.00", "-0", "-5", "－89.37", "0 ㎡"])("%j is not positive", (input) => {
    expect(parseArea(input)).toEqual({ ok: false, error: { code: "area.not_positive" } });
  });

  it.each(["100000.01", "100001", "1000000", "99999999999999999999"])("%j is too large", (input) => {
    expect(parseArea(input)).toEqual({ ok: false, error: { code: "area.too_large" } });
  });

  it("accepts the maximum exactly", () => {
    expect(parseArea("100000")).toEqual({ ok: true, value: MAX_AREA_CENTI_M2 });
  });
});

describe("formatArea", () => {
  it.each([
    [8937, "89.37"],
    [8950, "89.50"],
    [12000, "120.00"],
    [1, "0.01"],
    [0, "0.00"],
    [MAX_AREA_CENTI_M2, "100000.00"],
  ])("%i → %s", (centiM2, text) => {
    expect(formatArea(centiM2)).toBe(text);
  });

  it("throws TypeError for non-integers (programming error)", () => {
    expect(() => formatArea(89.37)).toThrow(TypeError);
  });

  it("round-trips through parseArea for every area up to the maximum step", () => {
    for (let centiM2 = 1; centiM2 <= MAX_AREA_CENTI_M2; centiM2 += 9973) {
      expect(parseArea(formatArea(centiM2))).toEqual({ ok: true, value: centiM2 });
    }
    expect(parseArea(formatArea(MAX_AREA_CENTI_M2))).toEqual({ ok: true, value: MAX_AREA_CENTI_M2 });
  });
});
