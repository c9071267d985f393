import { delay, http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { notificationOutbox } from "~db/schema";
import { openDatabase, writeTx } from "~db/connection";
import { dingtalkSignature } from "~/domain/dingtalk-sign";
import { MAX_ATTEMPTS } from "~/domain/notifications/delivery";
import { verifyDatabase } from "~/services/audit-verify.server";
import { listChannels, saveChannel } from "~/services/notifications/channels.server";
import { deliverDue } from "~/services/notifications/deliver.server";
import { enqueueNotification } from "~/services/notifications/outbox.server";
import { retryMessage } from "~/services/notifications/status.server";
import { startNotificationWorker } from "~/services/notifications/worker.server";
import { DINGTALK_TEST_SECRET, dingtalkMessages } from "../mocks/dingtalk";
import { server } from "../mocks";
import { wecomMessages } from "../mocks/wecom";
import { testDb } from "../support/db";
import { DINGTALK_URL, makeChannel, outboxRows, queueMessage, WECOM_URL } from "../support/notifications";

const db = testDb();
const T0 = new Date("2026-05-01T02:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const BASE = "https://zhang.example.org";
const WECOM_SEND = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send";

const dingtalk = makeChannel(db, { kind: "dingtalk" });
const wecom = makeChannel(db, { kind: "wecom" });
const wrongSecret = makeChannel(db, { kind: "dingtalk", name: "密钥错误的群", secret: "SECwrongwrongwrong0000" });

afterEach(() => {
  db.delete(notificationOutbox).run();
});

/** Switches channels on and off through the service, as the admin does, so each scenario knows where messages go. */
function setEnabled(ids: number[]) {
  for (const channel of listChannels(db)) {
    if (channel.enabled !== ids.includes(channel.id)) {
      saveChannel(db, { channelId: channel.id, kind: channel.kind, name: channel.name, enabled: !channel.enabled }, "system");
    }
  }
}

describe("delivering the outbox", () => {
  it("sends a DingTalk message signed, as markdown with absolute links, and records it sent", async () => {
    setEnabled([dingtalk.id]);
    expect(queueMessage(db, {}, T0)).toBe(1);
    const before = dingtalkMessages.length;
    const counts = await deliverDue(db, { now: T0, baseUrl: BASE });
    expect(counts).toEqual({ sent: 1, retrying: 0, failed: 0, skipped: 0 });
    expect(dingtalkMessages.length).toBe(before + 1);
    expect(dingtalkMessages.at(-1)).toEqual({
      msgtype: "markdown",
      markdown: { title: "待表决：更换 3 栋电梯钢丝绳", text: `#### 待表决：更换 3 栋电梯钢丝绳\n\n金额 ¥12,800.00，请委员表决。[查看](${BASE}/spending/12)` },
    });
    const [row] = outboxRows(db);
    expect(row).toMatchObject({ status: "sent", attempts: 1, sentAt: T0.toISOString(), lastError: null });
  });

  it("signs with the channel's secret and the moment of sending", async () => {
    setEnabled([dingtalk.id]);
    queueMessage(db, {}, T0);
    let seen: URL | undefined;
    server.events.on("request:start", ({ request }) => {
      seen = new URL(request.url);
    });
    await deliverDue(db, { now: at(1234), baseUrl: BASE });
    server.events.removeAllListeners();
    expect(seen?.searchParams.get("access_token")).toBe("dingtalk-test-token-0123");
    expect(seen?.searchParams.get("timestamp")).toBe(String(at(1234).getTime()));
    expect(seen?.searchParams.get("sign")).toBe(dingtalkSignature(at(1234).getTime(), DINGTALK_TEST_SECRET));
  });

  it("sends a WeCom message as markdown content", async () => {
    setEnabled([wecom.id]);
    queueMessage(db, { body: "[查看](/budget/3)" }, T0);
    const before = wecomMessages.length;
    expect(await deliverDue(db, { now: T0 })).toMatchObject({ sent: 1 });
    expect(wecomMessages.length).toBe(before + 1);
    // Without a public address the link stays relative.
    expect(wecomMessages.at(-1)).toEqual({ msgtype: "markdown", markdown: { content: "**待表决：更换 3 栋电梯钢丝绳**\n\n[查看](/budget/3)" } });
  });

  it("retries after HTTP 500 once the backoff has passed, then sends", async () => {
    setEnabled([wecom.id]);
    queueMessage(db, {}, T0);
    server.use(http.post(WECOM_SEND, () => new HttpResponse("boom", { status: 500 }), { once: true }));
    expect(await deliverDue(db, { now: T0 })).toMatchObject({ sent: 0, retrying: 1 });
    expect(outboxRows(db)[0]).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500", nextAttemptAt: at(30_000).toISOString() });
    expect(await deliverDue(db, { now: at(29_999) })).toEqual({ sent: 0, retrying: 0, failed: 0, skipped: 0 });
    expect(await deliverDue(db, { now: at(30_000) })).toMatchObject({ sent: 1 });
    expect(outboxRows(db)[0]).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  it("records a timeout when the robot answers too late, and retries", async () => {
    setEnabled([wecom.id]);
    queueMessage(db, {}, T0);
    server.use(http.post(WECOM_SEND, async () => {
      await delay(1_000);
      return HttpResponse.json({ errcode: 0, errmsg: "ok" });
    }, { once: true }));
    const started = Date.now();
    expect(await deliverDue(db, { now: T0, timeoutMs: 100 })).toMatchObject({ retrying: 1 });
    expect(Date.now() - started).toBeLessThan(900);
    expect(outboxRows(db)[0]).toMatchObject({ status: "pending", attempts: 1, lastError: "timeout" });
    expect(await deliverDue(db, { now: at(30_000), timeoutMs: 100 })).toMatchObject({ sent: 1 });
  });

  it("treats DingTalk's rejected signature (HTTP 200, errcode 310000) as a failure, and gives up after the last attempt", async () => {
    setEnabled([wrongSecret.id]);
    queueMessage(db, {}, T0);
    const before = dingtalkMessages.length;
    let now = T0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const counts = await deliverDue(db, { now });
      expect(counts).toMatchObject(attempt < MAX_ATTEMPTS ? { retrying: 1 } : { failed: 1 });
      now = new Date(now.getTime() + 3_600_000);
    }
    expect(dingtalkMessages.length).toBe(before);
    const [row] = outboxRows(db);
    expect(row).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastError: "errcode 310000: sign not match", sentAt: null });
    expect(await deliverDue(db, { now: at(100 * 3_600_000) })).toEqual({ sent: 0, retrying: 0, failed: 0, skipped: 0 });
    // The admin's "retry now" puts it back in line, due at once.
    retryMessage(db, row!.id, "system", now);
    expect(outboxRows(db)[0]).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: now.toISOString() });
    expect(() => retryMessage(db, row!.id, "system", now)).toThrow("notifications.errors.messageNotRetryable");
  });

  it("records WeCom's invalid key (errcode 93000), a network error and a non-JSON answer without the token", async () => {
    const badKey = makeChannel(db, { kind: "wecom", name: "失效的群", webhookUrl: `${WECOM_SEND}?key=no-such-key-9999` });
    setEnabled([badKey.id]);
    queueMessage(db, {}, T0);
    await deliverDue(db, { now: T0 });
    expect(outboxRows(db)[0]!.lastError).toMatch(/^errcode 93000: invalid webhook url/);
    server.use(http.post(WECOM_SEND, () => HttpResponse.error(), { once: true }));
    await deliverDue(db, { now: at(30_000) });
    expect(outboxRows(db)[0]!.lastError).toMatch(/^network error/);
    server.use(http.post(WECOM_SEND, () => HttpResponse.text("<html>502</html>"), { once: true }));
    await deliverDue(db, { now: at(90_000) });
    expect(outboxRows(db)[0]!.lastError).toBe("not JSON");
    for (const row of outboxRows(db)) expect(row.lastError ?? "").not.toMatch(/key=|no-such-key/);
  });

  it("queues nothing for a disabled channel, and fails a message whose channel was disabled after queueing without sending it", async () => {
    setEnabled([dingtalk.id]);
    expect(queueMessage(db, {}, T0)).toBe(1);
    expect(outboxRows(db, wecom.id)).toHaveLength(0);
    setEnabled([]);
    expect(queueMessage(db, {}, T0)).toBe(0);
    let requests = 0;
    server.events.on("request:start", () => {
      requests += 1;
    });
    expect(await deliverDue(db, { now: T0 })).toMatchObject({ failed: 1, sent: 0 });
    server.events.removeAllListeners();
    expect(requests).toBe(0);
    expect(outboxRows(db)[0]).toMatchObject({ status: "failed", lastError: "channel disabled" });
  });

  it("sends each message once when two workers (two connections) deliver at the same time", async () => {
    setEnabled([wecom.id, dingtalk.id]);
    for (let i = 0; i < 6; i++) queueMessage(db, { subject: `proposal:${i}` }, T0);
    const other = openDatabase(process.env.DATABASE_PATH!, { migrate: false });
    const beforeWecom = wecomMessages.length;
    const beforeDingtalk = dingtalkMessages.length;
    const [a, b] = await Promise.all([deliverDue(db, { now: T0 }), deliverDue(other, { now: T0 })]);
    other.$client.close();
    expect(a.sent + b.sent).toBe(12);
    expect(a.skipped + b.skipped).toBeGreaterThan(0);
    expect(wecomMessages.length - beforeWecom).toBe(6);
    expect(dingtalkMessages.length - beforeDingtalk).toBe(6);
    expect(outboxRows(db).every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });

  it("queues in the caller's transaction: a change that fails leaves no message", () => {
    setEnabled([dingtalk.id, wecom.id]);
    expect(() => writeTx(db, (tx) => {
      expect(enqueueNotification(tx, 1, { topic: "proposal.paid", subject: "proposal:1", title: "已付款", body: "…" }, T0)).toBe(2);
      throw new Error("the payment failed");
    })).toThrow("the payment failed");
    expect(outboxRows(db)).toHaveLength(0);
  });

  it("cuts a long message at a character boundary within the vendors' limit", async () => {
    setEnabled([wecom.id]);
    queueMessage(db, { body: "业主".repeat(3_000) + "😀" }, T0);
    await deliverDue(db, { now: T0 });
    const content = (wecomMessages.at(-1) as { markdown: { content: string } }).markdown.content;
    expect(new TextEncoder().encode(content).length).toBeLessThanOrEqual(4096);
    expect(content.endsWith("…")).toBe(true);
    expect(content).not.toMatch(/\uFFFD/);
  });

  it("runs in the background without overlapping itself, until stopped", async () => {
    setEnabled([wecom.id]);
    queueMessage(db, {}, new Date());
    let inFlight = 0;
    let maxInFlight = 0;
    server.use(http.post(WECOM_SEND, async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await delay(80);
      inFlight -= 1;
      return HttpResponse.json({ errcode: 0, errmsg: "ok" });
    }));
    const stop = startNotificationWorker(db, { intervalMs: 10 });
    for (let i = 0; i < 100 && outboxRows(db)[0]!.status !== "sent"; i++) await delay(20);
    stop();
    expect(outboxRows(db)[0]!.status).toBe("sent");
    expect(maxInFlight).toBe(1);
  });

  it("keeps the audit chain intact, with no secret or token in it", () => {
    const chain = db.$client.prepare("SELECT data FROM audit_events").all() as { data: string }[];
    const text = chain.map((e) => e.data).join("\n");
    expect(text).not.toContain(DINGTALK_TEST_SECRET);
    expect(text).not.toContain("dingtalk-test-token-0123");
    expect(text).not.toContain(WECOM_URL);
    expect(text).not.toContain(DINGTALK_URL);
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
