import { beforeAll, describe, expect, it } from "vitest";
import { notificationChannels, notificationOutbox } from "~db/schema";
import { eq } from "drizzle-orm";
import * as index from "~/routes/admin.notifications._index";
import * as channelPage from "~/routes/admin.notifications.$channelId";
import { chainHead } from "~/services/audit.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { deliverDue } from "~/services/notifications/deliver.server";
import { DINGTALK_TEST_SECRET } from "../mocks/dingtalk";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";
import { DINGTALK_URL, WECOM_URL } from "../support/notifications";

const db = testDb();
const cookies: Record<string, string> = {};

beforeAll(async () => {
  await ensureDemoCommunity(db);
  for (const login of ["admin", "manager", "director", "auditor"]) cookies[login] = (await signIn(login, DEMO_PASSWORD)).cookie;
});

const channelArgs = (id: string, cookie: string, form?: Record<string, string>) => ({
  request: makeRequest(`/admin/notifications/${id}`, { cookie, form }), params: { channelId: id }, context: CONTEXT,
});
const indexArgs = (cookie: string, form?: Record<string, string>) => ({
  request: makeRequest("/admin/notifications", { cookie, form }), params: {}, context: CONTEXT,
});
const snapshot = () => ({
  channels: db.select().from(notificationChannels).all().length,
  outbox: db.select().from(notificationOutbox).all().length,
  seq: chainHead(db)?.seq ?? 0,
});
const auditText = () => (db.$client.prepare("SELECT data FROM audit_events").all() as { data: string }[]).map((e) => e.data).join("\n");

async function expectForbidden(promise: unknown) {
  const outcome = await settle(promise);
  expect(outcome.threw).toBe(true);
  expect((outcome.value as Response).status).toBe(403);
}

