/**
 * The maintenance fund's share of public revenue (issue 7, 住宅专项维修资金
 * 管理办法 art. 25): the committee sets it citing a passed decision, never
 * below the community's floor; the manager books each ended quarter once,
 * the share recomputed from the ledger's income net of evidenced deductions.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { IncomeInput } from "~/domain/income/income";
import { verifyDatabase } from "~/services/audit-verify.server";
import { getCommunity, updateCommunity } from "~/services/community.server";
import { ensureDemoCommunity } from "~/services/demo.server";
import { recordIncome, recordIncomeWithUpload } from "~/services/income/income.server";
import {
  bookMaintenanceFundTransfer, maintenanceFundQuarters, publicRevenueOverview, setMaintenanceFundRule,
} from "~/services/income/maintenance-fund.server";
import { setSplitRule } from "~/services/income/split-rules.server";
import { accountBalanceFen } from "~/services/ledger/entries.server";
import { testDb } from "../support/db";
import { unanimousFundDecision } from "../support/decisions";
import { FILES } from "../support/income";
import { publishPeriod, sessionUserOf } from "../support/statements";

const db = () => testDb();
let committee: string;
let manager: string;
let passed: number;
let failed: number;

const FUND_TABLES = ["maintenance_fund_rules", "maintenance_fund_transfers", "journal_entries", "postings", "audit_events"] as const;
function digest() {
  const n = (table: string) => (db().$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { ...Object.fromEntries(FUND_TABLES.map((t) => [t, n(t)])), maxSeq: (db().$client.prepare("SELECT max(seq) AS n FROM audit_events").get() as { n: number }).n };
}
function expectRefused(fn: () => unknown, code: string) {
  const before = digest();
  expect(fn).toThrow(expect.objectContaining({ code }));
  expect(digest()).toEqual(before);
}

const income = (fields: Partial<IncomeInput>): IncomeInput => ({
  kind: "parking", receivedOn: "2026-02-01", amountFen: 10_000, counterparty: "某某停车管理有限公司", counterpartyIsPerson: false, reference: "TC", ...fields,
});

beforeAll(async () => {
  await ensureDemoCommunity(db());
  committee = String(sessionUserOf(db(), "director").id);
  manager = String(sessionUserOf(db(), "manager").id);
  passed = unanimousFundDecision(db(), true, "公共收益补充维修资金比例", committee);
  failed = unanimousFundDecision(db(), false, "公共收益全部自用", committee);
  setSplitRule(db(), { kind: "parking", publicRevenuePercent: "100", effectiveFrom: "2025-01-01", decisionId: passed }, committee);
}, 120_000);

describe("the fund's rule", () => {
  it("is refused without a passed decision, outside 0–100, with 3 decimals or below the floor, writing nothing", () => {
    const rule = { percent: "60", decisionId: passed, effectiveFrom: "2026-01-01" };
    expectRefused(() => setMaintenanceFundRule(db(), { ...rule, decisionId: 0 }, committee), "publicRevenue.errors.decisionRequired");
    expectRefused(() => setMaintenanceFundRule(db(), { ...rule, decisionId: 9999 }, committee), "decisions.errors.citedNotFound");
    expectRefused(() => setMaintenanceFundRule(db(), { ...rule, decisionId: failed }, committee), "decisions.errors.citedNotPassed");
    expectRefused(() => setMaintenanceFundRule(db(), { ...rule, percent: "120" }, committee), "income.errors.percentRange");
    expectRefused(() => setMaintenanceFundRule(db(), { ...rule, percent: "12.345" }, committee), "income.errors.percentDecimals");
    expectRefused(() => setMaintenanceFundRule(db(), { ...rule, percent: "49.99" }, committee), "publicRevenue.errors.belowFloor");
    expectRefused(() => setMaintenanceFundRule(db(), { ...rule, effectiveFrom: "2026-13-01" }, committee), "income.errors.date");
  });

  it("is recorded citing its decision; a second rule on the same date is refused; the floor is the admin's setting", () => {
    const first = setMaintenanceFundRule(db(), { percent: "60", decisionId: passed, effectiveFrom: "2026-01-01" }, committee);
    expect(first).toMatchObject({ percent: "60.00", decisionId: passed, setBy: committee });
    expectRefused(() => setMaintenanceFundRule(db(), { percent: "70", decisionId: passed, effectiveFrom: "2026-01-01" }, committee), "publicRevenue.errors.ruleExists");
    const admin = String(sessionUserOf(db(), "admin").id);
    const community = getCommunity(db())!;
    updateCommunity(db(), { name: community.name, address: community.address, billingPeriod: community.settings.billingPeriod, postingMinDays: community.settings.postingMinDays, maintenanceFundMinPercent: "80" }, admin);
    expect(getCommunity(db())!.settings.maintenanceFundMinPercent).toBe("80.00");
    expectRefused(() => setMaintenanceFundRule(db(), { percent: "75", decisionId: passed, effectiveFrom: "2026-03-01" }, committee), "publicRevenue.errors.belowFloor");
    updateCommunity(db(), { name: community.name, address: community.address, billingPeriod: community.settings.billingPeriod, postingMinDays: community.settings.postingMinDays, maintenanceFundMinPercent: "50" }, admin);
    setMaintenanceFundRule(db(), { percent: "75", decisionId: passed, effectiveFrom: "2026-03-01" }, committee);
    const overview = publicRevenueOverview(db(), "2026-03-15");
    expect(overview.inForce?.percent).toBe("75.00");
    expect(overview.rules[0]!.decisionLabel).toBe("业主共同决定2025 年第 1 号《公共收益补充维修资金比例》");
    expect(overview.floor).toBe("50.00");
  });
});

describe("the quarterly transfer", () => {
  it("computes each ended quarter's share by the rule of each day, net of deductions, interest included", async () => {
    recordIncome(db(), income({ receivedOn: "2025-11-10", amountFen: 5_000, reference: "TC-2025-11" }), manager); // no rule: 100 %
    recordIncome(db(), income({ receivedOn: "2026-02-01", amountFen: 10_001, reference: "TC-2026-02" }), manager); // 60 %
    await recordIncomeWithUpload(db(), income({ receivedOn: "2026-03-05", amountFen: 20_000, reference: "TC-2026-03", deductionFen: 4_000, deductionReason: "管理成本" }), null, manager, { bytes: FILES.pdf(), filename: "c.pdf" }); // 75 % of 16,000
    recordIncome(db(), income({ kind: "interest", book: "public_revenue", receivedOn: "2026-03-21", amountFen: 999, reference: "结息" }), manager); // 75 %
    recordIncome(db(), income({ kind: "interest", book: "cogoverned", receivedOn: "2026-03-21", amountFen: 777, reference: "结息共管" }), manager); // not public revenue
    const quarters = maintenanceFundQuarters(db(), "2026-07-01");
    expect(quarters.map((q) => q.period)).toEqual(["2026Q2", "2026Q1", "2025Q4"]);
    expect(quarters[2]).toMatchObject({ baseFen: 5_000, shareFen: 5_000, percents: ["100.00"], transfer: null });
    // 60 % of 10,001 = 6,000.6 → 6,001; 75 % of 16,999 = 12,749.25 → 12,749.
    expect(quarters[1]).toMatchObject({ baseFen: 27_000, shareFen: 18_750, percents: ["60.00", "75.00"], transfer: null });
    expect(quarters[0]).toMatchObject({ baseFen: 0, shareFen: 0, percents: [] });
    expect(maintenanceFundQuarters(db(), "2026-06-30").map((q) => q.period)).toEqual(["2026Q1", "2025Q4"]);
  });

  it("refuses a quarter not yet ended, a bad period, no bank reference, and a date in a published quarter, writing nothing", () => {
    expectRefused(() => bookMaintenanceFundTransfer(db(), { period: "2026Q1", paidOn: "2026-03-30", bankReference: "X" }, manager), "publicRevenue.errors.notEnded");
    expectRefused(() => bookMaintenanceFundTransfer(db(), { period: "2026Q5", paidOn: "2026-04-10", bankReference: "X" }, manager), "publicRevenue.errors.period");
    expectRefused(() => bookMaintenanceFundTransfer(db(), { period: "2026Q1", paidOn: "2026-04-10", bankReference: "  " }, manager), "publicRevenue.errors.bankReferenceRequired");
    publishPeriod(db(), "2025Q4");
    expectRefused(() => bookMaintenanceFundTransfer(db(), { period: "2025Q4", paidOn: "2025-12-31", bankReference: "X" }, manager), "publishing.errors.periodClosed");
    // Quarters are booked in order: 2025Q4 has a share and is not booked yet.
    expectRefused(() => bookMaintenanceFundTransfer(db(), { period: "2026Q1", paidOn: "2026-04-10", bankReference: "X" }, manager), "publicRevenue.errors.earlierUnbooked");
    expect(() => bookMaintenanceFundTransfer(db(), { period: "2026Q1", paidOn: "2026-04-10", bankReference: "X" }, manager))
      .toThrow(expect.objectContaining({ options: expect.objectContaining({ params: { period: "2025Q4" } }) }));
  });

  it("books a late quarter after a published one, in the open period", () => {
    const late = bookMaintenanceFundTransfer(db(), { period: "2025Q4", paidOn: "2026-04-09", bankReference: "补划 2025Q4" }, manager);
    expect(late).toMatchObject({ shareFen: 5_000, catchUpFen: 0 });
  });

  it("books Dr 6801 / Cr 1002 in the public-revenue book once per quarter", () => {
    const bankBefore = accountBalanceFen(db(), "public_revenue", "1002", "2026-04-10");
    const row = bookMaintenanceFundTransfer(db(), { period: "2026Q1", paidOn: "2026-04-10", bankReference: "转维修资金 2026Q1" }, manager);
    expect(row).toMatchObject({ period: "2026Q1", baseFen: 27_000, shareFen: 18_750, catchUpFen: 0, paidOn: "2026-04-10", recordedBy: manager });
    expect(JSON.parse(row.parts)).toEqual([
      { ruleId: expect.any(Number), percent: "60.00", baseFen: 10_001, shareFen: 6_001 },
      { ruleId: expect.any(Number), percent: "75.00", baseFen: 16_999, shareFen: 12_749 },
    ]);
    const entry = db().$client.prepare("SELECT source_kind AS kind, source_id AS id, business_date AS date FROM journal_entries WHERE id = ?").get(row.entryId);
    expect(entry).toEqual({ kind: "maintenance_fund", id: String(row.id), date: "2026-04-10" });
    const lines = db().$client.prepare("SELECT book, account_code AS code, amount_fen AS fen FROM postings WHERE entry_id = ? ORDER BY line_no").all(row.entryId);
    expect(lines).toEqual([{ book: "public_revenue", code: "6801", fen: 18_750 }, { book: "public_revenue", code: "1002", fen: -18_750 }]);
    expect(accountBalanceFen(db(), "public_revenue", "1002", "2026-04-10")).toBe(bankBefore - 18_750);
    const event = db().$client.prepare("SELECT subject, action, data FROM audit_events ORDER BY seq DESC LIMIT 1").get() as { subject: string; action: string; data: string };
    expect(event).toMatchObject({ subject: "maintenance_fund:2026Q1", action: "maintenance_fund.transfer" });
    expect(JSON.parse(event.data)).toMatchObject({ baseFen: 27_000, shareFen: 18_750, catchUpFen: 0 });
    expectRefused(() => bookMaintenanceFundTransfer(db(), { period: "2026Q1", paidOn: "2026-04-11", bankReference: "again" }, manager), "publicRevenue.errors.alreadyBooked");
    expect(maintenanceFundQuarters(db(), "2026-07-01")[1]!.transfer?.id).toBe(row.id);
  });

});

describe("income recorded in a booked quarter afterwards (a correction in the reopened quarter)", () => {
  const entryOf = (id: number | null) => db().$client.prepare("SELECT memo FROM journal_entries WHERE id = ?").get(id) as { memo: string };
  const linesOf = (id: number | null) => db().$client.prepare("SELECT account_code AS code, amount_fen AS fen FROM postings WHERE entry_id = ? ORDER BY line_no").all(id);
  const quarter = (today: string, period: string) => maintenanceFundQuarters(db(), today).find((q) => q.period === period)!;

  it("shows the booked quarter's difference without changing what was booked", () => {
    // A missed interest credit of ¥86.40 dated in 2026Q1 (not published: still open); 75 % of it = ¥64.80.
    recordIncome(db(), income({ kind: "interest", book: "public_revenue", receivedOn: "2026-03-25", amountFen: 8_640, reference: "结息补记" }), manager);
    expect(quarter("2026-07-01", "2026Q1")).toMatchObject({
      baseFen: 27_000, shareFen: 18_750, shareNowFen: 25_230, differenceFen: 6_480, transfer: { shareFen: 18_750, catchUpFen: 0 },
    });
    expect(quarter("2026-07-01", "2025Q4")).toMatchObject({ shareFen: 5_000, shareNowFen: 5_000, differenceFen: 0 });
    expect(publicRevenueOverview(db(), "2026-07-01").catchUpDueFen).toBe(6_480);
  });

  it("refuses a quarter booked before an earlier one with a share, writing nothing", () => {
    recordIncome(db(), income({ receivedOn: "2026-05-10", amountFen: 10_000, reference: "TC-2026-05" }), manager); // 75 % = 7,500
    expectRefused(() => bookMaintenanceFundTransfer(db(), { period: "2026Q3", paidOn: "2026-10-10", bankReference: "X" }, manager), "publicRevenue.errors.earlierUnbooked");
  });

  it("pays the difference once, with the next quarter's transfer", () => {
    const q2 = bookMaintenanceFundTransfer(db(), { period: "2026Q2", paidOn: "2026-07-10", bankReference: "转维修资金 2026Q2" }, manager);
    expect(q2).toMatchObject({ baseFen: 10_000, shareFen: 7_500, catchUpFen: 6_480 });
    expect(linesOf(q2.entryId)).toEqual([{ code: "6801", fen: 13_980 }, { code: "1002", fen: -13_980 }]);
    expect(entryOf(q2.entryId).memo).toBe("转入专项维修资金 2026Q2 含以前季度更正补转 ¥64.80 转维修资金 2026Q2");
    const event = db().$client.prepare("SELECT data FROM audit_events ORDER BY seq DESC LIMIT 1").get() as { data: string };
    expect(JSON.parse(event.data)).toMatchObject({ baseFen: 10_000, shareFen: 7_500, catchUpFen: 6_480 });
    // Q1 still shows its difference (a fact about Q1); nothing is due any more.
    expect(quarter("2026-10-01", "2026Q1")).toMatchObject({ differenceFen: 6_480 });
    expect(quarter("2026-10-01", "2026Q2")).toMatchObject({ differenceFen: 0, transfer: { catchUpFen: 6_480 } });
    expect(publicRevenueOverview(db(), "2026-10-01").catchUpDueFen).toBe(0);
    // The next quarter (no income) adds nothing more: no entry.
    const q3 = bookMaintenanceFundTransfer(db(), { period: "2026Q3", paidOn: "2026-10-10", bankReference: "无需划转" }, manager);
    expect(q3).toMatchObject({ shareFen: 0, catchUpFen: 0, entryId: null });
    expect(verifyDatabase(db()).ok).toBe(true);
  });

  it("carries a downward correction as a negative catch-up, never below a zero transfer", () => {
    // The owners' lower share applied from a date inside booked 2026Q2: its share is now 50 % of 10,000 = 5,000 (2,500 overpaid).
    setMaintenanceFundRule(db(), { percent: "50", decisionId: passed, effectiveFrom: "2026-05-01" }, committee);
    expect(quarter("2027-01-01", "2026Q2")).toMatchObject({ shareFen: 7_500, shareNowFen: 5_000, differenceFen: -2_500 });
    expect(publicRevenueOverview(db(), "2027-01-01").catchUpDueFen).toBe(-2_500);
    // 2026Q4's share of 1,000 takes 1,000 of it: nothing is paid, no entry.
    recordIncome(db(), income({ receivedOn: "2026-11-02", amountFen: 2_000, reference: "TC-2026-11" }), manager);
    const q4 = bookMaintenanceFundTransfer(db(), { period: "2026Q4", paidOn: "2027-01-10", bankReference: "转维修资金 2026Q4" }, manager);
    expect(q4).toMatchObject({ shareFen: 1_000, catchUpFen: -1_000, entryId: null });
    expect(publicRevenueOverview(db(), "2027-01-11").catchUpDueFen).toBe(-1_500);
    // 2027Q1's share of 5,000 takes the remaining 1,500.
    recordIncome(db(), income({ receivedOn: "2027-01-05", amountFen: 10_000, reference: "TC-2027-01" }), manager);
    const q1 = bookMaintenanceFundTransfer(db(), { period: "2027Q1", paidOn: "2027-04-10", bankReference: "转维修资金 2027Q1" }, manager);
    expect(q1).toMatchObject({ shareFen: 5_000, catchUpFen: -1_500 });
    expect(linesOf(q1.entryId)).toEqual([{ code: "6801", fen: 3_500 }, { code: "1002", fen: -3_500 }]);
    expect(entryOf(q1.entryId).memo).toBe("转入专项维修资金 2027Q1 已扣减以前季度更正多转 ¥15.00 转维修资金 2027Q1");
    expect(publicRevenueOverview(db(), "2027-04-11").catchUpDueFen).toBe(0);
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
