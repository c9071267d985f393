import { beforeAll, describe, expect, it } from "vitest";
import { createOwner } from "~/services/owners.server";
import { createUnit } from "~/services/units.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import { accountBalanceFen } from "~/services/ledger/entries.server";
import { recordPayment } from "~/services/billing/payments.server";
import { arrears, collectionRatesOf, unitAccount } from "~/services/billing/reading.server";
import { setFeeRate } from "~/services/billing/rates.server";
import { listBillRuns } from "~/services/billing/runs.server";
import { buildSmallCommunity, domainErrorOf, ownerInput, unitInput } from "../support/builders";
import { billingDigest, pay, runQuarter, setRates } from "../support/billing";
import { testDb } from "../support/db";

let unitA = 0; // 1栋-0101, 89.37 m², residential, owner 钱多多
let unitB = 0; // 商铺-S01, 120.5 m², commercial
let unitC = 0; // 2栋-0202, 60.01 m², residential, also 钱多多
let personId = 0;

beforeAll(async () => {
  const db = testDb();
  const small = await buildSmallCommunity(db);
  unitA = small.unitA.id;
  unitB = small.unitB.id;
  personId = small.person.id;
  unitC = createUnit(db, unitInput({ building: "2栋", number: "0202", area: "60.01", kind: "residential", ownerId: personId }), "system").unit.id;
  setRates(db, { residential: "2.85", commercial: "4.1235" });
});

describe("fee rates", () => {
  it("refuses a rate with 5 decimals or a negative one, and a second rate for the same kind and month", async () => {
    const db = testDb();
    const before = billingDigest(db);
    expect((await domainErrorOf(() => setFeeRate(db, { unitKind: "residential", rate: "2.85001", effectiveFrom: "2027-01", reference: "x" }, "c"))).code).toBe("billing.errors.rate_too_many_decimals");
    expect((await domainErrorOf(() => setFeeRate(db, { unitKind: "residential", rate: "-1", effectiveFrom: "2027-01", reference: "x" }, "c"))).code).toBe("billing.errors.rate_negative");
    expect((await domainErrorOf(() => setFeeRate(db, { unitKind: "residential", rate: "3", effectiveFrom: "2026-01", reference: "x" }, "c"))).code).toBe("billing.errors.rateExists");
    expect((await domainErrorOf(() => setFeeRate(db, { unitKind: "residential", rate: "3", effectiveFrom: "2027-01", reference: "  " }, "c"))).code).toBe("errors.required");
    expect(billingDigest(db)).toEqual(before);
  });
});

describe("bill runs", () => {
  it("refuses a quarterly run not starting on a quarter, and a kind without a rate, writing nothing", async () => {
    const db = testDb();
    const dev = createOwner(db, ownerInput({ kind: "developer", name: "某开发商" }), "system").owner;
    const devUnit = createUnit(db, unitInput({ building: "3栋", number: "0101", area: "100", kind: "developer_unsold", ownerId: dev.id }), "system").unit;
    const before = billingDigest(db);
    expect((await domainErrorOf(() => runQuarter(db, "2026-02", "2026-02-01", "2026-02-28"))).code).toBe("billing.errors.notQuarterStart");
    expect((await domainErrorOf(() => runQuarter(db, "2025-10", "2025-10-01", "2025-10-31"))).code).toBe("billing.errors.noRate");
    const error = await domainErrorOf(() => runQuarter(db, "2026-01", "2026-01-01", "2026-01-31"));
    expect(error.code).toBe("billing.errors.noRate");
    expect(error.options.params).toEqual({ kinds: "developer_unsold" });
    expect(billingDigest(db)).toEqual(before);
    setRates(db, { developer_unsold: "1.5" });
    expect(devUnit.id).toBeGreaterThan(0);
  });

  it("bills area × rate × months exactly to the fen, one entry per bill, and refuses an overlapping period", async () => {
    const db = testDb();
    const { billCount, totalFen } = runQuarter(db, "2026-01", "2026-01-01", "2026-01-31");
    expect(billCount).toBe(4);
    const a = unitAccount(db, unitA)!;
    expect(a.bills[0]!.amountFen).toBe(76411); // 89.37 × 2.85 × 3 = 764.1135 → ¥764.11
    expect(a.bills[0]!.rate).toBe("2.8500");
    expect(unitAccount(db, unitB)!.bills[0]!.amountFen).toBe(149065); // 120.5 × 4.1235 × 3 = 1490.64525 → ¥1,490.65
    expect(unitAccount(db, unitC)!.bills[0]!.amountFen).toBe(51309); // 60.01 × 2.85 × 3 = 513.0855 → ¥513.09
    expect(totalFen).toBe(76411 + 149065 + 51309 + 45000);
    const before = billingDigest(db);
    expect((await domainErrorOf(() => runQuarter(db, "2026-01", "2026-01-02", "2026-01-31"))).code).toBe("billing.errors.periodOverlap");
    expect(billingDigest(db)).toEqual(before);
    expect(accountBalanceFen(db, "cogoverned", "1122", "2026-01-01")).toBe(totalFen);
  });
});

