import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core";
import { attachments } from "./ledger";

const PERIOD_KINDS = ["quarter", "year"] as const;

/**
 * A statement being prepared 季度公示 / 年度决算 (issue 5): one row per
 * revision of a period ("2026Q1" or "2026"). The manager writes the work
 * report, the director approves, a committee member publishes. The row is
 * mutable until published; what was published lives, frozen, in
 * published_statements. A revision after the first exists only because the
 * committee voted to reopen the period (reopen_approval_id, reopen_reason).
 */
export const statementDrafts = sqliteTable("statement_drafts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  periodKind: text("period_kind", { enum: PERIOD_KINDS }).notNull(),
  period: text("period").notNull(),
  revision: integer("revision").notNull(),
  workReport: text("work_report").notNull().default(""),
  status: text("status", { enum: ["draft", "approved", "published"] }).notNull(),
  // The published revision this one corrects, and why the committee reopened it.
  supersedesId: integer("supersedes_id"),
  reopenReason: text("reopen_reason"),
  reopenApprovalId: integer("reopen_approval_id"),
  draftedBy: integer("drafted_by").notNull().references(() => users.id),
  approvedBy: integer("approved_by").references(() => users.id),
  approvedAt: text("approved_at"),
  publishedId: integer("published_id"),
  createdAt: text("created_at").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [uniqueIndex("statement_drafts_period_revision_idx").on(t.period, t.revision)]);

/**
 * A published revision: the RFC 8785 canonical JSON of its snapshot
 * (app/domain/statements/snapshot.ts) and the SHA-256 of those bytes.
 * Append-only (triggers): a correction is a new revision.
 */
export const publishedStatements = sqliteTable("published_statements", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  draftId: integer("draft_id").notNull().references(() => statementDrafts.id),
  periodKind: text("period_kind", { enum: PERIOD_KINDS }).notNull(),
  period: text("period").notNull(),
  revision: integer("revision").notNull(),
  snapshot: text("snapshot").notNull(),
  hash: text("hash").notNull(),
  auditHeadSeq: integer("audit_head_seq").notNull(),
  auditHeadHash: text("audit_head_hash").notNull(),
  previousHash: text("previous_hash"),
  supersedesHash: text("supersedes_hash"),
  postedFrom: text("posted_from").notNull(), // YYYY-MM-DD, the posting window 公示期
  postedTo: text("posted_to").notNull(),
  publishedBy: integer("published_by").notNull().references(() => users.id),
  publishedAt: text("published_at").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  uniqueIndex("published_statements_period_revision_idx").on(t.period, t.revision),
  uniqueIndex("published_statements_hash_idx").on(t.hash),
  check("published_statements_window", sql`${t.postedTo} >= ${t.postedFrom}`),
]);

/** Where a published statement was posted, with a photo of the board: beside the snapshot, not in it. Append-only. */
export const statementBoardPostings = sqliteTable("statement_board_postings", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  publishedId: integer("published_id").notNull().references(() => publishedStatements.id),
  location: text("location").notNull(),
  postedOn: text("posted_on").notNull(),
  photoAttachmentId: integer("photo_attachment_id").references(() => attachments.id),
  note: text("note").notNull().default(""),
  recordedBy: integer("recorded_by").notNull().references(() => users.id),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("statement_board_postings_published_idx").on(t.publishedId)]);

/**
 * 质询: an owner's question on a published statement or one of its lines
 * (lineKey, e.g. "cogoverned.spending.6601"). The book decides who answers:
 * managers the co-managed book, the committee the public-revenue book.
 * Append-only; the answer is its own row.
 */
export const statementQuestions = sqliteTable("statement_questions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  publishedId: integer("published_id").notNull().references(() => publishedStatements.id),
  period: text("period").notNull(),
  book: text("book", { enum: ["cogoverned", "public_revenue"] }).notNull(),
  lineKey: text("line_key"),
  askedBy: integer("asked_by").notNull().references(() => users.id),
  text: text("text").notNull(),
  askedAt: text("asked_at").notNull(),
  dueOn: text("due_on").notNull(), // YYYY-MM-DD, Asia/Shanghai
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("statement_questions_period_idx").on(t.period), index("statement_questions_published_idx").on(t.publishedId)]);

/** One answer per question (unique): a second answer is refused. Append-only. */
export const statementAnswers = sqliteTable("statement_answers", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  questionId: integer("question_id").notNull().unique().references(() => statementQuestions.id),
  text: text("text").notNull(),
  answeredBy: integer("answered_by").notNull().references(() => users.id),
  answeredAt: text("answered_at").notNull(),
  auditSeq: integer("audit_seq").notNull(),
});
