import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core";
import { attachments, journalEntries } from "./ledger";
import { ownerDecisions } from "./decisions";

const BOOKS = ["cogoverned", "public_revenue"] as const;

/**
 * The supplier register 供应商库 (issue 4). Suppliers are never deleted, only
 * deactivated with a reason. An individual's resident ID number is kept only
 * masked and as a salted SHA-256; an organisation's credit code is public.
 */
export const suppliers = sqliteTable("suppliers", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  kind: text("kind", { enum: ["organisation", "individual"] }).notNull(),
  name: text("name").notNull(),
  creditCode: text("credit_code"), // USCC, organisations only (GB 32100-2015)
  idNumberMasked: text("id_number_masked"), // individuals only: "110105********002X"
  idNumberDigest: text("id_number_digest"), // salted SHA-256 of the full number
  legalRepresentative: text("legal_representative").notNull().default(""),
  contactName: text("contact_name").notNull().default(""),
  phone: text("phone").notNull().default(""),
  address: text("address").notNull().default(""),
  bankName: text("bank_name").notNull().default(""),
  bankAccount: text("bank_account").notNull().default(""),
  scope: text("scope").notNull().default(""),
  // Relation to the property company (its subsidiary, a shareholder's firm…): such quotes never count toward the minimum.
  relatedToCompany: integer("related_to_company", { mode: "boolean" }).notNull().default(false),
  companyRelation: text("company_relation").notNull().default(""),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  deactivatedReason: text("deactivated_reason"),
  createdBy: text("created_by").notNull(),
  piiSalt: text("pii_salt").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  uniqueIndex("suppliers_credit_code_idx").on(t.creditCode),
  uniqueIndex("suppliers_id_digest_idx").on(t.idNumberDigest),
]);

/** 关联关系: a committee member or manager declares a relation to a supplier; withdrawn by a later date, never deleted. */
export const relatedParties = sqliteTable("related_parties", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  userId: integer("user_id").notNull().references(() => users.id),
  supplierId: integer("supplier_id").notNull().references(() => suppliers.id),
  relation: text("relation").notNull(), // how: "spouse is a shareholder", "former employer"…
  declaredOn: text("declared_on").notNull(), // YYYY-MM-DD
  endedOn: text("ended_on"),
  endedReason: text("ended_reason"),
  declaredBy: text("declared_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("related_parties_supplier_idx").on(t.supplierId), index("related_parties_user_idx").on(t.userId)]);

/**
 * The procurement rules in force (DESIGN.md §7), as a JSON object checked by
 * app/domain/spending/tiers.ts. A change is proposed by a committee member,
 * cites the owners' decision behind it, and takes effect only when the
 * committee's vote passes. With no adopted row the defaults apply.
 */
export const procurementRules = sqliteTable("procurement_rules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  rules: text("rules").notNull(),
  decisionRef: text("decision_ref").notNull(), // the decision's label, as printed
  decisionId: integer("decision_id").references(() => ownerDecisions.id), // required for new rules (null only before the register existed)
  reason: text("reason").notNull(),
  status: text("status", { enum: ["in_approval", "adopted", "rejected", "superseded"] }).notNull(),
  proposedBy: integer("proposed_by").notNull().references(() => users.id),
  adoptedAt: text("adopted_at"),
  auditSeq: integer("audit_seq").notNull(),
});

/** The annual budget 年度预算 of one book; approved by the committee's rule. */
export const budgets = sqliteTable("budgets", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  year: integer("year").notNull(),
  book: text("book", { enum: BOOKS }).notNull(),
  title: text("title").notNull(),
  note: text("note").notNull().default(""),
  // Public-revenue budgets rest on an owners' decision (DESIGN.md §7).
  decisionRef: text("decision_ref"),
  decisionId: integer("decision_id").references(() => ownerDecisions.id),
  status: text("status", { enum: ["draft", "in_approval", "approved", "rejected", "referred", "withdrawn"] }).notNull(),
  draftedBy: integer("drafted_by").notNull().references(() => users.id),
  approvedAt: text("approved_at"),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("budgets_year_book_idx").on(t.year, t.book)]);

/** One line per spending kind (an account code of the book). */
export const budgetLines = sqliteTable("budget_lines", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  budgetId: integer("budget_id").notNull().references(() => budgets.id),
  kind: text("kind").notNull(), // spending kind, app/domain/spending/kinds.ts
  amountFen: integer("amount_fen").notNull(),
  note: text("note").notNull().default(""),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  uniqueIndex("budget_lines_budget_kind_idx").on(t.budgetId, t.kind),
  check("budget_lines_amount_nonnegative", sql`${t.amountFen} >= 0`),
]);

