import { eq } from "drizzle-orm";
import type { Tx } from "~db/connection";
import { notificationChannels, notificationOutbox } from "~db/schema";

export interface NotificationMessage {
  topic: string; // "approval.opened", "approval.decided", "proposal.paid"…
  subject: string; // "proposal:12"
  title: string;
  body: string; // markdown
}

/**
 * Queues a message for every enabled channel, inside the caller's write
 * transaction: the message exists exactly when the change it tells about
 * does. The worker delivers it later (notifications/deliver.server.ts).
 */
export function enqueueNotification(tx: Tx, seq: number, message: NotificationMessage, now = new Date()): number {
  const channels = tx.select({ id: notificationChannels.id }).from(notificationChannels).where(eq(notificationChannels.enabled, true)).all();
  const at = now.toISOString();
  for (const channel of channels) {
    tx.insert(notificationOutbox)
      .values({ channelId: channel.id, topic: message.topic, subject: message.subject, title: message.title.slice(0, 200), body: message.body.slice(0, 4000), auditSeq: seq, nextAttemptAt: at, createdAt: at })
      .run();
  }
  return channels.length;
}
