import { describe, expect, it } from "vitest";
import {
  USCC_CHARSET,
  creditCodeCheckChar,
  isValidCreditCode,
  isValidResidentId,
  maskResidentId,
  normaliseCode,
  residentIdCheckChar,
} from "~/domain/spending/credit-codes";

const USCC = "91350100M000100Y43";
const ID = "11010519491231002X";

/** Every string that differs from `code` in exactly one position, by a character of `alphabet`. */
function oneCharChanges(code: string, alphabet: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i += 1) {
    for (const c of alphabet) if (c !== code[i]) out.push(code.slice(0, i) + c + code.slice(i + 1));
  }
  return out;
}

describe("unified social credit code (GB 32100-2015)", () => {
  it("accepts the standard's example", () => {
    expect(isValidCreditCode(USCC)).toBe(true);
    expect(creditCodeCheckChar(USCC.slice(0, 17))).toBe("3");
  });

  it("refuses every single-character change at every position", () => {
    const changed = oneCharChanges(USCC, USCC_CHARSET);
    expect(changed.length).toBe(18 * 30);
    for (const code of changed) expect(isValidCreditCode(code), code).toBe(false);
  });

  it("refuses wrong lengths and the forbidden letters I O S V Z", () => {
    expect(isValidCreditCode(USCC.slice(0, 17))).toBe(false);
    expect(isValidCreditCode(`${USCC}0`)).toBe(false);
    expect(isValidCreditCode("")).toBe(false);
    for (const letter of "IOSVZ") {
      expect(isValidCreditCode(`${USCC.slice(0, 8)}${letter}${USCC.slice(9)}`)).toBe(false);
      expect(creditCodeCheckChar(`${USCC.slice(0, 8)}${letter}${USCC.slice(9, 17)}`)).toBeNull();
    }
  });

  it("accepts lower case, spaces around and full-width characters after normalising", () => {
    expect(isValidCreditCode(USCC.toLowerCase())).toBe(true);
    expect(isValidCreditCode(`  ${USCC}\t`)).toBe(true);
    const fullWidth = [...USCC].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");
    expect(normaliseCode(fullWidth)).toBe(USCC);
    expect(isValidCreditCode(fullWidth)).toBe(true);
  });
});

describe("resident ID number (GB 11643-1999)", () => {
  it("accepts the standard's example", () => {
    expect(isValidResidentId(ID)).toBe(true);
    expect(residentIdCheckChar(ID.slice(0, 17))).toBe("X");
  });

  it("refuses every single-character change at every position", () => {
    const changed = oneCharChanges(ID, "0123456789X");
    expect(changed.length).toBe(18 * 10);
    for (const id of changed) expect(isValidResidentId(id), id).toBe(false);
  });

  it("accepts a lower-case x and full-width digits", () => {
    expect(isValidResidentId(ID.toLowerCase())).toBe(true);
    expect(isValidResidentId("１１０１０５１９４９１２３１００２Ｘ")).toBe(true);
  });

  it("refuses wrong lengths, letters and a birth date that does not exist (even with a correct check digit)", () => {
    expect(isValidResidentId(ID.slice(0, 17))).toBe(false);
    expect(isValidResidentId(`${ID}1`)).toBe(false);
    expect(isValidResidentId("11010519491231A02X")).toBe(false);
    for (const birth of ["19490230", "19491301", "19490000", "18991231"]) {
      const first17 = `110105${birth}002`;
      expect(isValidResidentId(first17 + residentIdCheckChar(first17)!), birth).toBe(false);
    }
    const leap = "110105200002290011";
    const leapFirst17 = leap.slice(0, 17);
    expect(isValidResidentId(leapFirst17 + residentIdCheckChar(leapFirst17)!)).toBe(true);
  });

  it("masks all but the region and the last four", () => {
    expect(maskResidentId(ID)).toBe("110105********002X");
    expect(maskResidentId(` ${ID.toLowerCase()} `)).toBe("110105********002X");
  });
});
