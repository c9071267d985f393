/**
 * /public-revenue as each role sees it, and its two forms: the committee
 * sets the fund's share citing a passed decision, the manager books a
 * quarter. Every bad input is answered with its message and writes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { verifyDatabase } from "~/services/audit-verify.server";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { recordIncome } from "~/services/income/income.server";
import { setSplitRule } from "~/services/income/split-rules.server";
import { getCommunity } from "~/services/community.server";
import * as adminCommunity from "~/routes/admin.community";
import * as page from "~/routes/public-revenue";
import { testDb } from "../support/db";
import { unanimousFundDecision } from "../support/decisions";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";
import { sessionUserOf } from "../support/statements";

const db = () => testDb();
const cookies: Record<string, string> = {};
let passed: number;
let failed: number;

function digest() {
  const n = (table: string) => (db().$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { rules: n("maintenance_fund_rules"), transfers: n("maintenance_fund_transfers"), entries: n("journal_entries"), events: n("audit_events") };
}
const load = (login: string | null) => settle(page.loader({ request: makeRequest("/public-revenue", login ? { cookie: cookies[login] } : {}), params: {}, context: CONTEXT }));
const post = (login: string, form: Record<string, string>) =>
  settle(page.action({ request: makeRequest("/public-revenue", { form, cookie: cookies[login] }), params: {}, context: CONTEXT }));

beforeAll(async () => {
  await ensureDemoCommunity(db());
  for (const login of ["director", "manager", "auditor", "owner", "admin"]) cookies[login] = (await signIn(login, DEMO_PASSWORD)).cookie;
  const director = String(sessionUserOf(db(), "director").id);
  passed = unanimousFundDecision(db(), true, "公共收益补充维修资金", director);
  failed = unanimousFundDecision(db(), false, "公共收益不再补充维修资金", director);
  setSplitRule(db(), { kind: "venue", publicRevenuePercent: "100", effectiveFrom: "2025-01-01", decisionId: passed }, director);
  recordIncome(db(), {
    kind: "venue", receivedOn: "2025-02-01", amountFen: 100_000, counterparty: "文化协会", counterpartyIsPerson: false, reference: "CD-1",
  }, String(sessionUserOf(db(), "manager").id));
}, 120_000);

describe("who sees /public-revenue", () => {
  it("lets manager, committee and auditor read it, each with their own form", async () => {
    const committee = (await load("director")).value as Awaited<ReturnType<typeof page.loader>>;
    expect(committee).toMatchObject({ canSetRule: true, canBook: false, floor: "50.00", inForce: null });
    expect(committee.decisions.map((d) => d.id)).toEqual([passed]);
    expect(committee.quarters.at(-1)).toMatchObject({ period: "2025Q1", baseFen: 100_000, shareFen: 100_000, transfer: null });
    expect(committee.bankBalanceFen).toBe(100_000);
    const manager = (await load("manager")).value as Awaited<ReturnType<typeof page.loader>>;
    expect(manager).toMatchObject({ canSetRule: false, canBook: true, decisions: [] });
    const auditor = (await load("auditor")).value as Awaited<ReturnType<typeof page.loader>>;
    expect(auditor).toMatchObject({ canSetRule: false, canBook: false });
  });

  it("refuses owners and the admin (403) and sends the anonymous to log in", async () => {
    for (const login of ["owner", "admin"]) {
      const outcome = await load(login);
      expect(outcome.threw).toBe(true);
      expect((outcome.value as Response).status).toBe(403);
    }
    const anonymous = await load(null);
    expect((anonymous.value as Response).status).toBe(302);
    expect((anonymous.value as Response).headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("the forms", () => {
  const rule = { intent: "rule", percent: "60", effectiveFrom: "2025-01-01", decisionId: "" };

  it.each([
    ["no decision", { ...rule }, "decisionId", "publicRevenue.errors.decisionRequired"],
    ["a failed decision", { ...rule, decisionId: "FAILED" }, "decisionId", "decisions.errors.citedNotPassed"],
    ["a percent of 120", { ...rule, decisionId: "PASSED", percent: "120" }, "percent", "income.errors.percentRange"],
    ["a percent of 12.345", { ...rule, decisionId: "PASSED", percent: "12.345" }, "percent", "income.errors.percentDecimals"],
    ["a percent below the floor", { ...rule, decisionId: "PASSED", percent: "40" }, "percent", "publicRevenue.errors.belowFloor"],
  ] as const)("answers a rule with %s by its message, writing nothing", async (_label, form, field, code) => {
    const before = digest();
    const decisionId = form.decisionId === "PASSED" ? String(passed) : form.decisionId === "FAILED" ? String(failed) : "";
    const outcome = await post("director", { ...form, decisionId });
    expect(isDataWithInit(outcome.value)).toBe(true);
    if (!isDataWithInit(outcome.value)) return;
    expect(outcome.value.data.lastResult.error?.[field]).toEqual([code]);
    expect(digest()).toEqual(before);
  });

  it("lets only the committee set the rule and only a manager book a transfer", async () => {
    const before = digest();
    for (const [login, intent] of [["manager", "rule"], ["director", "transfer"], ["auditor", "rule"], ["auditor", "transfer"]] as const) {
      const outcome = await post(login, { ...rule, decisionId: String(passed), intent, period: "2025Q1", paidOn: "2025-04-10", bankReference: "X" });
      expect((outcome.value as Response).status, `${login} ${intent}`).toBe(403);
    }
    expect(digest()).toEqual(before);
    const ok = await post("director", { ...rule, decisionId: String(passed) });
    expect((ok.value as Response).status).toBe(302);
    expect(digest().rules).toBe(before.rules + 1);
  });

  it("answers a quarter not yet ended and a second transfer by their messages, writing nothing", async () => {
    const transfer = { intent: "transfer", period: "2025Q1", paidOn: "2025-03-30", bankReference: "转维修资金 2025Q1" };
    let before = digest();
    const early = await post("manager", transfer);
    expect(isDataWithInit(early.value) && early.value.data.lastResult.error?.paidOn).toEqual(["publicRevenue.errors.notEnded"]);
    expect(isDataWithInit(early.value) && early.value.data).toMatchObject({ intent: "transfer", period: "2025Q1" });
    expect(digest()).toEqual(before);
    const ok = await post("manager", { ...transfer, paidOn: "2025-04-10" });
    expect((ok.value as Response).headers.get("Location")).toBe("/public-revenue#quarter-2025Q1");
    before = digest();
    const again = await post("manager", { ...transfer, paidOn: "2025-04-11" });
    expect(isDataWithInit(again.value) && again.value.data.lastResult.error?.period).toEqual(["publicRevenue.errors.alreadyBooked"]);
    expect(digest()).toEqual(before);
    const view = (await load("auditor")).value as Awaited<ReturnType<typeof page.loader>>;
    expect(view.quarters.at(-1)).toMatchObject({ period: "2025Q1", shareFen: 60_000, transfer: { paidOn: "2025-04-10" } });
    expect(view.inForce?.percent).toBe("60.00");
    expect(view.bankBalanceFen).toBe(40_000);
    expect(verifyDatabase(db()).ok).toBe(true);
  });

  it("shows a booked quarter's difference after a correction, refuses booking out of order, and pays it with the next quarter", async () => {
    const manager = String(sessionUserOf(db(), "manager").id);
    // Income dated in booked 2025Q1 recorded afterwards: 60 % of ¥100.00 is still due to the fund.
    recordIncome(db(), { kind: "venue", receivedOn: "2025-03-20", amountFen: 10_000, counterparty: "文化协会", counterpartyIsPerson: false, reference: "CD-1-补记" }, manager);
    let view = (await load("auditor")).value as Awaited<ReturnType<typeof page.loader>>;
    expect(view.quarters.find((q) => q.period === "2025Q1")).toMatchObject({ shareFen: 60_000, shareNowFen: 66_000, differenceFen: 6_000, transfer: { catchUpFen: 0 } });
    expect(view.catchUpDueFen).toBe(6_000);
    recordIncome(db(), { kind: "venue", receivedOn: "2025-05-01", amountFen: 20_000, counterparty: "文化协会", counterpartyIsPerson: false, reference: "CD-2" }, manager);
    const before = digest();
    const early = await post("manager", { intent: "transfer", period: "2025Q3", paidOn: "2025-10-10", bankReference: "转维修资金 2025Q3" });
    expect(isDataWithInit(early.value) && early.value.data.lastResult.error?.period).toEqual(["publicRevenue.errors.earlierUnbooked"]);
    expect(digest()).toEqual(before);
    const ok = await post("manager", { intent: "transfer", period: "2025Q2", paidOn: "2025-07-10", bankReference: "转维修资金 2025Q2" });
    expect((ok.value as Response).status).toBe(302);
    view = (await load("director")).value as Awaited<ReturnType<typeof page.loader>>;
    expect(view.quarters.find((q) => q.period === "2025Q2")).toMatchObject({ shareFen: 12_000, differenceFen: 0, transfer: { catchUpFen: 6_000 } });
    expect(view.catchUpDueFen).toBe(0);
    expect(view.bankBalanceFen).toBe(40_000 + 10_000 + 20_000 - 12_000 - 6_000);
    expect(verifyDatabase(db()).ok).toBe(true);
  });

  it("lets the admin set the floor on /admin/community, refusing a bad one; left empty it is the default 50.00", async () => {
    const community = getCommunity(db())!;
    const form = { name: community.name, address: community.address, billingPeriod: community.settings.billingPeriod, postingMinDays: String(community.settings.postingMinDays), answerDueDays: "15" };
    const bad = await settle(adminCommunity.action({ request: makeRequest("/admin/community", { form: { ...form, maintenanceFundMinPercent: "101" }, cookie: cookies.admin }), params: {}, context: CONTEXT }));
    expect(isDataWithInit(bad.value) && bad.value.data.lastResult.error?.maintenanceFundMinPercent).toEqual(["publicRevenue.errors.floorInvalid"]);
    const ok = await settle(adminCommunity.action({ request: makeRequest("/admin/community", { form: { ...form, maintenanceFundMinPercent: "55.5" }, cookie: cookies.admin }), params: {}, context: CONTEXT }));
    expect((ok.value as Response).status).toBe(302);
    expect(getCommunity(db())!.settings.maintenanceFundMinPercent).toBe("55.50");
    const kept = await settle(adminCommunity.action({ request: makeRequest("/admin/community", { form, cookie: cookies.admin }), params: {}, context: CONTEXT }));
    expect((kept.value as Response).status).toBe(302);
    expect(getCommunity(db())!.settings.maintenanceFundMinPercent).toBe("50.00");
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
