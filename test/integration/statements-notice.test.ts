/**
 * Publication sends a notice to the community's group (issue 5 item 9)
 * through the outbox, in the publication's own transaction, and the worker
 * delivers it to WeCom (msw stands in for the webhook).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { verifyDatabase } from "~/services/audit-verify.server";
import { ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { deliverDue } from "~/services/notifications/deliver.server";
import { wecomMessages } from "../mocks/wecom";
import { testDb } from "../support/db";
import { makeChannel, outboxRows, WECOM_URL } from "../support/notifications";
import { publishPeriod, STATEMENT_NOW } from "../support/statements";

const db = testDb();

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
}, 180_000);

describe("the notice to owners on publication", () => {
  it("is queued with the publication and delivered to the group", async () => {
    const channel = makeChannel(db, { kind: "wecom", webhookUrl: WECOM_URL });
    const published = publishPeriod(db, "2025Q1");
    const [message] = outboxRows(db, channel.id).filter((row) => row.topic === "statement.published");
    expect(message).toBeDefined();
    expect(message!.auditSeq).toBe(published.auditSeq);
    expect(message!.subject).toBe("statement:2025Q1");
    expect(message!.body).toContain(published.hash.slice(0, 12));
    expect(message!.body).toContain(`(/statements/${published.id})`);

    const before = wecomMessages.length;
    expect(await deliverDue(db, { now: STATEMENT_NOW, baseUrl: "https://mingzhang.example" })).toMatchObject({ sent: 1 });
    const sent = JSON.stringify(wecomMessages.slice(before));
    expect(sent).toContain("2025");
    expect(sent).toContain(`https://mingzhang.example/statements/${published.id}`);
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
