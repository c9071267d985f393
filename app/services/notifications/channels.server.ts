import { asc, eq } from "drizzle-orm";
import { writeTx, type Db } from "~db/connection";
import { notificationChannels } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { isValidSecret, isValidWebhookUrl, maskSecret, maskWebhookUrl, type ChannelFormInput } from "~/domain/notifications/channels";
import { chainHead, type Actor } from "../audit.server";
import { newPiiSalt, rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { assertAdminActor } from "./admin-actor.server";
import { enqueueForChannel } from "./outbox.server";

export type ChannelRow = typeof notificationChannels.$inferSelect;

/** What a page may show of a channel: never the secret or the whole token. */
export interface ChannelView {
  id: number;
  kind: ChannelRow["kind"];
  name: string;
  enabled: boolean;
  webhookMasked: string;
  secretMasked: string;
}

export function channelView(row: ChannelRow): ChannelView {
  return { id: row.id, kind: row.kind, name: row.name, enabled: row.enabled, webhookMasked: maskWebhookUrl(row.webhookUrl), secretMasked: maskSecret(row.secret) };
}

export function listChannels(db: Db): ChannelView[] {
  return db.select().from(notificationChannels).orderBy(asc(notificationChannels.id)).all().map(channelView);
}

export function getChannel(db: Db, id: number): ChannelView | undefined {
  const row = db.select().from(notificationChannels).where(eq(notificationChannels.id, id)).get();
  return row ? channelView(row) : undefined;
}

/**
 * Adds a channel (no `channelId`) or edits one. On edit an empty URL or
 * secret keeps the stored one; changing the kind needs a new URL. The audit
 * event holds only digests of the URL and the secret (the row's view).
 */
export function saveChannel(db: Db, input: ChannelFormInput & { channelId?: number }, actor: Actor): ChannelView {
  assertAdminActor(db, actor);
  const typedUrl = input.webhookUrl?.trim() || undefined;
  const typedSecret = input.secret?.trim() || undefined;
  if (typedUrl !== undefined && !isValidWebhookUrl(input.kind, typedUrl)) {
    throw new DomainError(`notifications.errors.webhookUrl.${input.kind}`, { field: "webhookUrl" });
  }
  if (typedSecret !== undefined && (input.kind === "wecom" || !isValidSecret(typedSecret))) {
    throw new DomainError(input.kind === "wecom" ? "notifications.errors.secretWecom" : "notifications.errors.secret", { field: "secret" });
  }
  return auditedWrite(db, { actor, action: "notification.channel_save" }, (tx, seq) => {
    const old = input.channelId === undefined ? undefined : tx.select().from(notificationChannels).where(eq(notificationChannels.id, input.channelId)).get();
    if (input.channelId !== undefined && !old) throw new DomainError("notifications.errors.channelNotFound", { status: 404 });
    const webhookUrl = typedUrl ?? (old && old.kind === input.kind ? old.webhookUrl : undefined);
    if (webhookUrl === undefined) throw new DomainError("notifications.errors.webhookUrlRequired", { field: "webhookUrl" });
    // A WeCom robot has no secret; a DingTalk one keeps its secret unless a new one is typed.
    const secret = input.kind === "wecom" ? "" : typedSecret ?? (old?.kind === "dingtalk" ? old.secret : "");
    const values = { kind: input.kind, name: input.name.trim(), webhookUrl, secret, enabled: input.enabled, auditSeq: seq };
    const row = old
      ? tx.update(notificationChannels).set(values).where(eq(notificationChannels.id, old.id)).returning().get()
      : tx.insert(notificationChannels).values({ ...values, piiSalt: newPiiSalt() }).returning().get();
    return {
      result: channelView(row),
      subject: `notification_channel:${row.id}`,
      rows: { notification_channels: [rowViews.notification_channels(row)] },
      extra: old && old.enabled !== row.enabled ? { from: onOff(old.enabled), to: onOff(row.enabled) } : undefined,
    };
  });
}

const onOff = (enabled: boolean) => (enabled ? "enabled" : "disabled");

/**
 * Queues a test message to one channel, through the outbox like any other
 * (so the admin sees it sent or failing below). Operational: no audit event;
 * the row points at the chain head of the moment.
 */
export function queueTestMessage(db: Db, channelId: number, actor: Actor, now = new Date()): number {
  assertAdminActor(db, actor);
  return writeTx(db, (tx) => {
    const channel = tx.select().from(notificationChannels).where(eq(notificationChannels.id, channelId)).get();
    if (!channel) throw new DomainError("notifications.errors.channelNotFound", { status: 404 });
    const seq = chainHead(tx)?.seq ?? 0;
    return enqueueForChannel(tx, seq, channel.id, {
      topic: "test",
      subject: `notification_channel:${channel.id}`,
      title: "明账测试消息",
      body: `这是一条测试消息：机器人「${channel.name}」已能收到明账的通知。\n\n[消息通知设置](/admin/notifications)`,
    }, now);
  });
}
