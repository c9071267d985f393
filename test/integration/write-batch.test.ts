import { beforeAll, describe, expect, it } from "vitest";
import { writeBatch, writeTx, type Db } from "~db/connection";
import { verifyDatabase } from "~/services/audit-verify.server";
import { openBillsOf } from "~/services/billing/payments.server";
import { buildSmallCommunity, domainErrorOf } from "../support/builders";
import { billingDigest, pay, runQuarter, setRates } from "../support/billing";
import { testDb } from "../support/db";

// The bench builder wraps thousands of service calls in one outer transaction (writeBatch):
// each call's own transaction becomes a savepoint, so a refused call undoes only itself.
let unitA = 0; // 1栋-0101, residential
let unitB = 0; // 商铺-S01, commercial

beforeAll(async () => {
  const db = testDb();
  const small = await buildSmallCommunity(db);
  unitA = small.unitA.id;
  unitB = small.unitB.id;
  setRates(db, { residential: "2.85", commercial: "4.1235" }, "2024-10");
});

function seqs(db: Db): number[] {
  return (db.$client.prepare("SELECT seq FROM audit_events ORDER BY seq").all() as { seq: number }[]).map((r) => r.seq);
}

/** openBillsOf as it was before the newest-first walk: every bill of the unit, one by one. */
function openBillsByFullScan(db: Db, unitId: number, onDate: string) {
  return (db.$client.prepare(`
    SELECT b.id AS billId, b.period_start AS periodStart,
      b.amount_fen - coalesce((SELECT sum(a.amount_fen) FROM payment_allocations a WHERE a.bill_id = b.id), 0) AS outstandingFen
    FROM bills b JOIN bill_runs r ON r.id = b.bill_run_id
    WHERE b.unit_id = ? AND r.issued_on <= ?
    ORDER BY b.period_start, b.id`).all(unitId, onDate) as { outstandingFen: number }[]).filter((b) => b.outstandingFen > 0);
}

describe("writeBatch", () => {
  it("rolls back only the refused call (its rows and its event); the batch goes on and the chain has no gap", async () => {
    const db = testDb();
    runQuarter(db, "2025-01", "2025-01-01", "2025-01-31");
    const owedA = openBillsOf(db, unitA, "2025-01-31").reduce((sum, b) => sum + b.outstandingFen, 0);
    const before = billingDigest(db);
    let refused: Promise<{ code: string }> | null = null;
    writeBatch(db, () => {
      pay(db, { unitId: unitA, amountFen: 100, receivedOn: "2025-01-10", reference: "WX-batch-1" });
      // More than is owed, without allowing prepayment: refused inside the batch (domainErrorOf calls it at once).
      refused = domainErrorOf(() => pay(db, { unitId: unitA, amountFen: owedA * 10, receivedOn: "2025-01-10", reference: "WX-batch-2" }));
      pay(db, { unitId: unitB, amountFen: 200, receivedOn: "2025-01-10", reference: "WX-batch-3" });
    });
    expect((await refused!).code).toBe("billing.errors.overpayment");
    const after = billingDigest(db);
    expect(after.payments).toBe(before.payments! + 2);
    expect(after.audit_events).toBe(before.audit_events! + 2);
    expect(after.maxSeq).toBe(before.maxSeq! + 2);
    const all = seqs(db);
    expect(all).toEqual(all.map((_, i) => i + 1));
    expect(db.$client.inTransaction).toBe(false);
    expect(verifyDatabase(db).ok).toBe(true);
  });

  it("undoes the whole batch when its own function throws, and nests inside another batch as a savepoint", () => {
    const db = testDb();
    const before = billingDigest(db);
    expect(() => writeBatch(db, () => {
      pay(db, { unitId: unitA, amountFen: 1, receivedOn: "2025-01-11", reference: "WX-undone" });
      throw new Error("the builder gave up");
    })).toThrow("the builder gave up");
    expect(billingDigest(db)).toEqual(before);

    writeBatch(db, () => {
      expect(() => writeBatch(db, () => {
        pay(db, { unitId: unitA, amountFen: 1, receivedOn: "2025-01-11", reference: "WX-inner" });
        throw new Error("inner batch refused");
      })).toThrow("inner batch refused");
      writeTx(db, () => undefined);
      pay(db, { unitId: unitA, amountFen: 2, receivedOn: "2025-01-11", reference: "WX-outer" });
    });
    expect(billingDigest(db).payments).toBe(before.payments! + 1);
    expect(verifyDatabase(db).ok).toBe(true);
  });

  it("refuses an async function", () => {
    const db = testDb();
    expect(() => writeBatch(db, async () => undefined)).toThrow("synchronous");
    expect(db.$client.inTransaction).toBe(false);
  });
});

describe("openBillsOf walks newest first and stops early, with the same answer as reading every bill", () => {
  it("agrees after partial payments, prepayments, a back-billed older quarter and a payment dated before a bill", () => {
    const db = testDb();
    runQuarter(db, "2025-04", "2025-04-01", "2025-04-30");
    runQuarter(db, "2025-07", "2025-07-01", "2025-07-31");
    const check = () => {
      for (const unitId of [unitA, unitB]) {
        for (const onDate of ["2024-12-31", "2025-01-15", "2025-04-15", "2025-07-15", "2025-10-15", "2026-12-31"]) {
          expect(openBillsOf(db, unitId, onDate)).toEqual(openBillsByFullScan(db, unitId, onDate));
        }
      }
    };
    check();
    pay(db, { unitId: unitA, amountFen: 3000, receivedOn: "2025-07-10", reference: "WX-part" });
    check();
    const owedB = openBillsOf(db, unitB, "2025-07-31").reduce((sum, b) => sum + b.outstandingFen, 0);
    pay(db, { unitId: unitB, amountFen: owedB + 50_000, receivedOn: "2025-07-10", reference: "WX-ahead", allowPrepayment: true });
    check();
    // Settle A's bills, then bill an older quarter nobody billed: its bill is open while newer ones are settled.
    const owedA = openBillsOf(db, unitA, "2025-07-31").reduce((sum, b) => sum + b.outstandingFen, 0);
    pay(db, { unitId: unitA, amountFen: owedA, receivedOn: "2025-07-20", reference: "WX-settle" });
    runQuarter(db, "2024-10", "2025-08-01", "2025-08-31");
    runQuarter(db, "2025-10", "2025-10-01", "2025-10-31");
    check();
    expect(openBillsOf(db, unitA, "2025-08-15").map((b) => b.periodStart)).toEqual(["2024-10"]);
    // A payment dated before the back-billed quarter's issue date does not see it.
    expect(openBillsOf(db, unitA, "2025-07-25")).toEqual([]);
    pay(db, { unitId: unitA, amountFen: 10, receivedOn: "2025-10-05", reference: "WX-oldest-first" });
    check();
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
