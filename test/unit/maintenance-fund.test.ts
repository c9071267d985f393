import { describe, expect, it } from "vitest";
import { fundRuleInForce, maintenanceFundShare, outstandingCatchUp, quartersBetween, transferAmounts } from "~/domain/income/maintenance-fund";

const rules = [
  { id: 1, percent: "60.00", effectiveFrom: "2025-01-01" },
  { id: 2, percent: "75.50", effectiveFrom: "2026-08-15" },
];

describe("the maintenance fund's share of a quarter", () => {
  it("takes all of it when no rule is in force", () => {
    expect(maintenanceFundShare("2024Q4", [{ receivedOn: "2024-11-02", baseFen: 12_345 }], rules)).toEqual({
      baseFen: 12_345, shareFen: 12_345, parts: [{ ruleId: null, percent: "100.00", baseFen: 12_345, shareFen: 12_345 }],
    });
  });

  it("groups the base by the rule in force on each day when the rule changes mid-quarter", () => {
    const share = maintenanceFundShare("2026Q3", [
      { receivedOn: "2026-07-05", baseFen: 100_000 },
      { receivedOn: "2026-08-14", baseFen: 50_000 },
      { receivedOn: "2026-08-15", baseFen: 10_000 },
      { receivedOn: "2026-09-30", baseFen: 20_000 },
      { receivedOn: "2026-10-01", baseFen: 999_999 }, // next quarter: left out
      { receivedOn: "2026-06-30", baseFen: 999_999 }, // previous quarter: left out
    ], rules);
    expect(share.parts).toEqual([
      { ruleId: 1, percent: "60.00", baseFen: 150_000, shareFen: 90_000 },
      { ruleId: 2, percent: "75.50", baseFen: 30_000, shareFen: 22_650 },
    ]);
    expect(share).toMatchObject({ baseFen: 180_000, shareFen: 112_650 });
  });

  it("is zero on a zero base and on no income", () => {
    expect(maintenanceFundShare("2026Q1", [], rules)).toEqual({ baseFen: 0, shareFen: 0, parts: [] });
    expect(maintenanceFundShare("2026Q1", [{ receivedOn: "2026-02-01", baseFen: 0 }], rules)).toMatchObject({ baseFen: 0, shareFen: 0 });
  });

  it("rounds each group once, half-up, at half a fen", () => {
    // 75.50 % of 1 fen = 0.755 → 1; 60 % of 5 fen = 3; 75.50 % of 2 fen = 1.51 → 2.
    expect(maintenanceFundShare("2026Q4", [{ receivedOn: "2026-10-01", baseFen: 1 }], rules).shareFen).toBe(1);
    expect(maintenanceFundShare("2026Q4", [{ receivedOn: "2026-10-01", baseFen: 2 }], rules).shareFen).toBe(2);
    const half = [{ id: 9, percent: "50.00", effectiveFrom: "2020-01-01" }];
    expect(maintenanceFundShare("2026Q4", [{ receivedOn: "2026-10-01", baseFen: 1 }], half).shareFen).toBe(1); // 0.5 → 1
    expect(maintenanceFundShare("2026Q4", [{ receivedOn: "2026-10-01", baseFen: 3 }], half).shareFen).toBe(2); // 1.5 → 2
    // Grouped before rounding: two incomes of 1 fen at 50 % are 1 fen, not 2.
    expect(maintenanceFundShare("2026Q4", [{ receivedOn: "2026-10-01", baseFen: 1 }, { receivedOn: "2026-11-01", baseFen: 1 }], half).shareFen).toBe(1);
  });

  it("refuses a period that is not a quarter", () => {
    expect(() => maintenanceFundShare("2026", [], rules)).toThrow(RangeError);
  });
});

describe("rules and quarters", () => {
  it("finds the rule in force by its date", () => {
    expect(fundRuleInForce(rules, "2024-12-31")).toBeNull();
    expect(fundRuleInForce(rules, "2026-08-14")?.id).toBe(1);
    expect(fundRuleInForce(rules, "2026-08-15")?.id).toBe(2);
  });

  it("lists the ended quarters from the first income's", () => {
    expect(quartersBetween("2025-11-03", "2026-07-01")).toEqual(["2025Q4", "2026Q1", "2026Q2"]);
    expect(quartersBetween("2026-05-01", "2026-06-30")).toEqual([]);
  });
});