describe("payments", () => {
  it("refuses bad payments with a clear code and writes nothing", async () => {
    const db = testDb();
    const before = billingDigest(db);
    const over = await domainErrorOf(() => pay(db, { unitId: unitA, amountFen: 76412 }));
    expect(over.code).toBe("billing.errors.overpayment");
    expect(over.options.params).toMatchObject({ owed: "¥764.11", owedFen: 76411 });
    expect((await domainErrorOf(() => pay(db, { unitId: unitA, amountFen: 0 }))).code).toBe("billing.errors.money_notPositive");
    expect((await domainErrorOf(() => pay(db, { unitId: unitA, amountFen: -5 }))).code).toBe("billing.errors.money_notPositive");
    expect((await domainErrorOf(() => pay(db, { unitId: 99999, amountFen: 100 }))).code).toBe("billing.errors.unknownUnit");
    expect((await domainErrorOf(() => pay(db, { unitId: unitA, amountFen: 100, reference: "  " }))).code).toBe("billing.errors.referenceRequired");
    expect(billingDigest(db)).toEqual(before);
  });

  it("settles open bills oldest first, leaves partial payments open, and keeps prepayments for the next run", async () => {
    const db = testDb();
    // Q2 bill for unit A too, so there are two open bills.
    runQuarter(db, "2026-04", "2026-04-01", "2026-04-30");
    const first = pay(db, { unitId: unitA, amountFen: 50000, receivedOn: "2026-04-10", reference: "WX-1" });
    const second = pay(db, { unitId: unitA, amountFen: 50000, receivedOn: "2026-04-11", reference: "WX-2" });
    const account = unitAccount(db, unitA)!;
    const [q2, q1] = account.bills;
    expect(q1!.periodStart).toBe("2026-01");
    expect(q1!.outstandingFen).toBe(0);
    expect(q2!.paidFen).toBe(100000 - 76411);
    expect(account.allocations.filter((a) => a.paymentId === second.payment.id).map((a) => a.amountFen)).toEqual([26411, 23589]);
    expect(first.duplicate).toBe(false);

    // Pay the rest of Q2 plus ¥1,000 in advance.
    const owed = account.owedFen;
    const prepay = pay(db, { unitId: unitA, amountFen: owed + 100000, receivedOn: "2026-05-01", reference: "BANK-77", method: "bank", allowPrepayment: true });
    expect(unitAccount(db, unitA)!.prepaidFen).toBe(100000);
    expect(accountBalanceFen(db, "cogoverned", "2203", "2026-05-01")).toBe(-100000);
    expect(prepay.payment.amountFen).toBe(owed + 100000);

    // The next run takes the prepayment at once.
    runQuarter(db, "2026-07", "2026-07-01", "2026-07-31");
    const after = unitAccount(db, unitA)!;
    expect(after.prepaidFen).toBe(100000 - 76411);
    expect(after.bills[0]!.outstandingFen).toBe(0);
    expect(after.allocations.at(-1)).toMatchObject({ kind: "from_prepaid", amountFen: 76411, allocatedOn: "2026-07-01", paymentId: null });
    expect(accountBalanceFen(db, "cogoverned", "2203", "2026-07-01")).toBe(-(100000 - 76411));
  });

  it("returns the first payment for the same idempotency key and writes nothing", () => {
    const db = testDb();
    const first = pay(db, { unitId: unitB, amountFen: 1000, idempotencyKey: "k-1", receivedOn: "2026-04-02" });
    const before = billingDigest(db);
    const again = recordPayment(db, { unitId: unitB, amountFen: 1000, idempotencyKey: "k-1", receivedOn: "2026-04-02", method: "cash", reference: "R1", allowPrepayment: false }, "x");
    expect(again.duplicate).toBe(true);
    expect(again.payment.id).toBe(first.payment.id);
    expect(billingDigest(db)).toEqual(before);
  });
});

