import { and, desc, eq, isNotNull, or, sql } from "drizzle-orm";
import { writeTx, type Db } from "~db/connection";
import { notificationChannels, notificationOutbox } from "~db/schema";
import { DomainError } from "~/domain/errors";
import type { Actor } from "../audit.server";
import { assertAdminActor } from "./admin-actor.server";

export interface ChannelCounts {
  pending: number;
  sent: number;
  failed: number;
}

/** Messages per channel and status. */
export function outboxCounts(db: Db): Map<number, ChannelCounts> {
  const rows = db
    .select({ channelId: notificationOutbox.channelId, status: notificationOutbox.status, count: sql<number>`count(*)` })
    .from(notificationOutbox)
    .groupBy(notificationOutbox.channelId, notificationOutbox.status)
    .all();
  const counts = new Map<number, ChannelCounts>();
  for (const row of rows) {
    const entry = counts.get(row.channelId) ?? { pending: 0, sent: 0, failed: 0 };
    entry[row.status] = row.count;
    counts.set(row.channelId, entry);
  }
  return counts;
}

export interface TroubleRow {
  id: number;
  channelId: number;
  channelName: string;
  topic: string;
  subject: string;
  status: "pending" | "failed";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
}

/** The latest messages that failed for good or are waiting to be retried. */
export function recentTrouble(db: Db, limit = 20): TroubleRow[] {
  return db
    .select({
      id: notificationOutbox.id, channelId: notificationOutbox.channelId, channelName: notificationChannels.name,
      topic: notificationOutbox.topic, subject: notificationOutbox.subject, status: notificationOutbox.status,
      attempts: notificationOutbox.attempts, lastError: notificationOutbox.lastError,
      nextAttemptAt: notificationOutbox.nextAttemptAt, createdAt: notificationOutbox.createdAt,
    })
    .from(notificationOutbox)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationOutbox.channelId))
    .where(or(eq(notificationOutbox.status, "failed"), and(eq(notificationOutbox.status, "pending"), isNotNull(notificationOutbox.lastError))))
    .orderBy(desc(notificationOutbox.id))
    .limit(limit)
    .all() as TroubleRow[];
}

/**
 * Puts a message that failed for good back in line, due now, with a fresh
 * count of attempts. Only failed ones: a pending one may be in flight in
 * another worker, and resetting it could send it twice. Operational, not
 * history: no audit event. Admin only.
 */
export function retryMessage(db: Db, id: number, actor: Actor, now = new Date()): void {
  assertAdminActor(db, actor);
  writeTx(db, (tx) => {
    const result = tx
      .update(notificationOutbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now.toISOString() })
      .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.status, "failed")))
      .run();
    if (result.changes !== 1) throw new DomainError("notifications.errors.messageNotRetryable", { status: 404 });
  });
}
