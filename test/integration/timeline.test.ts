import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { Timeline } from "~/components/Timeline";
import { actionKey, statusKey, timelineItem } from "~/domain/timeline";
import { createI18n } from "~/i18n/i18n";
import { resources } from "~/i18n/i18n";
import { auditedWrite } from "~/services/audited-write.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import { updateCommunity } from "~/services/community.server";
import { subjectTimeline, type TimelineItem } from "~/services/timeline.server";
import { PROPOSAL_STATUSES } from "~/domain/spending/proposal-states";
import type { JsonObject } from "~/domain/audit-chain";
import { buildSmallCommunity, buildUser } from "../support/builders";
import { testDb } from "../support/db";

const db = testDb();
let managerId = 0;
let directorId = 0;

/** A synthetic spending event: no business row, only the facts in `extra` (allowed for this test only). */
function event(actor: string, action: string, subject: string, extra: JsonObject) {
  return auditedWrite(db, { actor, action }, () => ({ result: {}, subject, rows: {}, extra })).event.seq;
}

function render(items: readonly TimelineItem[], locale: "zh-CN" | "en" = "zh-CN") {
  return renderToString(createElement(I18nextProvider, { i18n: createI18n(locale) }, createElement(Timeline, { items })));
}

beforeAll(async () => {
  await buildSmallCommunity(db);
  managerId = (await buildUser(db, { login: "mgr-tl", displayName: "王经理", roles: ["manager"] })).id;
  directorId = (await buildUser(db, { login: "dir-tl", displayName: "李主任", roles: ["committee"], isDirector: true })).id;
});

describe("subjectTimeline", () => {
  it("reads the events of the given subjects, newest first, with the facts and never the rows", () => {
    const m = String(managerId);
    const d = String(directorId);
    const s1 = event(m, "proposal.draft", "proposal:1", { to: "draft", amountFen: 1_200_000 });
    event(m, "proposal.draft", "proposal:2", { to: "draft" });
    const s3 = event(m, "proposal.open_quoting", "proposal:1", { from: "draft", to: "quoting" });
    const s4 = event(d, "approval.vote", "proposal:1", { choice: "approve", reason: "<b>价格合理</b>", outcome: { status: "passed", reason: "majorityAndDirector" } });
    const s5 = event("system", "proposal.pay", "proposal:1", { stage: "advance", amountFen: 360_000, from: "approved", to: "advance_paid" });
    const s6 = event("anonymous", "proposal.mystery", "proposal:1", {});

    const items = subjectTimeline(db, ["proposal:1"]);
    expect(items.map((i) => i.seq)).toEqual([s6, s5, s4, s3, s1]);
    expect(items.find((i) => i.seq === s1)).toMatchObject({ actor: m, actorName: "王经理", actorKind: "user", action: "proposal.draft", subject: "proposal:1", from: null, to: "draft", facts: { amountFen: 1_200_000 } });
    expect(items.find((i) => i.seq === s4)).toMatchObject({ actorName: "李主任", facts: { choice: "approve", reason: "<b>价格合理</b>", outcome: "passed" } });
    expect(items.find((i) => i.seq === s5)).toMatchObject({ actorName: "system", actorKind: "system", from: "approved", to: "advance_paid", facts: { stage: "advance", amountFen: 360_000 } });
    expect(items.find((i) => i.seq === s6)).toMatchObject({ actorName: null, actorKind: "anonymous", from: null, to: null, facts: {} });
    for (const item of items) {
      expect(JSON.parse(JSON.stringify(item))).toEqual(item); // serialisable
      expect(Object.keys(item)).not.toContain("rows");
    }

    expect(subjectTimeline(db, ["proposal:1", "proposal:2"]).length).toBe(6);
    expect(subjectTimeline(db, ["proposal:1"], 2).map((i) => i.seq)).toEqual([s6, s5]);
    expect(subjectTimeline(db, [])).toEqual([]);
    expect(subjectTimeline(db, ["proposal:999"])).toEqual([]);
    expect(verifyDatabase(db).ok).toBe(true);
  });

  it("includes events written by the existing services, without their rows", () => {
    updateCommunity(db, { name: "测试小区（改）", address: "测试路 1 号", billingPeriod: "quarterly", postingMinDays: 20 }, String(managerId));
    const items = subjectTimeline(db, ["community:1"]);
    expect(items[0]).toMatchObject({ action: "community.update", actorName: "王经理", facts: {} });
    expect(items.at(-1)).toMatchObject({ action: "community.create", actorName: "system" });
    expect(JSON.stringify(items)).not.toContain("测试小区（改）");
    expect(verifyDatabase(db).ok).toBe(true);
  });
});

