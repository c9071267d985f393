import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { attachments, journalEntries } from "./ledger";
import { ownerDecisions } from "./decisions";

export const INCOME_KINDS = ["decoration", "advertising", "parking", "venue", "interest", "other"] as const;
export const SPLIT_KINDS = ["advertising", "parking", "venue"] as const;

/**
 * How common-parts income splits between the two books, from a date on, and
 * the owners' decision that set it (DESIGN.md §1). A new split is a new row.
 */
export const incomeSplitRules = sqliteTable("income_split_rules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  kind: text("kind", { enum: SPLIT_KINDS }).notNull(),
  publicRevenuePercent: text("public_revenue_percent").notNull(), // "60.00"
  decisionRef: text("decision_ref").notNull(),
  decisionId: integer("decision_id").references(() => ownerDecisions.id), // required for new rules
  effectiveFrom: text("effective_from").notNull(), // YYYY-MM-DD
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [uniqueIndex("split_rules_kind_from_idx").on(t.kind, t.effectiveFrom)]);

/** Income other than fee payments, with its counterparty and evidence. */
export const incomeRecords = sqliteTable("income_records", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  kind: text("kind", { enum: INCOME_KINDS }).notNull(),
  receivedOn: text("received_on").notNull(),
  amountFen: integer("amount_fen").notNull(),
  cogovernedFen: integer("cogoverned_fen").notNull(),
  publicRevenueFen: integer("public_revenue_fen").notNull(),
  splitRuleId: integer("split_rule_id").references(() => incomeSplitRules.id),
  counterparty: text("counterparty").notNull(),
  // A private person's name stays out of the chain: digest with this row's salt.
  counterpartyIsPerson: integer("counterparty_is_person", { mode: "boolean" }).notNull(),
  piiSalt: text("pii_salt").notNull(),
  reference: text("reference").notNull(), // contract, receipt or permit number
  permitRef: text("permit_ref"), // renovation permit for decoration fees
  memo: text("memo").notNull().default(""),
  attachmentId: integer("attachment_id").references(() => attachments.id),
  // Costs deducted from the public-revenue share before it reached the bank (parking management costs…):
  // the one deducting carries the burden of proof (SPC interpretation art. 14), so it needs its evidence.
  deductionFen: integer("deduction_fen").notNull().default(0),
  deductionReason: text("deduction_reason"),
  deductionAttachmentId: integer("deduction_attachment_id").references(() => attachments.id),
  entryId: integer("entry_id").notNull().references(() => journalEntries.id),
  recordedBy: text("recorded_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("income_records_date_idx").on(t.receivedOn)]);

/** The 酬金 rule from the service contract: fixed per month or a percentage of fees received. */
export const remunerationRules = sqliteTable("remuneration_rules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  method: text("method", { enum: ["fixed", "percent"] }).notNull(),
  fixedFenPerMonth: integer("fixed_fen_per_month"),
  percent: text("percent"), // "8.00"
  contractRef: text("contract_ref").notNull(),
  effectiveFrom: text("effective_from").notNull(), // YYYY-MM
  setBy: text("set_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [uniqueIndex("remuneration_rules_from_idx").on(t.effectiveFrom)]);

export const remunerationAccruals = sqliteTable("remuneration_accruals", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  month: text("month").notNull().unique(), // YYYY-MM
  ruleId: integer("rule_id").notNull().references(() => remunerationRules.id),
  baseFen: integer("base_fen").notNull(),
  percent: text("percent"),
  amountFen: integer("amount_fen").notNull(),
  entryId: integer("entry_id").notNull().references(() => journalEntries.id),
  auditSeq: integer("audit_seq").notNull(),
});
