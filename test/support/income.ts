import { expect } from "vitest";
import type { Db } from "~db/connection";
import { DomainError } from "~/domain/errors";
import { billRuns, bills, paymentAllocations, payments } from "~db/schema";
import type { JsonObject } from "~/domain/audit-chain";
import { rowViews } from "~/services/audit-rows.server";
import { auditedWrite } from "~/services/audited-write.server";
import { writeEntry } from "~/services/ledger/entries.server";
import { lastDayOfMonth } from "~/domain/income/periods";
import { buildSmallCommunity, buildUser, TEST_PASSWORD } from "./builders";
import { signIn } from "./http";

/**
 * Fee bills and payments for the 酬金 tests, written the only way open to
 * this feature while billing is built in parallel: its rows and entries
 * inside an audited write, every row in the event, so the chain verifies.
 */
export function seedBill(db: Db, input: { unitId: number; ownerId: number; periodStart: string; months: number; amountFen: number; issuedOn?: string }) {
  const issuedOn = input.issuedOn ?? `${input.periodStart}-01`;
  return auditedWrite(db, { actor: "system", action: "test.bill" }, (tx, seq) => {
    const run = tx.insert(billRuns).values({
      periodStart: input.periodStart, months: input.months, issuedOn, dueOn: lastDayOfMonth(input.periodStart), createdBy: "system", auditSeq: seq,
    }).returning().get();
    const written = writeEntry(tx, seq, {
      businessDate: issuedOn, memo: "test bill", sourceKind: "bill",
      postings: [
        { book: "cogoverned", accountCode: "1122", amountFen: input.amountFen, unitId: input.unitId },
        { book: "cogoverned", accountCode: "6001", amountFen: -input.amountFen, unitId: input.unitId },
      ],
    }, "system");
    const [year, month] = input.periodStart.split("-").map(Number) as [number, number];
    const endIndex = year * 12 + (month - 1) + input.months - 1;
    const periodEnd = `${Math.floor(endIndex / 12)}-${String((endIndex % 12) + 1).padStart(2, "0")}`;
    const bill = tx.insert(bills).values({
      billRunId: run.id, unitId: input.unitId, ownerId: input.ownerId, periodStart: input.periodStart, periodEnd, months: input.months,
      areaCentiM2: 10000, rate: "1.0000", amountFen: input.amountFen, dueOn: run.dueOn, entryId: written.entry.id, auditSeq: seq,
    }).returning().get();
    return {
      result: { bill },
      subject: `bill:${bill.id}`,
      rows: { bill_runs: [rowViews.bill_runs(run)], ...written.rows, bills: [rowViews.bills(bill)] },
    };
  });
}

/** A payment, to a bill (billId) or to the unit's prepaid balance (no billId). */
export function seedPayment(db: Db, input: { unitId: number; ownerId: number; receivedOn: string; amountFen: number; billId?: number }) {
  return auditedWrite(db, { actor: "system", action: "test.payment" }, (tx, seq) => {
    const credit = input.billId ? "1122" : "2203";
    const written = writeEntry(tx, seq, {
      businessDate: input.receivedOn, memo: "test payment", sourceKind: "payment",
      postings: [
        { book: "cogoverned", accountCode: "1002", amountFen: input.amountFen, unitId: input.unitId },
        { book: "cogoverned", accountCode: credit, amountFen: -input.amountFen, unitId: input.unitId },
      ],
    }, "system");
    const payment = tx.insert(payments).values({
      unitId: input.unitId, ownerId: input.ownerId, receivedOn: input.receivedOn, amountFen: input.amountFen, method: "bank",
      reference: `T${seq}`, entryId: written.entry.id, recordedBy: "system", auditSeq: seq,
    }).returning().get();
    const allocation = tx.insert(paymentAllocations).values({
      unitId: input.unitId, paymentId: payment.id, billId: input.billId ?? null, kind: input.billId ? "to_bill" : "to_prepaid",
      amountFen: input.amountFen, allocatedOn: input.receivedOn, entryId: written.entry.id, auditSeq: seq,
    }).returning().get();
    const rows: Record<string, JsonObject[]> = {
      ...written.rows, payments: [rowViews.payments(payment)], payment_allocations: [rowViews.payment_allocations(allocation)],
    };
    return { result: { payment, allocation }, subject: `payment:${payment.id}`, rows };
  });
}

/** Prepaid money applied to a bill on a date (Dr 2203 / Cr 1122). */
export function seedFromPrepaid(db: Db, input: { unitId: number; billId: number; amountFen: number; allocatedOn: string }) {
  return auditedWrite(db, { actor: "system", action: "test.prepaid" }, (tx, seq) => {
    const written = writeEntry(tx, seq, {
      businessDate: input.allocatedOn, memo: "test prepaid", sourceKind: "prepaid",
      postings: [
        { book: "cogoverned", accountCode: "2203", amountFen: input.amountFen, unitId: input.unitId },
        { book: "cogoverned", accountCode: "1122", amountFen: -input.amountFen, unitId: input.unitId },
      ],
    }, "system");
    const allocation = tx.insert(paymentAllocations).values({
      unitId: input.unitId, paymentId: null, billId: input.billId, kind: "from_prepaid",
      amountFen: input.amountFen, allocatedOn: input.allocatedOn, entryId: written.entry.id, auditSeq: seq,
    }).returning().get();
    return { result: { allocation }, subject: `allocation:${allocation.id}`, rows: { ...written.rows, payment_allocations: [rowViews.payment_allocations(allocation)] } };
  });
}

/** A small community with a manager, a committee member and an auditor, signed in. */
export async function incomeWorld(db: Db) {
  const community = await buildSmallCommunity(db);
  const manager = await buildUser(db, { login: "manager-i", displayName: "经理甲", roles: ["manager"] });
  const committee = await buildUser(db, { login: "committee-i", displayName: "委员甲", roles: ["committee", "owner"], ownerId: community.person.id });
  const auditor = await buildUser(db, { login: "auditor-i", displayName: "审计甲", roles: ["auditor"] });
  const cookies = {
    manager: (await signIn("manager-i", TEST_PASSWORD)).cookie,
    committee: (await signIn("committee-i", TEST_PASSWORD)).cookie,
    auditor: (await signIn("auditor-i", TEST_PASSWORD)).cookie,
  };
  return { ...community, manager, committee, auditor, cookies };
}

/** Row counts of this feature's tables and the audit head: equal before and after a refusal. */
export function incomeDigest(db: Db) {
  const n = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    income_split_rules: n("income_split_rules"), income_records: n("income_records"), remuneration_rules: n("remuneration_rules"),
    remuneration_accruals: n("remuneration_accruals"), attachments: n("attachments"), journal_entries: n("journal_entries"), postings: n("postings"),
    maxSeq: (db.$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n,
  };
}

/** Tiny files that pass (or fail) the content check. */
export const FILES = {
  pdf: () => new Uint8Array([...Buffer.from("%PDF-1.4\n% test\n"), ...Buffer.from("1 0 obj << >> endobj\n%%EOF\n")]),
  png: () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  jpeg: () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]),
  exe: () => new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]),
};

/** A refusal with this code that leaves every income-related table as it was. */
export function expectRefusedUnchanged(db: Db, fn: () => unknown, code: string) {
  const before = incomeDigest(db);
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DomainError);
  expect((thrown as DomainError).code).toBe(code);
  expect(incomeDigest(db)).toEqual(before);
}
