import { desc, inArray } from "drizzle-orm";
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
  const ids = [...new Set(events.map((e) => actorUserId(e.actor)).filter((id): id is number => id !== null))];
  const names = new Map<number, string>();
  if (ids.length > 0) {
    for (const u of db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids)).all()) names.set(u.id, u.displayName);
  }
  return events.map((e) => timelineItem(e, names));
}