describe("the catch-up of booked quarters' corrections", () => {
  const now = (entries: Record<string, number>) => new Map(Object.entries(entries));

  it("is 0 with nothing booked and when no booked quarter changed", () => {
    expect(outstandingCatchUp([], now({}))).toBe(0);
    expect(outstandingCatchUp([{ period: "2026Q1", shareFen: 18_750, catchUpFen: 0 }], now({ "2026Q1": 18_750 }))).toBe(0);
  });

  it("is the recomputed share minus the booked one, up or down", () => {
    expect(outstandingCatchUp([{ period: "2026Q1", shareFen: 18_750, catchUpFen: 0 }], now({ "2026Q1": 23_934 }))).toBe(5_184);
    expect(outstandingCatchUp([{ period: "2026Q1", shareFen: 18_750, catchUpFen: 0 }], now({ "2026Q1": 18_000 }))).toBe(-750);
  });

  it("adds the differences of several quarters", () => {
    const transfers = [
      { period: "2025Q4", shareFen: 5_000, catchUpFen: 0 },
      { period: "2026Q1", shareFen: 18_750, catchUpFen: 0 },
      { period: "2026Q2", shareFen: 7_500, catchUpFen: 0 },
    ];
    expect(outstandingCatchUp(transfers, now({ "2025Q4": 5_100, "2026Q1": 18_750, "2026Q2": 7_000 }))).toBe(100 - 500);
  });

  it("does not pay a catch-up twice, and counts a partly taken overpayment once", () => {
    const transfers = [
      { period: "2026Q1", shareFen: 18_750, catchUpFen: 0 },
      { period: "2026Q2", shareFen: 7_500, catchUpFen: 5_184 }, // paid Q1's difference
    ];
    expect(outstandingCatchUp(transfers, now({ "2026Q1": 23_934, "2026Q2": 7_500 }))).toBe(0);
    // A later correction of Q1 again is owed on its own.
    expect(outstandingCatchUp(transfers, now({ "2026Q1": 24_000, "2026Q2": 7_500 }))).toBe(66);
    // Q2 was overpaid by 2,500 and Q3's share of 1,000 could only take 1,000 of it: 1,500 remains.
    const down = [
      { period: "2026Q2", shareFen: 7_500, catchUpFen: 0 },
      { period: "2026Q3", shareFen: 1_000, catchUpFen: -1_000 },
    ];
    expect(outstandingCatchUp(down, now({ "2026Q2": 5_000, "2026Q3": 1_000 }))).toBe(-1_500);
  });

  it("leaves out the quarter being booked and refuses a booked quarter without its recomputed share", () => {
    const transfers = [{ period: "2026Q1", shareFen: 100, catchUpFen: 0 }, { period: "2026Q2", shareFen: 100, catchUpFen: 0 }];
    expect(outstandingCatchUp(transfers, now({ "2026Q1": 150, "2026Q2": 300 }), "2026Q2")).toBe(50);
    expect(() => outstandingCatchUp(transfers, now({ "2026Q1": 150 }))).toThrow(RangeError);
  });

  it("never makes a transfer negative: the rest of an overpayment carries on", () => {
    expect(transferAmounts(7_500, 5_184)).toEqual({ catchUpFen: 5_184, amountFen: 12_684 });
    expect(transferAmounts(0, 5_184)).toEqual({ catchUpFen: 5_184, amountFen: 5_184 });
    expect(transferAmounts(1_000, -2_500)).toEqual({ catchUpFen: -1_000, amountFen: 0 });
    expect(transferAmounts(5_000, -1_500)).toEqual({ catchUpFen: -1_500, amountFen: 3_500 });
    expect(transferAmounts(0, -1_500)).toEqual({ catchUpFen: 0, amountFen: 0 });
    expect(transferAmounts(1_000, 0)).toEqual({ catchUpFen: 0, amountFen: 1_000 });
  });
});
