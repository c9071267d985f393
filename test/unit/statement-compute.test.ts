import { describe, expect, it } from "vitest";
import { bookStatement, budgetRows, cashLines, maskedSupplierName, StatementImbalance, type BookInputs } from "~/domain/statements/compute";
import { budgetLineKey, cashLineOf, lineLabel } from "~/domain/statements/lines";
import { parsePeriod, previousPeriod, quarterOf, quartersOf } from "~/domain/statements/snapshot";
import { canonicalSnapshot, snapshotHash } from "~/domain/statements/snapshot-hash";

const NO_OWED = { arrearsFen: 0, prepaidFen: 0, approvedUnpaidFen: 0, remunerationPayableFen: 0 };

function inputs(partial: Partial<BookInputs>): BookInputs {
  return {
    book: "cogoverned", openingFen: 0, bankAtEndFen: 0, periodRows: [], yearToDateRows: [], owed: NO_OWED,
    budget: { budgetId: null, title: null, lines: [] }, payments: [], ...partial,
  };
}

describe("cash lines", () => {
  it("put each counter-account of a bank movement on its line, by direction for prepaid fees", () => {
    expect(cashLineOf("1122", -100)).toEqual({ section: "income", key: "fees" });
    expect(cashLineOf("2203", -100)).toEqual({ section: "income", key: "fees_prepaid" });
    expect(cashLineOf("2203", 100)).toEqual({ section: "spending", key: "refunds" });
    expect(cashLineOf("2241", 100)).toEqual({ section: "spending", key: "remuneration" });
    expect(cashLineOf("6701", 100)).toEqual({ section: "spending", key: "remuneration" });
    expect(cashLineOf("6601", 100)).toEqual({ section: "spending", key: "6601" });
    expect(cashLineOf("6802", 100)).toEqual({ section: "spending", key: "6802" });
    expect(cashLineOf("6003", -100)).toEqual({ section: "income", key: "6003" });
    expect(cashLineOf("3101", -100)).toEqual({ section: "income", key: "other_in" });
    expect(cashLineOf("3101", 100)).toEqual({ section: "spending", key: "other_out" });
  });

  it("sum per line, keep a reversed receipt as negative income (not spending), and drop zero lines", () => {
    const { income, spending } = cashLines([
      { accountCode: "1122", netFen: -50_000 }, { accountCode: "6003", netFen: -20_000 }, { accountCode: "6003", netFen: 5_000 },
      { accountCode: "6601", netFen: 30_000 }, { accountCode: "2241", netFen: 4_000 }, { accountCode: "6006", netFen: -1 }, { accountCode: "6006", netFen: 1 },
    ]);
    expect(income).toEqual([{ key: "fees", amountFen: 50_000 }, { key: "6003", amountFen: 15_000 }]);
    expect(spending).toEqual([{ key: "6601", amountFen: 30_000 }, { key: "remuneration", amountFen: 4_000 }]);
  });
});

describe("a book's statement", () => {
  it("closes at opening + income − spending, which must be the bank balance", () => {
    const rows = [{ accountCode: "1122", netFen: -50_000 }, { accountCode: "6601", netFen: 30_000 }];
    const statement = bookStatement(inputs({ openingFen: 100_000, bankAtEndFen: 120_000, periodRows: rows, yearToDateRows: rows }));
    expect(statement).toMatchObject({ openingFen: 100_000, incomeTotalFen: 50_000, spendingTotalFen: 30_000, closingFen: 120_000 });
  });

  it("is refused when a line was lost (closing ≠ bank)", () => {
    const rows = [{ accountCode: "1122", netFen: -50_000 }];
    expect(() => bookStatement(inputs({ openingFen: 100_000, bankAtEndFen: 150_001, periodRows: rows }))).toThrow(StatementImbalance);
  });

  it("compares every budget line with the quarter and the year to date, and shows unbudgeted spending with a zero budget", () => {
    const rows = budgetRows(
      [{ kind: "6601", amountFen: 100_000 }, { kind: "6701", amountFen: 20_000 }, { kind: "2203", amountFen: 5_000 }],
      [{ key: "6601", amountFen: 10_000 }, { key: "remuneration", amountFen: 3_000 }],
      [{ key: "6601", amountFen: 40_000 }, { key: "remuneration", amountFen: 9_000 }, { key: "6609", amountFen: 700 }],
    );
    expect(rows).toEqual([
      { kind: "6601", lineKey: "6601", budgetFen: 100_000, periodFen: 10_000, yearToDateFen: 40_000, remainingFen: 60_000 },
      { kind: "6609", lineKey: "6609", budgetFen: 0, periodFen: 0, yearToDateFen: 700, remainingFen: -700 },
      { kind: "6701", lineKey: "remuneration", budgetFen: 20_000, periodFen: 3_000, yearToDateFen: 9_000, remainingFen: 11_000 },
      { kind: "2203", lineKey: "refunds", budgetFen: 5_000, periodFen: 0, yearToDateFen: 0, remainingFen: 5_000 },
    ]);
    expect(budgetLineKey("6802")).toBe("6802");
  });
});

describe("periods and names", () => {
  it("parse quarters and years, and refuse anything else", () => {
    expect(parsePeriod("2026Q1")).toEqual({ kind: "quarter", label: "2026Q1", startDate: "2026-01-01", endDate: "2026-03-31" });
    expect(parsePeriod("2025Q4")?.endDate).toBe("2025-12-31");
    expect(parsePeriod("2026")).toEqual({ kind: "year", label: "2026", startDate: "2026-01-01", endDate: "2026-12-31" });
    for (const bad of ["2026Q5", "2026Q0", "26Q1", "1999", "2026-01", "", "2026Q1 "]) expect(parsePeriod(bad)).toBeNull();
    expect(quarterOf("2026-05-02")).toBe("2026Q2");
    expect(quarterOf("2026-12-31")).toBe("2026Q4");
    expect(previousPeriod("2026Q1")).toBe("2025Q4");
    expect(previousPeriod("2026Q3")).toBe("2026Q2");
    expect(previousPeriod("2026")).toBe("2025");
    expect(quartersOf(parsePeriod("2026")!)).toEqual(["2026Q1", "2026Q2", "2026Q3", "2026Q4"]);
  });

  it("name lines in both languages and mask individual suppliers", () => {
    expect(lineLabel("6601", "zh-CN")).toBe("人员费用（工资、社保、福利）");
    expect(lineLabel("fees", "en")).toBe("Service fees received on bills");
    expect(lineLabel("remuneration", "zh-CN")).toBe("物业公司酬金");
    expect(maskedSupplierName("individual", "张三丰")).toBe("张*");
    expect(maskedSupplierName("organisation", "明湖机电有限公司")).toBe("明湖机电有限公司");
  });

  it("hash the RFC 8785 text of a snapshot, so key order does not matter", () => {
    const a = { b: 1, a: "甲" } as never;
    const b = { a: "甲", b: 1 } as never;
    expect(canonicalSnapshot(a)).toBe('{"a":"甲","b":1}');
    expect(snapshotHash(canonicalSnapshot(a))).toBe(snapshotHash(canonicalSnapshot(b)));
    expect(snapshotHash(canonicalSnapshot(a))).toMatch(/^[0-9a-f]{64}$/);
  });
});