/** 日常支出: paid against an approved budget line with a voucher attached. Append-only. */
export const routineSpendings = sqliteTable("routine_spendings", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  budgetLineId: integer("budget_line_id").notNull().references(() => budgetLines.id),
  routineKind: text("routine_kind").notNull(), // payroll, social_insurance, utilities… (kinds.ts)
  paidOn: text("paid_on").notNull(),
  amountFen: integer("amount_fen").notNull(),
  payee: text("payee").notNull(),
  bankReference: text("bank_reference").notNull().default(""),
  invoiceNumber: text("invoice_number").notNull().default(""),
  memo: text("memo").notNull().default(""),
  voucherAttachmentId: integer("voucher_attachment_id").notNull().references(() => attachments.id),
  entryId: integer("entry_id").notNull().references(() => journalEntries.id),
  idempotencyKey: text("idempotency_key").unique(),
  recordedBy: text("recorded_by").notNull(),
  piiSalt: text("pii_salt").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  index("routine_spendings_line_idx").on(t.budgetLineId),
  index("routine_spendings_date_idx").on(t.paidOn),
  check("routine_spendings_amount_positive", sql`${t.amountFen} > 0`),
]);

const PROPOSAL_STATUSES = [
  "draft", "quoting", "selecting", "in_approval", "approved", "rejected", "referred", "withdrawn",
  "advance_paid", "accepted", "paid", "closed",
] as const; // app/domain/spending/proposal-states.ts holds the transitions

/**
 * 支出方案. The row holds the current state; every change of it is an audited
 * event (the timeline). Line items are a JSON array of
 * {description, quantity, unit, estimatedFen}. Approval locks
 * selectedQuoteId and approvedFen.
 */
export const proposals = sqliteTable("proposals", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  book: text("book", { enum: BOOKS }).notNull(),
  kind: text("kind").notNull(), // spending kind (account code)
  title: text("title").notNull(),
  reason: text("reason").notNull(),
  items: text("items").notNull(),
  estimatedFen: integer("estimated_fen").notNull(),
  // The drafter's answer: is this a major or medium repair, renewal or upgrade 大中修/更新改造?
  isMajorRepair: integer("is_major_repair", { mode: "boolean" }).notNull(),
  decisionRef: text("decision_ref"), // the label of the owners' decision it relies on, as printed
  decisionId: integer("decision_id").references(() => ownerDecisions.id), // that decision in the register
  budgetLineId: integer("budget_line_id").references(() => budgetLines.id),
  status: text("status", { enum: PROPOSAL_STATUSES }).notNull(),
  drafterId: integer("drafter_id").notNull().references(() => users.id),
  rulesId: integer("rules_id").references(() => procurementRules.id), // rules in force at selection (null: defaults)
  method: text("method", { enum: ["direct", "comparison", "selection", "selection_owners"] }),
  selectedQuoteId: integer("selected_quote_id"),
  selectionReason: text("selection_reason"), // required when not the lowest valid quote
  exceptionReason: text("exception_reason"), // required when fewer valid quotes than the tier needs
  collusionReason: text("collusion_reason"), // required when quoting suppliers are flagged
  selectedOn: text("selected_on"),
  approvedFen: integer("approved_fen"),
  advancePercent: text("advance_percent").notNull().default("0"), // "30.00": share payable before acceptance
  retentionPercent: text("retention_percent").notNull().default("0"), // 质保金 share held until warranty ends
  warrantyMonths: integer("warranty_months").notNull().default(0),
  approvedAt: text("approved_at"),
  acceptedOn: text("accepted_on"),
  warrantyUntil: text("warranty_until"),
  retentionReleasedAt: text("retention_released_at"),
  retentionReleasedBy: integer("retention_released_by").references(() => users.id),
  createdAt: text("created_at").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("proposals_status_idx").on(t.status), index("proposals_book_idx").on(t.book), index("proposals_decision_idx").on(t.decisionId)]);

/** 报价, one per supplier and proposal. Append-only: what a supplier quoted stays on record. */
export const quotes = sqliteTable("quotes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  proposalId: integer("proposal_id").notNull().references(() => proposals.id),
  supplierId: integer("supplier_id").notNull().references(() => suppliers.id),
  amountFen: integer("amount_fen").notNull(),
  // JSON array of fen, one per proposal line item, summing to amountFen.
  itemAmounts: text("item_amounts").notNull(),
  validUntil: text("valid_until").notNull(), // YYYY-MM-DD
  attachmentId: integer("attachment_id").references(() => attachments.id),
  note: text("note").notNull().default(""),
  addedBy: text("added_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  uniqueIndex("quotes_proposal_supplier_idx").on(t.proposalId, t.supplierId),
  check("quotes_amount_positive", sql`${t.amountFen} > 0`),
]);

