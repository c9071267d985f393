import { beforeAll, describe, expect, it } from "vitest";
import type { IncomeInput } from "~/domain/income/income";
import { verifyDatabase } from "~/services/audit-verify.server";
import { listIncome, recordIncome, recordIncomeWithUpload } from "~/services/income/income.server";
import { setSplitRule, splitRulesInForce } from "~/services/income/split-rules.server";
import { accountBalanceFen } from "~/services/ledger/entries.server";
import * as incomeIndex from "~/routes/income._index";
import * as incomeNew from "~/routes/income.new";
import * as incomeSplits from "~/routes/income.splits";
import { recordDecision, registerTotals } from "~/services/decisions/register.server";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle } from "../support/http";
import { FILES, incomeDigest, incomeWorld, expectRefusedUnchanged } from "../support/income";

let world: Awaited<ReturnType<typeof incomeWorld>>;
const db = () => testDb();
const actor = () => String(world.manager.id);

const base = (fields: Partial<IncomeInput> = {}): IncomeInput => ({
  kind: "advertising", receivedOn: "2026-03-10", amountFen: 100_001, counterparty: "某某传媒有限公司", counterpartyIsPerson: false,
  reference: "GG-2026-01", ...fields,
});

const expectRefused = (fn: () => unknown, code: string) => expectRefusedUnchanged(db(), fn, code);

let passed: number;
let failed: number;

/** A decision of the register, recorded as the committee would: everyone agrees (passed) or everyone disagrees (failed). */
function decide(pass: boolean, title: string): number {
  const totals = registerTotals(db());
  const all = { areaCentiM2: totals.areaCentiM2, owners: totals.owners };
  const none = { areaCentiM2: 0, owners: 0 };
  return recordDecision(db(), {
    title, matter: 9, text: title, heldFrom: "2025-12-01", heldUntil: "2025-12-01", announcedOn: "2025-12-03", authorisedFen: null,
    tallies: pass ? { agree: all, disagree: none, abstain: none } : { agree: none, disagree: all, abstain: none },
  }, String(world.committee.id)).id;
}

beforeAll(async () => {
  world = await incomeWorld(db());
  passed = decide(true, "共用部位经营收益分配方案");
  failed = decide(false, "提高广告收入分成");
}, 30_000);

describe("split rules", () => {
  it("refuses a rule without a passed owners' decision, a share above 100 or with 3 decimals", () => {
    const committee = String(world.committee.id);
    expectRefused(() => setSplitRule(db(), { kind: "advertising", publicRevenuePercent: "60", effectiveFrom: "2026-01-01", decisionId: 0 }, committee), "income.errors.decisionRequired");
    expectRefused(() => setSplitRule(db(), { kind: "advertising", publicRevenuePercent: "60", effectiveFrom: "2026-01-01", decisionId: 9999 }, committee), "decisions.errors.citedNotFound");
    expectRefused(() => setSplitRule(db(), { kind: "advertising", publicRevenuePercent: "60", effectiveFrom: "2026-01-01", decisionId: failed }, committee), "decisions.errors.citedNotPassed");
    expectRefused(() => setSplitRule(db(), { kind: "advertising", publicRevenuePercent: "100.01", effectiveFrom: "2026-01-01", decisionId: passed }, committee), "income.errors.percentRange");
    expectRefused(() => setSplitRule(db(), { kind: "advertising", publicRevenuePercent: "60.125", effectiveFrom: "2026-01-01", decisionId: passed }, committee), "income.errors.percentDecimals");
    expectRefused(() => setSplitRule(db(), { kind: "advertising", publicRevenuePercent: "-1", effectiveFrom: "2026-01-01", decisionId: passed }, committee), "income.errors.percentRange");
  });

  it("refuses income of a split kind with no rule in force", () => {
    expectRefused(() => recordIncome(db(), base({ kind: "parking" }), actor()), "income.errors.noSplitRule");
  });

  it("records rules as new rows; the one in force is the latest effective by the date", () => {
    const committee = String(world.committee.id);
    const first = setSplitRule(db(), { kind: "advertising", publicRevenuePercent: "60", effectiveFrom: "2026-01-01", decisionId: passed }, committee);
    expect(first.rule).toMatchObject({ publicRevenuePercent: "60.00", decisionId: passed, decisionRef: "业主共同决定2025 年第 1 号《共用部位经营收益分配方案》" });
    expect(first.event.action).toBe("income.split_rule_set");
    setSplitRule(db(), { kind: "advertising", publicRevenuePercent: "70.5", effectiveFrom: "2026-07-01", decisionId: passed }, committee);
    setSplitRule(db(), { kind: "parking", publicRevenuePercent: "100", effectiveFrom: "2026-01-01", decisionId: passed }, committee);
    setSplitRule(db(), { kind: "venue", publicRevenuePercent: "33.33", effectiveFrom: "2026-01-01", decisionId: passed }, committee);
    expect(splitRulesInForce(db(), "2026-06-30").advertising?.publicRevenuePercent).toBe("60.00");
    expect(splitRulesInForce(db(), "2026-07-01").advertising?.publicRevenuePercent).toBe("70.50");
    expectRefused(() => setSplitRule(db(), { kind: "advertising", publicRevenuePercent: "50", effectiveFrom: "2026-07-01", decisionId: passed }, committee), "income.errors.splitRuleExists");
  });
});

