import type { Db, Tx } from "~db/connection";
import { cachedStatement } from "~db/prepared";
import { quarterOf } from "~/domain/statements/snapshot";

/**
 * Publishing a quarter closes it (DESIGN.md §5): "2026Q1" when the latest
 * revision of that date's quarter is published, null when the quarter is open
 * (never published, or reopened by the committee and not yet published again).
 * A year's annual accounts close nothing beyond their quarters. Asked for
 * every journal entry written, hence a prepared statement.
 */
export function closedQuarterOf(db: Db | Tx, date: string): string | null {
  const quarter = quarterOf(date);
  const latest = cachedStatement(db.$client, "SELECT status FROM statement_drafts WHERE period = ? ORDER BY revision DESC LIMIT 1")
    .get(quarter) as { status: string } | undefined;
  return latest?.status === "published" ? quarter : null;
}
