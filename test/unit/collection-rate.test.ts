import { describe, expect, it } from "vitest";
import { collectionRates, type RateAllocation, type RateBill } from "~/domain/billing/collection-rate";

const bill = (id: number, periodStart: string, amountFen: number): RateBill => ({ id, periodStart, amountFen });
const alloc = (billId: number, billPeriodStart: string, allocatedOn: string, amountFen: number): RateAllocation => ({ billId, billPeriodStart, allocatedOn, amountFen });

describe("collection rates", () => {
  it("is null with nothing billed", () => {
    const r = collectionRates("2026Q1", [], []);
    expect(r.ofQuarter).toEqual({ numeratorFen: 0, denominatorFen: 0, ratePercent: null });
    expect(r.includingArrears.ratePercent).toBeNull();
  });

  it("counts full, partial and prepaid payments of the quarter's bills", () => {
    const bills = [bill(1, "2026-01", 10000), bill(2, "2026-01", 20000), bill(3, "2026-01", 30000)];
    const allocations = [
      alloc(1, "2026-01", "2026-01-01", 10000), // from prepaid on issue
      alloc(2, "2026-01", "2026-02-10", 5000), // partial
      alloc(3, "2026-01", "2026-04-02", 30000), // late: after quarter end
    ];
    const r = collectionRates("2026Q1", bills, allocations);
    expect(r.ofQuarter).toEqual({ numeratorFen: 15000, denominatorFen: 60000, ratePercent: "25.00" });
    expect(r.includingArrears).toEqual({ numeratorFen: 15000, denominatorFen: 60000, ratePercent: "25.00" });
  });

  it("counts late payments of older bills only in the rate including arrears", () => {
    const bills = [bill(1, "2025-10", 30000), bill(2, "2026-01", 30000)];
    const allocations = [
      alloc(1, "2025-10", "2025-11-01", 10000), // paid before the quarter: not arrears
      alloc(1, "2025-10", "2026-02-01", 20000), // old bill paid late, in the quarter
      alloc(2, "2026-01", "2026-03-31", 10000), // on the last day
    ];
    const r = collectionRates("2026Q1", bills, allocations);
    expect(r.ofQuarter).toEqual({ numeratorFen: 10000, denominatorFen: 30000, ratePercent: "33.33" });
    expect(r.includingArrears).toEqual({ numeratorFen: 30000, denominatorFen: 50000, ratePercent: "60.00" });
  });

  it("counts a payment made before the quarter on its bill in (a) but not in (b), and ignores later bills", () => {
    const bills = [bill(1, "2026-04", 10000), bill(2, "2026-07", 99999)];
    const allocations = [alloc(1, "2026-04", "2026-03-20", 3000), alloc(1, "2026-04", "2026-05-01", 7000), alloc(2, "2026-07", "2026-06-30", 99999)];
    const r = collectionRates("2026Q2", bills, allocations);
    expect(r.ofQuarter).toEqual({ numeratorFen: 10000, denominatorFen: 10000, ratePercent: "100.00" });
    expect(r.includingArrears).toEqual({ numeratorFen: 7000, denominatorFen: 10000, ratePercent: "70.00" });
  });

  it("rounds the percentage half-up once to 2 places", () => {
    const r = collectionRates("2026Q4", [bill(1, "2026-10", 3)], [alloc(1, "2026-10", "2026-12-31", 2)]);
    expect(r.ofQuarter.ratePercent).toBe("66.67");
    const s = collectionRates("2026Q4", [bill(1, "2026-12", 80000)], [alloc(1, "2026-12", "2026-12-01", 1)]);
    expect(s.ofQuarter.ratePercent).toBe("0.00"); // 0.00125% → 0.00
  });

  it("refuses a malformed quarter", () => {
    expect(() => collectionRates("2026Q5", [], [])).toThrow(RangeError);
  });
});
