import { desc, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { auditEvents, users } from "~db/schema";
import { actorUserId, timelineItem, type TimelineItem } from "~/domain/timeline";

export type { TimelineItem } from "~/domain/timeline";

const MAX_LIMIT = 1000;

/**
 * The audit events about `subjects` (e.g. ["proposal:12"]), newest first, as
 * serialisable items in words (DESIGN.md §6: the chain is the history). Reads
 * the indexed audit_events.subject column; never returns the rows' content.
 */
export function subjectTimeline(db: Db | Tx, subjects: readonly string[], limit = 200): TimelineItem[] {
  const wanted = [...new Set(subjects)];
  if (wanted.length === 0 || limit <= 0) return [];
  const events = db
    .select({ seq: auditEvents.seq, at: auditEvents.at, actor: auditEvents.actor, action: auditEvents.action, subject: auditEvents.subject, data: auditEvents.data })
    .from(auditEvents)
    .where(inArray(auditEvents.subject, wanted))
    .orderBy(desc(auditEvents.seq))
    .limit(Math.min(Math.floor(limit), MAX_LIMIT))
    .all();
  const names = actorNames(db, events.map((e) => e.actor));
  return events.map((e) => timelineItem(e, names));
}

/** The events at the given seqs (e.g. the rows' audit_seq: the event that last wrote each row), newest first. */
export function eventsAt(db: Db | Tx, seqs: readonly number[]): TimelineItem[] {
  const wanted = [...new Set(seqs.filter((s) => Number.isSafeInteger(s) && s > 0))];
  if (wanted.length === 0) return [];
  const events = db
    .select({ seq: auditEvents.seq, at: auditEvents.at, actor: auditEvents.actor, action: auditEvents.action, subject: auditEvents.subject, data: auditEvents.data })
    .from(auditEvents)
    .where(inArray(auditEvents.seq, wanted.slice(0, MAX_LIMIT)))
    .orderBy(desc(auditEvents.seq))
    .all();
  const names = actorNames(db, events.map((e) => e.actor));
  return events.map((e) => timelineItem(e, names));
}

function actorNames(db: Db | Tx, actors: readonly string[]): Map<number, string> {
  const ids = [...new Set(actors.map(actorUserId).filter((id): id is number => id !== null))];
  const names = new Map<number, string>();
  if (ids.length === 0) return names;
  for (const u of db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids)).all()) names.set(u.id, u.displayName);
  return names;
}

/**
 * A subject page's history: the events about `subjects` plus the events at
 * `seqs` (rows written as part of another subject's event — a payment's
 * entry, a bill in its run), newest first, each once, at most `limit`.
 */
export function pageTimeline(db: Db | Tx, input: { subjects?: readonly string[]; seqs?: readonly number[] }, limit = 200): TimelineItem[] {
  const bySeq = new Map<number, TimelineItem>();
  for (const item of subjectTimeline(db, input.subjects ?? [], limit)) bySeq.set(item.seq, item);
  for (const item of eventsAt(db, input.seqs ?? [])) bySeq.set(item.seq, item);
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, Math.max(0, limit));
}

/**
 * The unit-register imports that created a row of `table` ("units" or
 * "owners"): an import is ONE event (subject `import:<seq>`) carrying every
 * row it wrote, so the row's later edits hide it from its audit_seq.
 */
export function importSeqsOf(db: Db | Tx, table: "units" | "owners", id: number): number[] {
  const path = `$.rows.${table}`;
  return db
    .all<{ seq: number }>(sql`SELECT e.seq AS seq FROM ${auditEvents} e WHERE e.action = 'unit.import'
      AND EXISTS (SELECT 1 FROM json_each(e.data, ${path}) j WHERE json_extract(j.value, '$.id') = ${id})`)
    .map((r) => r.seq);
}
