import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { statementDrafts } from "~db/schema";
import { quarterOf } from "~/domain/statements/snapshot";

/**
 * Publishing a quarter closes it (DESIGN.md §5): "2026Q1" when the latest
 * revision of that date's quarter is published, null when the quarter is open
 * (never published, or reopened by the committee and not yet published again).
 * A year's annual accounts close nothing beyond their quarters.
 */
export function closedQuarterOf(db: Db | Tx, date: string): string | null {
  const quarter = quarterOf(date);
  const latest = db.select({ status: statementDrafts.status }).from(statementDrafts)
    .where(eq(statementDrafts.period, quarter)).orderBy(desc(statementDrafts.revision)).limit(1).get();
  return latest?.status === "published" ? quarter : null;
}
