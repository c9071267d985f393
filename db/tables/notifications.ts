import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Group robots the community posts to (DingTalk custom robot, WeCom group
 * robot), set by the admin. The secret and the webhook's token never enter
 * the audit chain: the row's view there holds their digests.
 */
export const notificationChannels = sqliteTable("notification_channels", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  kind: text("kind", { enum: ["dingtalk", "wecom"] }).notNull(),
  name: text("name").notNull(),
  webhookUrl: text("webhook_url").notNull(),
  secret: text("secret").notNull().default(""), // DingTalk 加签 secret (SEC…); empty for WeCom
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  piiSalt: text("pii_salt").notNull(),
  auditSeq: integer("audit_seq").notNull(),
});

/**
 * The outbox: one row per message and channel, written in the same
 * transaction as the change it tells about, delivered later by the worker
 * with retries and backoff. Operational state, not history: the worker
 * updates status, attempts and the last error.
 */
export const notificationOutbox = sqliteTable("notification_outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  channelId: integer("channel_id").notNull().references(() => notificationChannels.id),
  topic: text("topic").notNull(), // "approval.opened", "approval.decided", "proposal.paid"…
  subject: text("subject").notNull(), // "proposal:12"
  title: text("title").notNull(),
  body: text("body").notNull(), // markdown text
  auditSeq: integer("audit_seq").notNull(), // the event of the change it tells about
  status: text("status", { enum: ["pending", "sent", "failed"] }).notNull().default("pending"),
  attempts: integer("attempts").notNull().default(0),
  nextAttemptAt: text("next_attempt_at").notNull(),
  lastError: text("last_error"),
  createdAt: text("created_at").notNull(),
  sentAt: text("sent_at"),
}, (t) => [index("notification_outbox_due_idx").on(t.status, t.nextAttemptAt)]);
