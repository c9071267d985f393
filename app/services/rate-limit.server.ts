import { and, eq, lt, sql, sum } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { rateLimits } from "~db/schema";

/**
 * Fixed-window failure counters kept in the database, so every process of
 * the app sees the same counts (DESIGN.md §3).
 */
export interface Limit {
  max: number;
  windowMs: number;
}

export const LOGIN_LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000 },
  address: { max: 20, windowMs: 15 * 60_000 },
} satisfies Record<string, Limit>;

function windowStart(now: Date, limit: Limit): string {
  return new Date(Math.floor(now.getTime() / limit.windowMs) * limit.windowMs).toISOString();
}

export function failuresInWindow(db: Db | Tx, key: string, limit: Limit, now: Date): number {
  const row = db
    .select({ n: sum(rateLimits.count).mapWith(Number) })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart(now, limit))))
    .get();
  return row?.n ?? 0;
}

/** Minutes until the current window ends: what a blocked person is told. */
export function minutesUntilReset(limit: Limit, now: Date): number {
  const end = Math.floor(now.getTime() / limit.windowMs) * limit.windowMs + limit.windowMs;
  return Math.max(1, Math.ceil((end - now.getTime()) / 60_000));
}

export function countFailure(tx: Tx, key: string, limit: Limit, now: Date): void {
  const start = windowStart(now, limit);
  tx.insert(rateLimits)
    .values({ key, windowStart: start, count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .run();
  // Old windows are of no further use.
  tx.delete(rateLimits).where(and(eq(rateLimits.key, key), lt(rateLimits.windowStart, start))).run();
}
