import { describe, expect, it } from "vitest";
import { checkPayment, percentOf, retentionFen, stageAllowances, warrantyEnd, type PaymentTerms } from "~/domain/spending/payments";

const terms = (over: Partial<PaymentTerms> = {}): PaymentTerms => ({
  status: "approved", approvedFen: 100_000_00, advancePercent: "30.00", retentionPercent: "5.00", retentionReleased: false, ...over,
});
const none = { advanceFen: 0, totalFen: 0 };
const pay = (stage: "advance" | "balance" | "retention", amountFen: number, invoiceNumber = "INV-1") => ({ stage, amountFen, invoiceNumber });

describe("payment shares", () => {
  it("takes percentages half-up to the fen", () => {
    expect(percentOf(100_000_00, "30.00")).toBe(30_000_00);
    expect(percentOf(333, "5.00")).toBe(17); // 16.65 → 17
    expect(percentOf(330, "5.00")).toBe(17); // 16.5 → 17 (half-up)
    expect(retentionFen({ approvedFen: 1_234_567, retentionPercent: "0" })).toBe(0);
  });

  it("shows what each stage allows", () => {
    expect(stageAllowances(terms(), none)).toEqual({ advance: 30_000_00, balance: 0, retention: 0 });
    expect(stageAllowances(terms({ status: "accepted" }), { advanceFen: 30_000_00, totalFen: 30_000_00 })).toEqual({ advance: 0, balance: 65_000_00, retention: 0 });
    expect(stageAllowances(terms({ status: "paid", retentionReleased: true }), { advanceFen: 0, totalFen: 95_000_00 })).toEqual({ advance: 0, balance: 0, retention: 5_000_00 });
  });
});

describe("checkPayment", () => {
  it("allows the advance up to the share and moves to advance_paid", () => {
    expect(checkPayment(terms(), none, pay("advance", 30_000_00, ""))).toEqual({ ok: true, status: "advance_paid" });
    expect(checkPayment(terms({ status: "advance_paid" }), { advanceFen: 10_000_00, totalFen: 10_000_00 }, pay("advance", 20_000_00))).toEqual({ ok: true, status: "advance_paid" });
  });

  it("refuses anything beyond the advance before acceptance", () => {
    const r = checkPayment(terms(), none, pay("advance", 30_000_01));
    expect(r).toMatchObject({ ok: false, problem: { code: "approvals.errors.beforeAcceptance", params: { allowedFen: 30_000_00 } } });
    expect(checkPayment(terms(), none, pay("balance", 1_00))).toMatchObject({ ok: false, problem: { code: "approvals.errors.beforeAcceptance" } });
    expect(checkPayment(terms({ advancePercent: "0" }), none, pay("advance", 1))).toMatchObject({ ok: false, problem: { code: "approvals.errors.beforeAcceptance" } });
  });

  it("refuses above the approved amount, saying by how much", () => {
    const r = checkPayment(terms({ status: "accepted" }), { advanceFen: 0, totalFen: 90_000_00 }, pay("balance", 10_000_01));
    expect(r).toMatchObject({ ok: false, problem: { code: "approvals.errors.aboveApproved", params: { overFen: 1 } } });
  });

  it("refuses zero, negative and fractional fen", () => {
    for (const amount of [0, -1, 1.5]) expect(checkPayment(terms(), none, pay("advance", amount))).toMatchObject({ ok: false, problem: { code: "approvals.errors.amountPositive" } });
  });

  it("keeps the retention out of the balance; partial balance stays accepted", () => {
    const accepted = terms({ status: "accepted" });
    expect(checkPayment(accepted, { advanceFen: 30_000_00, totalFen: 30_000_00 }, pay("balance", 10_000_00))).toEqual({ ok: true, status: "accepted" });
    expect(checkPayment(accepted, { advanceFen: 30_000_00, totalFen: 30_000_00 }, pay("balance", 65_000_00))).toEqual({ ok: true, status: "paid" });
    expect(checkPayment(accepted, { advanceFen: 30_000_00, totalFen: 30_000_00 }, pay("balance", 65_000_01))).toMatchObject({ ok: false, problem: { code: "approvals.errors.aboveStage" } });
    expect(checkPayment(accepted, none, pay("balance", 10_000_00, " "))).toMatchObject({ ok: false, problem: { code: "approvals.errors.invoiceRequired" } });
  });

  it("closes at once without retention", () => {
    expect(checkPayment(terms({ status: "accepted", retentionPercent: "0" }), none, pay("balance", 100_000_00))).toEqual({ ok: true, status: "closed" });
  });

  it("pays the retention only once released, then closes", () => {
    const paid = { advanceFen: 0, totalFen: 95_000_00 };
    expect(checkPayment(terms({ status: "paid" }), paid, pay("retention", 5_000_00))).toMatchObject({ ok: false, problem: { code: "approvals.errors.retentionNotReleased" } });
    expect(checkPayment(terms({ status: "paid", retentionReleased: true }), paid, pay("retention", 5_000_00))).toEqual({ ok: true, status: "closed" });
    expect(checkPayment(terms({ status: "accepted" }), paid, pay("retention", 1_00))).toMatchObject({ ok: false, problem: { code: "approvals.errors.stageNotOpen" } });
  });
});

describe("warrantyEnd", () => {
  it("adds months, clamping to the month's end", () => {
    expect(warrantyEnd("2026-03-15", 12)).toBe("2027-03-15");
    expect(warrantyEnd("2026-01-31", 1)).toBe("2026-02-28");
    expect(warrantyEnd("2027-11-30", 3)).toBe("2028-02-29");
    expect(warrantyEnd("2026-05-01", 0)).toBe("2026-05-01");
  });
});
