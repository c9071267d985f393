import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Checkpoints of published quarters (issue 8): a cache derived from the
 * ledger so a statement costs one quarter's rows, not all history. Not
 * history: no audit event writes them, nothing checks them against the
 * chain, and they never change a figure (statements:verify recomputes
 * without them). One row per figure of a quarter; the `made` row says the
 * quarter has a checkpoint. Triggers (migration 0012) delete every
 * checkpoint ending on or after the date of any new journal entry, bill
 * period, payment allocation, proposal payment or passed approval, in the
 * writer's own transaction, so a
 * checkpoint that exists is still what the ledger says (see
 * app/services/statements/checkpoints.server.ts).
 */
export const statementCheckpoints = sqliteTable("statement_checkpoints", {
  quarter: text("quarter").notNull(), // "2026Q1"
  periodEnd: text("period_end").notNull(), // YYYY-MM-DD, the quarter's last day
  auditSeq: integer("audit_seq").notNull(), // the chain head the figures were computed at
  // made | opening | closing (account balances) | cash (a cash row) | collection (a rate's parts) | owed (approved unpaid)
  kind: text("kind", { enum: ["made", "opening", "closing", "cash", "collection", "owed"] }).notNull(),
  book: text("book").notNull(), // "" for the collection rate, which spans both books
  key: text("key").notNull(), // an account code, or the name of a collection part
  debit: integer("debit").notNull(), // cash rows: 1 for the debit nets, 0 for the credit nets; else 0
  amountFen: integer("amount_fen").notNull(),
}, (t) => [
  primaryKey({ columns: [t.quarter, t.kind, t.book, t.key, t.debit] }),
  index("statement_checkpoints_end_idx").on(t.periodEnd),
]);
