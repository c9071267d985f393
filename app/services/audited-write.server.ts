import type { Db, Tx } from "~db/connection";
import { writeTx } from "~db/connection";
import type { ChainedEvent, JsonObject } from "~/domain/audit-chain";
import { appendAuditEvent, reserveAuditSeq, type Actor } from "./audit.server";
import type { EventRows } from "./audit-rows.server";

/**
 * The one way a service changes history: inside one IMMEDIATE transaction,
 * `write` stamps every row it writes with `seq` and returns what the event
 * records — the subject and the rows in their chain form (plus any extra data).
 * The event is appended in the same transaction, so both commit or neither.
 */
export function auditedWrite<T>(
  db: Db,
  meta: { actor: Actor; action: string },
  write: (tx: Tx, seq: number) => { result: T; subject: string; rows: EventRows; extra?: JsonObject },
): T & { event: ChainedEvent } {
  return writeTx(db, (tx) => {
    const { seq, previous } = reserveAuditSeq(tx);
    const { result, subject, rows, extra } = write(tx, seq);
    const event = appendAuditEvent(
      tx,
      { actor: meta.actor, action: meta.action, subject, data: { ...extra, rows: rows as JsonObject } },
      { expectedSeq: seq, previous },
    );
    return { ...result, event };
  });
}
