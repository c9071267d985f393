import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { cachedStatement, insertReturning, selectOneBy, selectOneById } from "~db/prepared";
import { paymentAllocations, payments, units } from "~db/schema";
import type { JsonObject } from "~/domain/audit-chain";
import { allocateFifo, owedFen, type OpenBill } from "~/domain/billing/allocation";
import type { PaymentFilter, PaymentForm, PaymentMethod } from "~/domain/billing/forms";
import { PAYMENT_METHODS } from "~/domain/billing/forms";
import { DomainError } from "~/domain/errors";
import { isIsoDate, type PostingInput } from "~/domain/ledger/entries";
import { formatFen, MAX_FEN } from "~/domain/money";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { writeEntry } from "../ledger/entries.server";
import { nextRowId } from "../row-ids.server";
import { idempotentWrite, throwIfRecorded } from "../idempotency.server";

export type PaymentRow = typeof payments.$inferSelect;

export interface PaymentInput {
  unitId: number;
  receivedOn: string; // YYYY-MM-DD
  amountFen: number;
  method: PaymentMethod;
  reference: string;
  idempotencyKey?: string | null;
  allowPrepayment: boolean;
}

const ALL_OPEN_BILLS = `
  SELECT b.id AS billId, b.period_start AS periodStart,
    b.amount_fen - coalesce((SELECT sum(a.amount_fen) FROM payment_allocations a WHERE a.bill_id = b.id), 0) AS outstandingFen
  FROM bills b JOIN bill_runs r ON r.id = b.bill_run_id
  WHERE b.unit_id = ? AND r.issued_on <= ?
  ORDER BY b.period_start, b.id`;
// What the unit owes on all its bills: two sums over covering indexes, no per-bill look-up.
const UNIT_OUTSTANDING = `
  SELECT (SELECT coalesce(sum(amount_fen), 0) FROM bills WHERE unit_id = ?)
    - (SELECT coalesce(sum(amount_fen), 0) FROM payment_allocations WHERE unit_id = ? AND bill_id IS NOT NULL) AS outstandingFen`;
const BILLS_NEWEST_FIRST = `
  SELECT b.id AS billId, b.period_start AS periodStart, r.issued_on AS issuedOn,
    b.amount_fen - coalesce((SELECT sum(a.amount_fen) FROM payment_allocations a WHERE a.bill_id = b.id), 0) AS outstandingFen
  FROM bills b JOIN bill_runs r ON r.id = b.bill_run_id
  WHERE b.unit_id = ?
  ORDER BY b.period_start DESC, b.id DESC`;

/**
 * A unit's bills issued on or before a date that still owe something, with
 * what they owe, oldest first. Payments settle the oldest bills first, so
 * after ten years a unit's open bills are its last one or two: the bills are
 * walked newest first and the walk stops once their open amounts add up to
 * all the unit owes, instead of visiting 120 settled bills per payment. That
 * is exact because no bill is ever over-settled (an allocation is positive and
 * at most what its bill still owes: allocateFifo, or a prepaid use of at most
 * the new bill) and an allocation carries its bill's unit (both written only
 * here and in runBills); if the figures ever disagree, every bill is read.
 */
export function openBillsOf(db: Db | Tx, unitId: number, onDate: string): OpenBill[] {
  const client = db.$client;
  const everything = () => (cachedStatement(client, ALL_OPEN_BILLS).all(unitId, onDate) as OpenBill[]).filter((b) => b.outstandingFen > 0);
  let remainingFen = (cachedStatement(client, UNIT_OUTSTANDING).get(unitId, unitId) as { outstandingFen: number }).outstandingFen;
  if (remainingFen < 0) return everything();
  const open: (OpenBill & { issuedOn: string })[] = [];
  if (remainingFen > 0) {
    for (const bill of cachedStatement(client, BILLS_NEWEST_FIRST).iterate(unitId) as IterableIterator<OpenBill & { issuedOn: string }>) {
      if (bill.outstandingFen < 0) return everything();
      if (bill.outstandingFen > 0) open.push(bill);
      remainingFen -= bill.outstandingFen;
      if (remainingFen <= 0) break;
    }
    if (remainingFen !== 0) return everything();
  }
  return open.reverse().filter((b) => b.issuedOn <= onDate).map(({ billId, periodStart, outstandingFen }) => ({ billId, periodStart, outstandingFen }));
}

/** One unit by id, as drizzle's select() would return it, for the per-payment read. */
function unitById(tx: Tx, unitId: number): typeof units.$inferSelect | undefined {
  return selectOneById(tx.$client, units, unitId);
}

function checkPaymentInput(input: PaymentInput): string | null {
  const reference = input.reference.trim();
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0 || input.amountFen > MAX_FEN) throw new DomainError("billing.errors.money_notPositive", { field: "amount" });
  if (!isIsoDate(input.receivedOn)) throw new DomainError("billing.errors.badDate", { field: "receivedOn" });
  if (!PAYMENT_METHODS.includes(input.method)) throw new DomainError("billing.errors.method", { field: "method" });
  if (!reference) throw new DomainError("billing.errors.referenceRequired", { field: "reference" });
  if (reference.length > 100) throw new DomainError("errors.tooLong", { field: "reference" });
  const key = input.idempotencyKey?.trim();
  return key ? key : null;
}

function paymentByKey(db: Db | Tx, key: string): PaymentRow | undefined {
  return selectOneBy(db.$client, payments, "idempotencyKey", key);
}

/**
 * Records a payment for a unit and settles its open bills oldest first.
 * Anything beyond what is owed is refused unless `allowPrepayment`, when it
 * goes to the unit's prepaid balance. Entry: Dr 1002 / Cr 1122 (applied) and
 * Cr 2203 (prepaid). The same idempotency key again returns the first
 * payment and writes nothing — also across processes, as the key is unique.
 */
