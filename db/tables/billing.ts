import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { owners, units } from "./core";
import { journalEntries } from "./ledger";

/** ¥/m²/month per unit kind from a month on; a new rate is a new row. */
export const feeRates = sqliteTable("fee_rates", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  unitKind: text("unit_kind", { enum: ["residential", "commercial", "developer_unsold", "developer_undelivered"] }).notNull(),
  rate: text("rate").notNull(), // decimal string with 4 places, "2.8500"
  effectiveFrom: text("effective_from").notNull(), // YYYY-MM
  reference: text("reference").notNull(), // the contract or decision that set it
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [uniqueIndex("fee_rates_kind_from_idx").on(t.unitKind, t.effectiveFrom)]);

export const billRuns = sqliteTable("bill_runs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  periodStart: text("period_start").notNull(), // YYYY-MM
  months: integer("months").notNull(),
  issuedOn: text("issued_on").notNull(), // YYYY-MM-DD
  dueOn: text("due_on").notNull(),
  createdBy: text("created_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
});

/** One bill per unit and period: area × rate × months, rounded half-up once. */
export const bills = sqliteTable("bills", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  billRunId: integer("bill_run_id").notNull().references(() => billRuns.id),
  unitId: integer("unit_id").notNull().references(() => units.id),
  ownerId: integer("owner_id").notNull().references(() => owners.id),
  periodStart: text("period_start").notNull(), // YYYY-MM
  periodEnd: text("period_end").notNull(), // YYYY-MM, the last month billed
  months: integer("months").notNull(),
  areaCentiM2: integer("area_centi_m2").notNull(),
  rate: text("rate").notNull(),
  amountFen: integer("amount_fen").notNull(),
  dueOn: text("due_on").notNull(),
  entryId: integer("entry_id").notNull().references(() => journalEntries.id),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  uniqueIndex("bills_unit_period_idx").on(t.unitId, t.periodStart),
  // Covering: a payment reads its unit's open bills newest first without the table (openBillsOf).
  index("bills_unit_open_idx").on(t.unitId, t.periodStart, t.amountFen, t.billRunId),
  index("bills_period_idx").on(t.periodStart),
  index("bills_owner_idx").on(t.ownerId),
]);

export const payments = sqliteTable("payments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  unitId: integer("unit_id").notNull().references(() => units.id),
  ownerId: integer("owner_id").notNull().references(() => owners.id),
  receivedOn: text("received_on").notNull(), // YYYY-MM-DD
  amountFen: integer("amount_fen").notNull(),
  method: text("method", { enum: ["bank", "wechat", "alipay", "cash"] }).notNull(),
  reference: text("reference").notNull(), // bank ref, WeChat/Alipay order number, cash receipt number
  idempotencyKey: text("idempotency_key").unique(),
  entryId: integer("entry_id").notNull().references(() => journalEntries.id),
  recordedBy: text("recorded_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("payments_unit_idx").on(t.unitId), index("payments_date_idx").on(t.receivedOn)]);

/**
 * Where money for a unit went: a payment to a bill, a payment to the unit's
 * prepaid balance (billId null), or the prepaid balance to a new bill
 * (paymentId null). The prepaid balance is the sum of the first kind minus
 * the second.
 */
export const paymentAllocations = sqliteTable("payment_allocations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  unitId: integer("unit_id").notNull().references(() => units.id),
  paymentId: integer("payment_id").references(() => payments.id),
  billId: integer("bill_id").references(() => bills.id),
  kind: text("kind", { enum: ["to_bill", "to_prepaid", "from_prepaid"] }).notNull(),
  amountFen: integer("amount_fen").notNull(),
  allocatedOn: text("allocated_on").notNull(), // YYYY-MM-DD
  entryId: integer("entry_id").references(() => journalEntries.id),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  index("allocations_bill_idx").on(t.billId),
  // A unit's prepaid balance and its bills' settled amounts, from the index alone (payments, bill runs).
  index("allocations_unit_kind_idx").on(t.unitId, t.kind, t.billId, t.amountFen),
  index("allocations_payment_idx").on(t.paymentId),
  // The collection rate sums a quarter's allocations by date (statements, issue 8).
  index("allocations_date_idx").on(t.allocatedOn),
]);
