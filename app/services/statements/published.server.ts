import { and, asc, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { publishedStatements } from "~db/schema";
import type { StatementSnapshot } from "~/domain/statements/snapshot";

export type PublishedRow = typeof publishedStatements.$inferSelect;

export interface Published {
  row: PublishedRow;
  snapshot: StatementSnapshot;
  latest: boolean; // the latest revision of its period
}

function withSnapshot(row: PublishedRow, latestRevision: number): Published {
  return { row, snapshot: JSON.parse(row.snapshot) as StatementSnapshot, latest: row.revision === latestRevision };
}

/** Every published revision, newest period first, revisions newest first within a period. */
export function listPublished(db: Db | Tx, kind?: "quarter" | "year"): PublishedRow[] {
  return db.select().from(publishedStatements)
    .where(kind ? eq(publishedStatements.periodKind, kind) : undefined)
    .orderBy(desc(publishedStatements.period), desc(publishedStatements.revision)).all();
}

/** Only the latest revision of each period, newest period first. */
export function latestPublishedList(db: Db | Tx, kind?: "quarter" | "year"): PublishedRow[] {
  const seen = new Set<string>();
  return listPublished(db, kind).filter((row) => (seen.has(row.period) ? false : (seen.add(row.period), true)));
}

export function revisionsOf(db: Db | Tx, period: string): PublishedRow[] {
  return db.select().from(publishedStatements).where(eq(publishedStatements.period, period)).orderBy(asc(publishedStatements.revision)).all();
}

/** The latest published revision of a period, or null. */
export function latestPublished(db: Db | Tx, period: string): PublishedRow | null {
  return db.select().from(publishedStatements).where(eq(publishedStatements.period, period))
    .orderBy(desc(publishedStatements.revision)).limit(1).get() ?? null;
}

/** One published revision with its parsed snapshot, or null. */
export function getPublished(db: Db | Tx, id: number): Published | null {
  const row = db.select().from(publishedStatements).where(eq(publishedStatements.id, id)).get();
  if (!row) return null;
  return withSnapshot(row, latestPublished(db, row.period)?.revision ?? row.revision);
}

export function publishedByHash(db: Db | Tx, hash: string): PublishedRow | null {
  return db.select().from(publishedStatements).where(eq(publishedStatements.hash, hash)).get() ?? null;
}

export function publishedRevision(db: Db | Tx, period: string, revision: number): PublishedRow | null {
  return db.select().from(publishedStatements)
    .where(and(eq(publishedStatements.period, period), eq(publishedStatements.revision, revision))).get() ?? null;
}
