import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { BOOKS, journalEntries } from "./ledger";

/** A saved column mapping for one bank's statement files. */
export const bankMappings = sqliteTable("bank_mappings", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  mapping: text("mapping").notNull(), // JSON, see app/domain/bank
  auditSeq: integer("audit_seq").notNull(),
});

export const bankImports = sqliteTable("bank_imports", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  book: text("book", { enum: BOOKS }).notNull(),
  filename: text("filename").notNull(),
  fileSha256: text("file_sha256").notNull(),
  encoding: text("encoding").notNull(),
  mapping: text("mapping").notNull(),
  lineCount: integer("line_count").notNull(),
  importedBy: text("imported_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
});

/**
 * Bank statement lines. `fingerprint` hashes account, date, amount,
 * counterparty, memo and running balance; `occurrence` numbers identical
 * lines within one file, so a re-import is refused but twins are kept.
 */
export const bankLines = sqliteTable("bank_lines", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  importId: integer("import_id").notNull().references(() => bankImports.id),
  book: text("book", { enum: BOOKS }).notNull(),
  lineNo: integer("line_no").notNull(),
  txnDate: text("txn_date").notNull(),
  amountFen: integer("amount_fen").notNull(),
  counterparty: text("counterparty").notNull(),
  memo: text("memo").notNull(),
  reference: text("reference").notNull(),
  balanceFen: integer("balance_fen"),
  fingerprint: text("fingerprint").notNull(),
  occurrence: integer("occurrence").notNull(),
  piiSalt: text("pii_salt").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  uniqueIndex("bank_lines_fingerprint_idx").on(t.book, t.fingerprint, t.occurrence),
  index("bank_lines_date_idx").on(t.book, t.txnDate),
]);

/** Matching history: the current match of a line is its latest row. */
export const bankMatches = sqliteTable("bank_matches", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  bankLineId: integer("bank_line_id").notNull().references(() => bankLines.id),
  entryId: integer("entry_id").references(() => journalEntries.id),
  action: text("action", { enum: ["match", "unmatch"] }).notNull(),
  method: text("method", { enum: ["auto", "manual"] }).notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("bank_matches_line_idx").on(t.bankLineId), index("bank_matches_entry_idx").on(t.entryId)]);

/** "The bank says the balance of this book on this date is X": checked against the ledger. */
export const balanceAssertions = sqliteTable("balance_assertions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  book: text("book", { enum: BOOKS }).notNull(),
  asOf: text("as_of").notNull(),
  expectedFen: integer("expected_fen").notNull(),
  source: text("source").notNull(), // "bank_import:12" or "manual"
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("balance_assertions_book_idx").on(t.book, t.asOf)]);
