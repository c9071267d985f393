import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { units } from "./core";

export const BOOKS = ["cogoverned", "public_revenue"] as const;

/** The chart of accounts, seeded with the community (DESIGN.md §5). */
export const accounts = sqliteTable("accounts", {
  code: text("code").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  type: text("type", { enum: ["asset", "liability", "equity", "income", "expense"] }).notNull(),
  // JSON array of the books the account may be posted in.
  books: text("books").notNull(),
  sortOrder: integer("sort_order").notNull(),
  auditSeq: integer("audit_seq").notNull(),
});

/**
 * Journal entries and their postings are append-only (triggers in a custom
 * migration): a correction is a reversing entry pointing at the original.
 */
export const journalEntries = sqliteTable("journal_entries", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  businessDate: text("business_date").notNull(), // YYYY-MM-DD, Asia/Shanghai
  memo: text("memo").notNull(),
  sourceKind: text("source_kind", {
    enum: ["bill", "payment", "prepaid", "income", "remuneration", "voucher", "import", "reversal", "opening", "routine", "proposal_payment", "maintenance_fund"],
  }).notNull(),
  sourceId: text("source_id"),
  reversesEntryId: integer("reverses_entry_id").references((): AnySQLiteColumn => journalEntries.id),
  reason: text("reason"),
  createdBy: text("created_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  index("journal_entries_date_idx").on(t.businessDate),
  index("journal_entries_source_idx").on(t.sourceKind, t.sourceId),
  uniqueIndex("journal_entries_reverses_idx").on(t.reversesEntryId),
]);

export const postings = sqliteTable("postings", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  entryId: integer("entry_id").notNull().references(() => journalEntries.id),
  lineNo: integer("line_no").notNull(),
  book: text("book", { enum: BOOKS }).notNull(),
  accountCode: text("account_code").notNull().references(() => accounts.code),
  // Debit positive, credit negative; the postings of an entry sum to zero per book.
  amountFen: integer("amount_fen").notNull(),
  unitId: integer("unit_id").references(() => units.id),
  memo: text("memo").notNull().default(""),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  // Covering (issue 8): a statement reads a quarter's postings entry by entry, book by book, without the table.
  index("postings_entry_idx").on(t.entryId, t.book, t.accountCode, t.amountFen),
  // Covering: the ledger page's totals of one account sum amounts without reading the table.
  index("postings_book_account_idx").on(t.book, t.accountCode, t.amountFen),
  index("postings_unit_idx").on(t.unitId),
  check("postings_amount_nonzero", sql`${t.amountFen} <> 0`),
]);

/** Evidence files, stored under their SHA-256 in the attachments folder. */
export const attachments = sqliteTable("attachments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  sha256: text("sha256").notNull(),
  filename: text("filename").notNull(),
  mime: text("mime").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  uploadedBy: text("uploaded_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("attachments_sha_idx").on(t.sha256)]);