/** In the selection tier 遴选, each voter scores each quote on price, qualification and service (0–100 each). */
export const selectionScores = sqliteTable("selection_scores", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  proposalId: integer("proposal_id").notNull().references(() => proposals.id),
  quoteId: integer("quote_id").notNull().references(() => quotes.id),
  userId: integer("user_id").notNull().references(() => users.id),
  price: integer("price").notNull(),
  qualification: integer("qualification").notNull(),
  service: integer("service").notNull(),
  comment: text("comment").notNull().default(""),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [uniqueIndex("selection_scores_once_idx").on(t.quoteId, t.userId)]);

/**
 * One vote of the committee on a subject: a proposal, its increase, a
 * budget or a rules change. The voters are fixed when it opens (JSON array of
 * {userId, isDirector}); `excluded` says who was left out and why
 * ({userId, reason: "drafter"|"related", supplierIds}).
 */
export const approvals = sqliteTable("approvals", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  subjectKind: text("subject_kind", { enum: ["proposal", "increase", "budget", "rules", "reopen"] }).notNull(),
  subjectId: integer("subject_id").notNull(),
  amountFen: integer("amount_fen"), // what is approved (null for rules)
  unanimous: integer("unanimous", { mode: "boolean" }).notNull(), // 会签
  committeeSize: integer("committee_size").notNull(),
  voters: text("voters").notNull(),
  excluded: text("excluded").notNull(),
  reason: text("reason").notNull().default(""), // for an increase: why more is needed
  status: text("status", { enum: ["open", "passed", "rejected", "referred", "withdrawn"] }).notNull(),
  openedBy: text("opened_by").notNull(),
  openedAt: text("opened_at").notNull(),
  decidedAt: text("decided_at"),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("approvals_subject_idx").on(t.subjectKind, t.subjectId), index("approvals_status_idx").on(t.status)]);

/** A vote is cast once and never changed (append-only). */
export const votes = sqliteTable("votes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  approvalId: integer("approval_id").notNull().references(() => approvals.id),
  userId: integer("user_id").notNull().references(() => users.id),
  choice: text("choice", { enum: ["approve", "reject", "abstain"] }).notNull(),
  comment: text("comment").notNull().default(""),
  castAt: text("cast_at").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [uniqueIndex("votes_once_idx").on(t.approvalId, t.userId)]);

/** 验收, recorded by a committee member. Append-only. */
export const acceptances = sqliteTable("acceptances", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  proposalId: integer("proposal_id").notNull().unique().references(() => proposals.id),
  acceptedBy: integer("accepted_by").notNull().references(() => users.id),
  acceptedOn: text("accepted_on").notNull(),
  notes: text("notes").notNull(),
  auditSeq: integer("audit_seq").notNull(),
});

/** Files attached to spending records: proposal documents, acceptance photos. */
export const spendingAttachments = sqliteTable("spending_attachments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  subjectKind: text("subject_kind", { enum: ["proposal", "acceptance"] }).notNull(),
  subjectId: integer("subject_id").notNull(),
  attachmentId: integer("attachment_id").notNull().references(() => attachments.id),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("spending_attachments_subject_idx").on(t.subjectKind, t.subjectId)]);

/** A payment on a proposal: advance, balance or retention. Append-only. */
export const proposalPayments = sqliteTable("proposal_payments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  proposalId: integer("proposal_id").notNull().references(() => proposals.id),
  stage: text("stage", { enum: ["advance", "balance", "retention"] }).notNull(),
  paidOn: text("paid_on").notNull(),
  amountFen: integer("amount_fen").notNull(),
  bankReference: text("bank_reference").notNull(),
  invoiceNumber: text("invoice_number").notNull().default(""),
  entryId: integer("entry_id").notNull().references(() => journalEntries.id),
  idempotencyKey: text("idempotency_key").unique(),
  recordedBy: text("recorded_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  index("proposal_payments_proposal_idx").on(t.proposalId),
  // A statement lists the quarter's payments: found by date, not by walking every proposal of the book.
  index("proposal_payments_date_idx").on(t.paidOn),
  check("proposal_payments_amount_positive", sql`${t.amountFen} > 0`),
]);