export function recordPayment(db: Db, input: PaymentInput, actor: Actor): { payment: PaymentRow; duplicate: boolean } {
  const key = checkPaymentInput(input);
  const reference = input.reference.trim();
  // The key is looked up again inside the transaction, before the checks: a second submit
  // must get the first payment back, not an overpayment refusal for what the first one settled.
  const { record, duplicate } = idempotentWrite(key, (k) => paymentByKey(db, k), () =>
    auditedWrite(db, { actor, action: "billing.payment" }, (tx, seq) => {
      throwIfRecorded(key, (k) => paymentByKey(tx, k));
      return writePayment(tx, seq, { ...input, reference, idempotencyKey: key }, actor);
    }).payment);
  return { payment: record, duplicate };
}

function writePayment(tx: Tx, seq: number, input: PaymentInput & { idempotencyKey: string | null }, actor: Actor) {
  const unit = unitById(tx, input.unitId);
  if (!unit) throw new DomainError("billing.errors.unknownUnit", { field: "number", status: 404 });
  const open = openBillsOf(tx, unit.id, input.receivedOn);
  const owed = owedFen(open);
  const plan = allocateFifo(open, input.amountFen);
  if (plan.remainderFen > 0 && !input.allowPrepayment) {
    throw new DomainError("billing.errors.overpayment", { params: { owed: formatFen(owed), owedFen: owed } });
  }
  const paymentId = nextRowId(tx, "payments");
  const unitLabel = `${unit.building}-${unit.number}`;
  const lines: PostingInput[] = [{ book: "cogoverned", accountCode: "1002", amountFen: input.amountFen }];
  if (plan.appliedFen > 0) lines.push({ book: "cogoverned", accountCode: "1122", amountFen: -plan.appliedFen, unitId: unit.id });
  if (plan.remainderFen > 0) lines.push({ book: "cogoverned", accountCode: "2203", amountFen: -plan.remainderFen, unitId: unit.id });
  const entry = writeEntry(tx, seq, {
    businessDate: input.receivedOn, memo: `收物业费 ${unitLabel} ${input.reference}`.slice(0, 200), sourceKind: "payment", sourceId: String(paymentId), postings: lines,
  }, actor);
  const payment = insertReturning(tx.$client, payments, {
    id: paymentId, unitId: unit.id, ownerId: unit.ownerId, receivedOn: input.receivedOn, amountFen: input.amountFen, method: input.method,
    reference: input.reference, idempotencyKey: input.idempotencyKey, entryId: entry.entry.id, recordedBy: actor, auditSeq: seq,
  });
  const parts = [
    ...plan.toBills.map((p) => ({ billId: p.billId as number | null, kind: "to_bill" as const, amountFen: p.amountFen })),
    ...(plan.remainderFen > 0 ? [{ billId: null, kind: "to_prepaid" as const, amountFen: plan.remainderFen }] : []),
  ];
  const allocations = parts.map((p) => insertReturning(tx.$client, paymentAllocations, {
    unitId: unit.id, paymentId, billId: p.billId, kind: p.kind, amountFen: p.amountFen, allocatedOn: input.receivedOn, entryId: entry.entry.id, auditSeq: seq,
  }));
  const rows: Record<string, JsonObject[]> = {
    payments: [rowViews.payments(payment)],
    payment_allocations: allocations.map((a) => rowViews.payment_allocations(a)),
    ...entry.rows,
  };
  return { result: { payment }, subject: `payment:${payment.id}`, rows, extra: { appliedFen: plan.appliedFen, prepaidFen: plan.remainderFen } };
}

/** The form's way in: the unit named by building and number. */
export function recordPaymentForUnitNumber(db: Db, input: Omit<PaymentForm, "amount"> & { amountFen: number }, actor: Actor) {
  const unit = db.select({ id: units.id }).from(units).where(and(eq(units.building, input.building), eq(units.number, input.number))).get();
  if (!unit) throw new DomainError("billing.errors.unknownUnit", { field: "number" });
  return recordPayment(db, {
    unitId: unit.id, receivedOn: input.receivedOn, amountFen: input.amountFen, method: input.method, reference: input.reference,
    idempotencyKey: input.idempotencyKey ?? null, allowPrepayment: input.allowPrepayment,
  }, actor);
}

export const PAYMENTS_PAGE_SIZE = 50;

/** Payments, newest first, filtered by date range, method and building; paged. */
export function listPayments(db: Db, filter: PaymentFilter, limit = PAYMENTS_PAGE_SIZE) {
  const conditions: SQL[] = [];
  if (filter.from) conditions.push(gte(payments.receivedOn, filter.from));
  if (filter.to) conditions.push(lte(payments.receivedOn, filter.to));
  if (filter.method) conditions.push(eq(payments.method, filter.method));
  if (filter.building) conditions.push(eq(units.building, filter.building));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = db.select({
    id: payments.id, unitId: payments.unitId, building: units.building, number: units.number, receivedOn: payments.receivedOn,
    amountFen: payments.amountFen, method: payments.method, reference: payments.reference, recordedBy: payments.recordedBy,
  }).from(payments).innerJoin(units, eq(units.id, payments.unitId)).where(where)
    .orderBy(desc(payments.receivedOn), desc(payments.id)).limit(limit).offset(filter.offset).all();
  const totals = db.select({ total: sql<number>`count(*)`.mapWith(Number), sumFen: sql<number>`coalesce(sum(${payments.amountFen}), 0)`.mapWith(Number) })
    .from(payments).innerJoin(units, eq(units.id, payments.unitId)).where(where).get();
  return { rows, total: totals?.total ?? 0, sumFen: totals?.sumFen ?? 0, limit, offset: filter.offset };
}