describe("the notifications pages", () => {
  it("are the admin's alone", async () => {
    for (const login of ["manager", "director", "auditor"]) {
      const cookie = cookies[login]!;
      await expectForbidden(index.loader(indexArgs(cookie)));
      await expectForbidden(index.action(indexArgs(cookie, { intent: "test", id: "1" })));
      await expectForbidden(channelPage.loader(channelArgs("new", cookie)));
      await expectForbidden(channelPage.action(channelArgs("new", cookie, { kind: "wecom", name: "x", webhookUrl: WECOM_URL, enabled: "on" })));
    }
    expect(snapshot().channels).toBe(0);
  });

  it("save a DingTalk robot without ever showing or recording its secret and token", async () => {
    const before = snapshot();
    const response = await channelPage.action(channelArgs("new", cookies.admin!, {
      kind: "dingtalk", name: "业委会钉钉群", webhookUrl: DINGTALK_URL, secret: DINGTALK_TEST_SECRET, enabled: "on",
    }));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).headers.get("Location")).toBe("/admin/notifications");
    expect(snapshot()).toEqual({ ...before, channels: before.channels + 1, seq: before.seq + 1 });
    const row = db.select().from(notificationChannels).get()!;
    expect(row).toMatchObject({ kind: "dingtalk", webhookUrl: DINGTALK_URL, secret: DINGTALK_TEST_SECRET, enabled: true });
    const event = db.$client.prepare("SELECT action, subject FROM audit_events ORDER BY seq DESC LIMIT 1").get();
    expect(event).toEqual({ action: "notification.channel_save", subject: `notification_channel:${row.id}` });

    const shown = JSON.stringify([await index.loader(indexArgs(cookies.admin!)), await channelPage.loader(channelArgs(String(row.id), cookies.admin!))]);
    expect(shown).not.toContain(DINGTALK_TEST_SECRET);
    expect(shown).not.toContain("dingtalk-test-token-0123");
    expect(shown).toContain("SEC…f9");
    expect(shown).toContain("access_token=…23");
    const chain = auditText();
    expect(chain).not.toContain(DINGTALK_TEST_SECRET);
    expect(chain).not.toContain("dingtalk-test-token-0123");
  });

  it("keep the stored secret and URL when the fields are left empty on edit", async () => {
    const row = db.select().from(notificationChannels).get()!;
    const response = await channelPage.action(channelArgs(String(row.id), cookies.admin!, { kind: "dingtalk", name: "业委会群（新）", webhookUrl: "", secret: "" }));
    expect((response as Response).status).toBe(302);
    expect(db.select().from(notificationChannels).where(eq(notificationChannels.id, row.id)).get()).toMatchObject({
      name: "业委会群（新）", webhookUrl: DINGTALK_URL, secret: DINGTALK_TEST_SECRET, enabled: false,
    });
  });

  it("refuse a bad URL, a bad secret, a kind change without a URL and an unknown channel, writing nothing", async () => {
    const before = snapshot();
    const row = db.select().from(notificationChannels).get()!;
    const cases: [string, Record<string, string>, string, string][] = [
      ["new", { kind: "dingtalk", name: "钓鱼", webhookUrl: "https://evil.example/robot/send?access_token=abcdef0123456789", secret: "SECtyped0123456789", enabled: "on" }, "webhookUrl", "notifications.errors.webhookUrl.dingtalk"],
      ["new", { kind: "wecom", name: "企微", webhookUrl: DINGTALK_URL, enabled: "on" }, "webhookUrl", "notifications.errors.webhookUrl.wecom"],
      ["new", { kind: "dingtalk", name: "钉钉", webhookUrl: DINGTALK_URL, secret: "notSECtyped0123", enabled: "on" }, "secret", "notifications.errors.secret"],
      ["new", { kind: "dingtalk", name: "无地址", enabled: "on" }, "webhookUrl", "notifications.errors.webhookUrlRequired"],
      [String(row.id), { kind: "wecom", name: "换成企微", enabled: "on" }, "webhookUrl", "notifications.errors.webhookUrlRequired"],
      ["new", { kind: "dingtalk", name: "", webhookUrl: DINGTALK_URL }, "name", "notifications.errors.nameRequired"],
    ];
    for (const [id, form, field, code] of cases) {
      const reply = await channelPage.action(channelArgs(id, cookies.admin!, form));
      expect(isDataWithInit(reply), code).toBe(true);
      if (!isDataWithInit(reply)) continue;
      expect(reply.init?.status).toBe(400);
      expect(reply.data.lastResult.error?.[field]).toEqual([code]);
      // A typed secret is never echoed back into the page.
      expect(JSON.stringify(reply)).not.toContain("SECtyped0123456789");
    }
    const missing = await settle(channelPage.action(channelArgs("999", cookies.admin!, { kind: "wecom", name: "x", webhookUrl: WECOM_URL })));
    expect(isDataWithInit(missing.value) && missing.value.init?.status).toBe(404);
    expect((await settle(channelPage.loader(channelArgs("999", cookies.admin!)))).value).toMatchObject({ status: 404 });
    expect((await settle(channelPage.loader(channelArgs("abc", cookies.admin!)))).value).toMatchObject({ status: 404 });
    expect(snapshot()).toEqual(before);
    expect(verifyDatabase(db).ok).toBe(true);
  });

  it("queue a test message, show a failure and retry it", async () => {
    const wecomReply = await channelPage.action(channelArgs("new", cookies.admin!, { kind: "wecom", name: "业主群", webhookUrl: WECOM_URL, enabled: "on" }));
    expect((wecomReply as Response).status).toBe(302);
    const disabled = db.select().from(notificationChannels).where(eq(notificationChannels.kind, "dingtalk")).get()!;
    const wecom = db.select().from(notificationChannels).where(eq(notificationChannels.kind, "wecom")).get()!;
    const seqBefore = chainHead(db)!.seq;
    for (const channel of [wecom, disabled]) {
      const reply = await index.action(indexArgs(cookies.admin!, { intent: "test", id: String(channel.id) }));
      expect((reply as Response).headers.get("Location")).toBe("/admin/notifications?done=test");
    }
    expect(chainHead(db)!.seq).toBe(seqBefore); // operational, not history
    const now = new Date();
    expect(await deliverDue(db, { now: new Date(now.getTime() + 1000) })).toMatchObject({ sent: 1, failed: 1 });
    const page = await index.loader(indexArgs(cookies.admin!));
    expect(page.channels.find((c) => c.id === wecom.id)?.counts).toEqual({ pending: 0, sent: 1, failed: 0 });
    expect(page.channels.find((c) => c.id === disabled.id)?.counts).toEqual({ pending: 0, sent: 0, failed: 1 });
    expect(page.trouble).toHaveLength(1);
    expect(page.trouble[0]).toMatchObject({ channelName: disabled.name, topic: "test", status: "failed", attempts: 1, lastError: "channel disabled" });

    const retried = await index.action(indexArgs(cookies.admin!, { intent: "retry", id: String(page.trouble[0]!.id) }));
    expect((retried as Response).headers.get("Location")).toBe("/admin/notifications?done=retry");
    expect(db.select().from(notificationOutbox).where(eq(notificationOutbox.id, page.trouble[0]!.id)).get()).toMatchObject({ status: "pending", attempts: 0 });
    // A message that has not failed cannot be "retried"; a bad button is refused.
    const again = await index.action(indexArgs(cookies.admin!, { intent: "retry", id: String(page.trouble[0]!.id) }));
    expect(isDataWithInit(again) && again.data.lastResult.error?.[""]).toEqual(["notifications.errors.messageNotRetryable"]);
    const bad = await index.action(indexArgs(cookies.admin!, { intent: "delete", id: "1" }));
    expect(isDataWithInit(bad) && bad.init?.status).toBe(400);
    const unknown = await index.action(indexArgs(cookies.admin!, { intent: "test", id: "999" }));
    expect(isDataWithInit(unknown) && unknown.init?.status).toBe(404);
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
