import type { Db } from "~db/connection";
import { writeTx } from "~db/connection";
import { notificationOutbox } from "~db/schema";
import { eq } from "drizzle-orm";
import type { ChannelFormInput } from "~/domain/notifications/channels";
import { chainHead } from "~/services/audit.server";
import { saveChannel } from "~/services/notifications/channels.server";
import { enqueueNotification, type NotificationMessage } from "~/services/notifications/outbox.server";
import { DINGTALK_TEST_SECRET } from "../mocks/dingtalk";
import { WECOM_TEST_KEY } from "../mocks/wecom";

export const DINGTALK_URL = "https://oapi.dingtalk.com/robot/send?access_token=dingtalk-test-token-0123";
export const WECOM_URL = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_TEST_KEY}`;

/** A channel saved through the service, as the admin would ("system" stands for the admin here). */
export function makeChannel(db: Db, input: Partial<ChannelFormInput> & { kind?: ChannelFormInput["kind"] } = {}, actor = "system") {
  const kind = input.kind ?? "dingtalk";
  return saveChannel(db, {
    kind,
    name: input.name ?? (kind === "dingtalk" ? "业委会钉钉群" : "业主企业微信群"),
    webhookUrl: input.webhookUrl ?? (kind === "dingtalk" ? DINGTALK_URL : WECOM_URL),
    secret: input.secret ?? (kind === "dingtalk" ? DINGTALK_TEST_SECRET : undefined),
    enabled: input.enabled ?? true,
  }, actor);
}

/** Queues a message for every enabled channel the way a spending service does, inside a write transaction. */
export function queueMessage(db: Db, message: Partial<NotificationMessage> = {}, now = new Date()): number {
  return writeTx(db, (tx) =>
    enqueueNotification(tx, chainHead(tx)?.seq ?? 0, {
      topic: message.topic ?? "approval.opened",
      subject: message.subject ?? "proposal:12",
      title: message.title ?? "待表决：更换 3 栋电梯钢丝绳",
      body: message.body ?? "金额 ¥12,800.00，请委员表决。[查看](/spending/12)",
    }, now));
}

export function outboxRows(db: Db, channelId?: number) {
  const query = db.select().from(notificationOutbox);
  return (channelId === undefined ? query : query.where(eq(notificationOutbox.channelId, channelId))).all();
}
