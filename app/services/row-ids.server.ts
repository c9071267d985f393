import { sql } from "drizzle-orm";
import type { Tx } from "~db/connection";

/**
 * The id the next row of an AUTOINCREMENT table will get, read inside the
 * IMMEDIATE write transaction (so no other writer can take it). A record and
 * its journal entry point at each other, and neither may be updated after
 * insertion, so the entry is written knowing the record's id in advance.
 */
export function nextRowId(tx: Tx, table: "bills" | "payments" | "income_records" | "remuneration_accruals" | "routine_spendings" | "proposal_payments"): number {
  const row = tx.get<{ next: number }>(sql`
    SELECT max(
      coalesce((SELECT seq FROM sqlite_sequence WHERE name = ${table}), 0),
      coalesce((SELECT max(id) FROM ${sql.identifier(table)}), 0)
    ) + 1 AS next`);
  return row.next;
}
