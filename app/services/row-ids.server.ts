import type { Tx } from "~db/connection";
import { cachedStatement } from "~db/prepared";

type IdTable = "bills" | "payments" | "income_records" | "remuneration_accruals" | "routine_spendings" | "proposal_payments";

/**
 * The id the next row of an AUTOINCREMENT table will get, read inside the
 * IMMEDIATE write transaction (so no other writer can take it). A record and
 * its journal entry point at each other, and neither may be updated after
 * insertion, so the entry is written knowing the record's id in advance.
 * One statement per table (a name cannot be a parameter), prepared once per connection.
 */
export function nextRowId(tx: Tx, table: IdTable): number {
  const row = cachedStatement(tx.$client, `
    SELECT max(
      coalesce((SELECT seq FROM sqlite_sequence WHERE name = '${table}'), 0),
      coalesce((SELECT max(id) FROM "${table}"), 0)
    ) + 1 AS next`).get() as { next: number };
  return row.next;
}
