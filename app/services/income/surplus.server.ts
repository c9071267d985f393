import { and, eq, gte, lte, sql } from "drizzle-orm";
import type { Db } from "~db/connection";
import { journalEntries, postings } from "~db/schema";
import { computeSurplus, type Surplus } from "~/domain/income/surplus";

/**
 * The co-managed book's surplus or deficit over a period (dates inclusive):
 * its postings summed per account, then the domain's arithmetic.
 */
export function surplusFor(db: Db, range: { from: string; to: string }): Surplus & { from: string; to: string } {
  const sums = db
    .select({ accountCode: postings.accountCode, amountFen: sql<number>`sum(${postings.amountFen})`.mapWith(Number) })
    .from(postings)
    .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
    .where(and(eq(postings.book, "cogoverned"), gte(journalEntries.businessDate, range.from), lte(journalEntries.businessDate, range.to)))
    .groupBy(postings.accountCode)
    .all();
  return { ...computeSurplus(sums), ...range };
}