describe("<Timeline>", () => {
  it("renders each event in words, in Chinese and in English, escaping what people typed", () => {
    const items = subjectTimeline(db, ["proposal:1"]);
    const zh = render(items);
    expect(zh).toContain("<ol");
    expect(zh).toContain("王经理");
    expect(zh).toContain("起草了支出方案");
    expect(zh).toContain("开始询价");
    expect(zh).toContain("草稿 → 询价中");
    expect(zh).toContain("已批准 → 已付预付款");
    expect(zh).toContain("金额 ¥12,000.00");
    expect(zh).toContain("款项：预付款");
    expect(zh).toContain("表决：赞成");
    expect(zh).toContain("结果：通过");
    expect(render([{ ...items[0]!, facts: { reason: "majorityAndDirector" } }])).toContain("理由：过半数赞成且主任赞成");
    expect(render([{ ...items[0]!, facts: { reason: "price" } }])).toContain("理由：price");
    expect(zh).toContain("系统");
    expect(zh).toContain("匿名");
    expect(zh).toContain("proposal.mystery"); // the generic fallback
    expect(zh).toContain(`#${items[0]!.seq}`);
    expect(zh).toContain("&lt;b&gt;价格合理&lt;/b&gt;");
    expect(zh).not.toContain("<b>价格合理");
    expect(zh).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/);

    const en = render(items, "en");
    expect(en).toContain("drafted the proposal");
    expect(en).toContain("draft → quoting");
    expect(en).toContain("vote: approve");
    expect(en).toContain("amount ¥12,000.00");
    expect(en).toContain("system");
  });

  it("shows the time in Asia/Shanghai and says when there is nothing", () => {
    const item = timelineItem({ seq: 7, at: "2026-03-01T16:30:00.000Z", actor: "system", action: "budget.submit", subject: "budget:3", data: '{"from":"draft","to":"in_approval","rows":{}}' }, new Map());
    const html = render([item]);
    expect(html).toContain("2026/03/02 00:30:00");
    expect(html).toContain("提交预算审批");
    expect(html).toContain("草稿 → 审批中");
    expect(render([])).toContain("还没有记录");
    expect(render([{ ...item, actor: "42", actorKind: "user", actorName: null }])).toContain("用户 42");
  });
});

describe("the words", () => {
  const zh = resources["zh-CN"].translation as unknown as { timeline: { actions: Record<string, string>; status: Record<string, Record<string, string>> } };
  const en = resources.en.translation as unknown as typeof zh;
  const ACTIONS = [
    "supplier.create", "supplier.update", "supplier.deactivate", "supplier.reactivate", "related_party.declare", "related_party.end",
    "budget.draft", "budget.submit", "budget.withdraw", "routine.record", "proposal.draft", "proposal.update", "proposal.attach",
    "proposal.open_quoting", "proposal.quote", "proposal.close_quoting", "proposal.reopen_quoting", "proposal.score", "proposal.submit",
    "proposal.withdraw", "proposal.accept", "proposal.pay", "proposal.release_retention", "proposal.request_increase", "rules.propose",
    "approval.vote", "notification.channel_save",
    "auth.login", "auth.login_failed", "auth.logout", "bank.assert", "bank.auto_match", "bank.import", "bank.mapping_save", "bank.match",
    "bank.unmatch", "billing.payment", "billing.rate_set", "billing.run", "community.create", "community.update", "income.record",
    "income.split_rule_set", "ledger.post", "ledger.reverse", "owner.create", "owner.update", "remuneration.accrue", "remuneration.rule_set",
    "unit.create", "unit.import", "unit.update", "user.create", "user.update", "user.disable", "user.enable", "user.password_change", "user.password_reset",
  ];

  it("has a sentence in both languages for every action", () => {
    for (const action of ACTIONS) {
      const key = actionKey(action).replace("timeline.actions.", "");
      expect(zh.timeline.actions[key], action).toBeTruthy();
      expect(en.timeline.actions[key], action).toBeTruthy();
    }
  });

  it("has a word for every proposal status, and status keys by subject kind", () => {
    for (const status of PROPOSAL_STATUSES) {
      expect(zh.timeline.status.proposal![status], status).toBeTruthy();
      expect(en.timeline.status.proposal![status], status).toBeTruthy();
    }
    expect(zh.timeline.status.proposal!.paid).toBe("已付款（待质保金）");
    expect(statusKey("budget:3", "approved")).toBe("timeline.status.budget.approved");
    expect(statusKey("supplier:3", "inactive")).toBe("timeline.status.supplier.inactive");
    expect(statusKey("community:1", "x")).toBeNull();
  });
});