describe("reading", () => {
  it("sums arrears per owner over several units, per unit and per building", () => {
    const db = testDb();
    const byOwner = arrears(db, "2026-08-15", "owner");
    const person = byOwner.find((r) => r.ownerId === personId)!;
    const byUnit = arrears(db, "2026-08-15", "unit");
    const c = byUnit.find((r) => r.unitId === unitC)!;
    expect(byUnit.find((r) => r.unitId === unitA)).toBeUndefined(); // paid up, prepaid
    expect(c.owedFen).toBe(51309 * 3);
    expect(c.overdueFen).toBe(51309 * 3);
    expect(person.owedFen).toBe(c.owedFen);
    const byBuilding = arrears(db, "2026-08-15", "building");
    expect(byBuilding.find((r) => r.key === "2栋")!.owedFen).toBe(51309 * 3);
    // As of a date before the Q3 run, only Q1 and Q2 count.
    expect(arrears(db, "2026-06-30", "unit").find((r) => r.unitId === unitC)!.owedFen).toBe(51309 * 2);
  });

  it("computes both collection rates of a quarter from the db", () => {
    const db = testDb();
    const q2 = collectionRatesOf(db, "2026Q2");
    expect(q2.ofQuarter.denominatorFen).toBe(76411 + 149065 + 51309 + 45000);
    expect(q2.ofQuarter.numeratorFen).toBe(76411); // unit A paid Q2 in full; unit B's ¥10 went to its older Q1 bill
    expect(q2.includingArrears.numeratorFen).toBe(50000 + 50000 + (76411 - 23589) + 1000); // prepaid part not counted
  });

  it("lists each bill run with its own bill count and total", () => {
    const db = testDb();
    const runs = listBillRuns(db);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const run of runs) {
      const own = db.$client.prepare("SELECT count(*) AS n, coalesce(sum(amount_fen), 0) AS total FROM bills WHERE bill_run_id = ?").get(run.id) as { n: number; total: number };
      expect({ billCount: run.billCount, totalFen: run.totalFen }, `run ${run.periodStart}`).toEqual({ billCount: own.n, totalFen: own.total });
    }
    expect(runs.some((run) => run.billCount > 1)).toBe(true);
  });

  it("leaves a database that verifies", () => {
    expect(verifyDatabase(testDb()).ok).toBe(true);
  });
});

describe("scale", () => {
  it("bills 5,000 units in one run in reasonable time", async () => {
    const db = testDb();
    const { owner } = createOwner(db, ownerInput({ kind: "organisation", name: "大业主公司" }), "system");
    for (let i = 0; i < 5000; i++) createUnit(db, unitInput({ building: "99栋", number: String(i).padStart(4, "0"), area: `${50 + (i % 90)}.${String(i % 100).padStart(2, "0")}`, kind: "commercial", ownerId: owner.id }), "system");
    const started = Date.now();
    const run = runQuarter(db, "2026-10", "2026-10-01", "2026-10-31");
    const elapsedMs = Date.now() - started;
    expect(run.billCount).toBe(5004);
    expect(elapsedMs).toBeLessThan(15_000);
  }, 120_000);
});
