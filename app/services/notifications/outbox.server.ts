import { eq } from "drizzle-orm";
import type { Tx } from "~db/connection";
import { notificationChannels, notificationOutbox } from "~db/schema";
import { truncateUtf8 } from "~/domain/notifications/messages";

export interface NotificationMessage {
  topic: string; // "approval.opened", "approval.decided", "proposal.paid"…
  subject: string; // "proposal:12"
  title: string;
  body: string; // markdown
}

const MAX_TITLE_BYTES = 200;
const MAX_BODY_BYTES = 4000;

/**
 * Queues a message for every enabled channel, inside the caller's write
 * transaction: the message exists exactly when the change it tells about
 * does. The worker delivers it later (notifications/deliver.server.ts).
 */
export function enqueueNotification(tx: Tx, seq: number, message: NotificationMessage, now = new Date()): number {
  const channels = tx.select({ id: notificationChannels.id }).from(notificationChannels).where(eq(notificationChannels.enabled, true)).all();
  for (const channel of channels) enqueueForChannel(tx, seq, channel.id, message, now);
  return channels.length;
}

/** One outbox row for one channel (the admin's test message), due at once. */
export function enqueueForChannel(tx: Tx, seq: number, channelId: number, message: NotificationMessage, now = new Date()): number {
  const at = now.toISOString();
  const row = tx
    .insert(notificationOutbox)
    .values({
      channelId, topic: message.topic, subject: message.subject,
      // Cut between characters, never inside one (the limits are the vendors', in bytes).
      title: truncateUtf8(message.title, MAX_TITLE_BYTES), body: truncateUtf8(message.body, MAX_BODY_BYTES),
      auditSeq: seq, nextAttemptAt: at, createdAt: at,
    })
    .returning({ id: notificationOutbox.id })
    .get();
  return row.id;
}
