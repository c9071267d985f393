import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { auditEvents } from "~db/schema";
import { buildEvent, canonicalJson, type ChainedEvent, type ChainHead, type JsonObject } from "~/domain/audit-chain";

export type Actor = string; // a user id as a string, "system" or "anonymous"

export function actorOf(user: { id: number } | null): Actor {
  return user ? String(user.id) : "anonymous";
}

function lastEvent(tx: Tx | Db) {
  return tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash, at: auditEvents.at })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1)
    .get();
}

/**
 * The seq the next event will take. Inside an IMMEDIATE transaction nobody
 * else can take it, so rows written before their event can carry it.
 */
export function nextAuditSeq(tx: Tx): number {
  return (lastEvent(tx)?.seq ?? 0) + 1;
}

/**
 * Appends one event inside the caller's write transaction: the change and its
 * event commit or roll back together (DESIGN.md §6, §9.3).
 */
export function appendAuditEvent(
  tx: Tx,
  fields: { actor: Actor; action: string; subject: string; data: JsonObject },
  options: { expectedSeq?: number; now?: Date } = {},
): ChainedEvent {
  const event = buildEvent(lastEvent(tx) ?? null, fields, options.now ?? new Date());
  if (options.expectedSeq !== undefined && event.seq !== options.expectedSeq) {
    throw new Error(`audit seq ${event.seq} is not the reserved ${options.expectedSeq}`);
  }
  tx.insert(auditEvents).values({ ...event, data: canonicalJson(event.data) }).run();
  return event;
}

export function chainHead(db: Db | Tx): ChainHead | null {
  const last = lastEvent(db);
  return last ? { seq: last.seq, hash: last.hash } : null;
}

export function eventBySeq(db: Db, seq: number): ChainedEvent | undefined {
  const row = db.select().from(auditEvents).where(eq(auditEvents.seq, seq)).get();
  return row ? { ...row, data: JSON.parse(row.data) as JsonObject } : undefined;
}

export function eventCount(db: Db): number {
  const row = db.$client.prepare("SELECT count(*) AS n FROM audit_events").get() as { n: number };
  return row.n;
}
