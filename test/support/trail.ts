import type { Db } from "~db/connection";
import { buildEvent, canonicalJson, type ChainedEvent, type JsonObject } from "~/domain/audit-chain";

export const SYNTHETIC_START = "2027-01-01"; // a Shanghai day after every real event of the test
export const EVENTS_PER_DAY = 2000;
export const SYNTHETIC_ACTIONS = ["test.alpha", "test.beta", "test.gamma"] as const;

/**
 * Appends `count` chained events straight into audit_events in one
 * transaction (cheap: no rows, only the chain), EVENTS_PER_DAY per Shanghai
 * day from SYNTHETIC_START. Event i: actor "system" when i % 10 = 0,
 * "anonymous" when i % 10 = 1, else one of `userActors`; action
 * SYNTHETIC_ACTIONS[i % 3]; subject proposal:(i % 40 + 1) for even i,
 * budget:(i % 5 + 1) for odd i; `special` replaces an event's data.
 * Returns the seq of event 0.
 */
export function appendSyntheticEvents(db: Db, count: number, userActors: string[], special: Record<number, { data: JsonObject; subject?: string; action?: string }> = {}): number {
  const client = db.$client;
  const last = client.prepare("SELECT seq, hash, at FROM audit_events ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string; at: string } | undefined;
  const insert = client.prepare("INSERT INTO audit_events (seq, at, actor, action, subject, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const start = Date.parse(`${SYNTHETIC_START}T00:00:00.000+08:00`);
  const step = Math.floor((24 * 3600 * 1000) / EVENTS_PER_DAY);
  let previous: ChainedEvent | { seq: number; hash: string; at: string } | null = last ?? null;
  client.transaction(() => {
    for (let i = 0; i < count; i++) {
      const extra = special[i];
      const actor = i % 10 === 0 ? "system" : i % 10 === 1 ? "anonymous" : userActors[i % userActors.length]!;
      const event = buildEvent(previous, {
        actor,
        action: extra?.action ?? SYNTHETIC_ACTIONS[i % 3]!,
        subject: extra?.subject ?? (i % 2 === 0 ? `proposal:${(i % 40) + 1}` : `budget:${(i % 5) + 1}`),
        data: extra?.data ?? { i, note: "n" },
      }, new Date(start + i * step));
      insert.run(event.seq, event.at, event.actor, event.action, event.subject, canonicalJson(event.data), event.prev, event.hash);
      previous = event;
    }
  })();
  return (last?.seq ?? 0) + 1;
}
