import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { cachedStatement } from "~db/prepared";
import { auditEvents } from "~db/schema";
import { buildEventWithJson, type ChainedEvent, type ChainHead, type JsonObject } from "~/domain/audit-chain";

export type Actor = string; // a user id as a string, "system" or "anonymous"

export function actorOf(user: { id: number } | null): Actor {
  return user ? String(user.id) : "anonymous";
}

type Head = { seq: number; hash: string; at: string };

/** The chain's last event, through a statement prepared once per connection (every write reads it). */
function lastEvent(tx: Tx | Db): Head | undefined {
  return cachedStatement(tx.$client, "SELECT seq, hash, at FROM audit_events ORDER BY seq DESC LIMIT 1").get() as Head | undefined;
}

/**
 * The seq the next event will take. Inside an IMMEDIATE transaction nobody
 * else can take it, so rows written before their event can carry it.
 */
export function nextAuditSeq(tx: Tx): number {
  return (lastEvent(tx)?.seq ?? 0) + 1;
}

/** The last event as a write transaction begins: what its event will chain to (auditedWrite). */
export function reserveAuditSeq(tx: Tx): { seq: number; previous: Head | null } {
  const previous = lastEvent(tx) ?? null;
  return { seq: (previous?.seq ?? 0) + 1, previous };
}

/**
 * Appends one event inside the caller's write transaction: the change and its
 * event commit or roll back together (DESIGN.md §6, §9.3). `previous` is the
 * head read by reserveAuditSeq in the same transaction (saves reading it
 * again); had anything appended since, the event would reuse a taken seq and
 * its insert would fail on the primary key, so the chain cannot fork.
 */
export function appendAuditEvent(
  tx: Tx,
  fields: { actor: Actor; action: string; subject: string; data: JsonObject },
  options: { expectedSeq?: number; now?: Date; previous?: Head | null } = {},
): ChainedEvent {
  const previous = options.previous !== undefined ? options.previous : (lastEvent(tx) ?? null);
  const { event, dataJson } = buildEventWithJson(previous, fields, options.now ?? new Date());
  if (options.expectedSeq !== undefined && event.seq !== options.expectedSeq) {
    throw new Error(`audit seq ${event.seq} is not the reserved ${options.expectedSeq}`);
  }
  cachedStatement(tx.$client, "INSERT INTO audit_events (seq, at, actor, action, subject, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .run(event.seq, event.at, event.actor, event.action, event.subject, dataJson, event.prev, event.hash);
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