describe("recording income", () => {
  it("splits advertising by the rule in force, adding back to the exact fen", () => {
    const { record, entry, event } = recordIncome(db(), base(), actor());
    expect(record).toMatchObject({ amountFen: 100_001, cogovernedFen: 40_000, publicRevenueFen: 60_001 });
    expect(record.cogovernedFen + record.publicRevenueFen).toBe(100_001);
    expect(entry).toMatchObject({ sourceKind: "income", sourceId: String(record.id), businessDate: "2026-03-10" });
    expect(event.action).toBe("income.record");
    expect(accountBalanceFen(db(), "public_revenue", "6003", "2026-12-31")).toBe(-60_001);
    expect(accountBalanceFen(db(), "cogoverned", "6003", "2026-12-31")).toBe(-40_000);
    const later = recordIncome(db(), base({ receivedOn: "2026-07-01", amountFen: 1000 }), actor());
    expect(later.record).toMatchObject({ cogovernedFen: 295, publicRevenueFen: 705 });
    const venue = recordIncome(db(), base({ kind: "venue", amountFen: 1 }), actor());
    expect(venue.record).toMatchObject({ cogovernedFen: 1, publicRevenueFen: 0 });
  });

  it("a 100 % share leaves the co-managed part out of the entry", () => {
    const { record, entry } = recordIncome(db(), base({ kind: "parking", amountFen: 5000, reference: "TC-1" }), actor());
    expect(record).toMatchObject({ cogovernedFen: 0, publicRevenueFen: 5000 });
    const lines = db().$client.prepare("SELECT book, account_code AS code, amount_fen AS fen FROM postings WHERE entry_id = ? ORDER BY line_no").all(entry.id);
    expect(lines).toEqual([{ book: "public_revenue", code: "1002", fen: 5000 }, { book: "public_revenue", code: "6004", fen: -5000 }]);
  });

  it("decoration goes to the co-managed book and needs the permit; interest goes to the chosen book", () => {
    expectRefused(() => recordIncome(db(), base({ kind: "decoration", permitRef: " " }), actor()), "income.errors.permitRequired");
    const deco = recordIncome(db(), base({ kind: "decoration", permitRef: "ZX-2026-018", amountFen: 50_000 }), actor());
    expect(deco.record).toMatchObject({ cogovernedFen: 50_000, publicRevenueFen: 0, permitRef: "ZX-2026-018", splitRuleId: null });
    expectRefused(() => recordIncome(db(), base({ kind: "interest" }), actor()), "income.errors.bookRequired");
    const interest = recordIncome(db(), base({ kind: "interest", book: "public_revenue", amountFen: 1234 }), actor());
    expect(interest.record).toMatchObject({ cogovernedFen: 0, publicRevenueFen: 1234 });
  });

  it("refuses a zero or negative amount and a missing reference, writing nothing", () => {
    expectRefused(() => recordIncome(db(), base({ amountFen: 0 }), actor()), "income.errors.amountPositive");
    expectRefused(() => recordIncome(db(), base({ amountFen: -5 }), actor()), "income.errors.amountPositive");
    expectRefused(() => recordIncome(db(), base({ reference: "" }), actor()), "income.errors.referenceRequired");
  });

  it("keeps a private person's name out of the chain", () => {
    const { record, event } = recordIncome(db(), base({ kind: "other", book: "cogoverned", counterparty: "张三丰", counterpartyIsPerson: true, amountFen: 300 }), actor());
    expect(record.counterparty).toBe("张三丰");
    expect(JSON.stringify(event)).not.toContain("张三丰");
  });

  it("stores an evidence file with the record, refusing an .exe renamed .pdf", async () => {
    const before = incomeDigest(db());
    await expect(recordIncomeWithUpload(db(), base({ reference: "EXE" }), { bytes: FILES.exe(), filename: "发票.pdf" }, actor()))
      .rejects.toMatchObject({ code: "income.errors.attachmentType" });
    expect(incomeDigest(db())).toEqual(before);
    const { record, event } = await recordIncomeWithUpload(db(), base({ reference: "PDF-1" }), { bytes: FILES.pdf(), filename: "../合同/广告合同.PDF" }, actor());
    expect(record.attachmentId).not.toBeNull();
    const rows = (event.data as { rows: Record<string, unknown[]> }).rows;
    expect(rows.attachments).toHaveLength(1);
    expect(rows.attachments![0]).toMatchObject({ filename: "广告合同.pdf", mime: "application/pdf" });
  });

  it("lists with filters and totals", () => {
    const all = listIncome(db(), {});
    expect(all.total).toBeGreaterThanOrEqual(8);
    const ads = listIncome(db(), { kind: "advertising", from: "2026-03-01", to: "2026-03-31" });
    expect(ads.rows.every((r) => r.kind === "advertising" && r.receivedOn.startsWith("2026-03"))).toBe(true);
    expect(ads.totals.amountFen).toBe(ads.totals.cogovernedFen + ads.totals.publicRevenueFen);
    const publicOnly = listIncome(db(), { book: "public_revenue" });
    expect(publicOnly.rows.every((r) => r.publicRevenueFen > 0)).toBe(true);
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

function incomeForm(fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("attachment", new File([new Uint8Array(file.bytes)], file.name));
  return form;
}
const goodForm = { kind: "advertising", receivedOn: "2026-04-02", amount: "1,200.50", counterparty: "某某传媒有限公司", reference: "GG-9" };

async function postIncome(cookie: string, form: FormData) {
  return settle(incomeNew.action({ request: makeRequest("/income/new", { form, cookie }), params: {}, context: CONTEXT }));
}

describe("routes", () => {
  it("a manager records income through the form (multipart, with evidence)", async () => {
    const before = incomeDigest(db());
    const outcome = await postIncome(world.cookies.manager, incomeForm(goodForm, { bytes: FILES.png(), name: "回单.png" }));
    expect(outcome.value).toBeInstanceOf(Response);
    expect((outcome.value as Response).status).toBe(302);
    expect(incomeDigest(db())).toMatchObject({ income_records: before.income_records + 1, attachments: before.attachments + 1, maxSeq: before.maxSeq + 1 });
  });

  it.each([
    ["a negative amount", { amount: "-5" }, "amount", "errors.money.negative"],
    ["a zero amount", { amount: "0" }, "amount", "income.errors.amountPositive"],
    ["a 3-decimal amount", { amount: "1.234" }, "amount", "errors.money.too_many_decimals"],
    ["a missing reference", { reference: "" }, "reference", "income.errors.referenceRequired"],
    ["decoration without permit", { kind: "decoration" }, "permitRef", "income.errors.permitRequired"],
    ["a split kind without a rule", { receivedOn: "2025-12-31" }, "kind", "income.errors.noSplitRule"],
  ] as const)("answers %s with 400 and its message, writing nothing", async (_label, change, field, code) => {
    const before = incomeDigest(db());
    const outcome = await postIncome(world.cookies.manager, incomeForm({ ...goodForm, ...change }));
    expect(isDataWithInit(outcome.value)).toBe(true);
    if (!isDataWithInit(outcome.value)) return;
    expect(outcome.value.init?.status).toBe(400);
    expect(outcome.value.data.lastResult.error?.[field]).toEqual([code]);
    expect(incomeDigest(db())).toEqual(before);
  });

  it("refuses an .exe renamed .pdf and a file over 10 MB, writing nothing", async () => {
    const before = incomeDigest(db());
    const exe = await postIncome(world.cookies.manager, incomeForm(goodForm, { bytes: FILES.exe(), name: "invoice.pdf" }));
    expect(isDataWithInit(exe.value) && exe.value.data.lastResult.error?.attachment).toEqual(["income.errors.attachmentType"]);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(FILES.pdf());
    const large = await postIncome(world.cookies.manager, incomeForm(goodForm, { bytes: big, name: "big.pdf" }));
    expect(isDataWithInit(large.value)).toBe(true);
    if (!isDataWithInit(large.value)) return;
    expect(large.value.init?.status).toBe(413);
    expect(large.value.data.lastResult.error?.attachment).toEqual(["income.errors.attachmentTooLarge"]);
    expect(incomeDigest(db())).toEqual(before);
  });

  it("an auditor recording income gets 403 and nothing is written", async () => {
    const before = incomeDigest(db());
    const outcome = await postIncome(world.cookies.auditor, incomeForm(goodForm));
    expect(outcome.threw).toBe(true);
    expect((outcome.value as Response).status).toBe(403);
    expect(incomeDigest(db())).toEqual(before);
  });

  it("the committee sets a split rule through the form; a manager may not", async () => {
    const form = { kind: "venue", publicRevenuePercent: "50", effectiveFrom: "2026-09-01", decisionId: String(passed) };
    const before = incomeDigest(db());
    const denied = await settle(incomeSplits.action({ request: makeRequest("/income/splits", { form, cookie: world.cookies.manager }), params: {}, context: CONTEXT }));
    expect((denied.value as Response).status).toBe(403);
    const missing = await incomeSplits.action({ request: makeRequest("/income/splits", { form: { ...form, decisionId: "" }, cookie: world.cookies.committee }), params: {}, context: CONTEXT });
    expect(isDataWithInit(missing) && missing.data.lastResult.error?.decisionId).toEqual(["income.errors.decisionRequired"]);
    const notPassed = await incomeSplits.action({ request: makeRequest("/income/splits", { form: { ...form, decisionId: String(failed) }, cookie: world.cookies.committee }), params: {}, context: CONTEXT });
    expect(isDataWithInit(notPassed) && notPassed.data.lastResult.error?.decisionId).toEqual(["decisions.errors.citedNotPassed"]);
    const decimals = await incomeSplits.action({ request: makeRequest("/income/splits", { form: { ...form, publicRevenuePercent: "50.125" }, cookie: world.cookies.committee }), params: {}, context: CONTEXT });
    expect(isDataWithInit(decimals) && decimals.data.lastResult.error?.publicRevenuePercent).toEqual(["income.errors.percentDecimals"]);
    expect(incomeDigest(db())).toEqual(before);
    const ok = await incomeSplits.action({ request: makeRequest("/income/splits", { form, cookie: world.cookies.committee }), params: {}, context: CONTEXT });
    expect((ok as Response).status).toBe(302);
  });

  it("committee and auditors read the list and the rules; forms only for their role", async () => {
    const list = (await incomeIndex.loader({ request: makeRequest("/income?kind=advertising", { cookie: world.cookies.auditor }), params: {}, context: CONTEXT })) as Awaited<ReturnType<typeof incomeIndex.loader>>;
    expect(list.canRecord).toBe(false);
    expect(list.rows.length).toBeGreaterThan(0);
    const rules = await incomeSplits.loader({ request: makeRequest("/income/splits", { cookie: world.cookies.committee }), params: {}, context: CONTEXT });
    expect(rules.canSet).toBe(true);
    expect(rules.decisions.map((d) => d.id)).toEqual([passed]);
    const newPage = await settle(incomeNew.loader({ request: makeRequest("/income/new", { cookie: world.cookies.committee }), params: {}, context: CONTEXT }));
    expect((newPage.value as Response).status).toBe(403);
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
