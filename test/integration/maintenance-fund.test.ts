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
  });

  it("books Dr 6801 / Cr 1002 in the public-revenue book once per quarter", () => {
    const bankBefore = accountBalanceFen(db(), "public_revenue", "1002", "2026-04-10");
    const row = bookMaintenanceFundTransfer(db(), { period: "2026Q1", paidOn: "2026-04-10", bankReference: "转维修资金 2026Q1" }, manager);
    expect(row).toMatchObject({ period: "2026Q1", baseFen: 27_000, shareFen: 18_750, paidOn: "2026-04-10", recordedBy: manager });
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
    expect(JSON.parse(event.data)).toMatchObject({ baseFen: 27_000, shareFen: 18_750 });
    expectRefused(() => bookMaintenanceFundTransfer(db(), { period: "2026Q1", paidOn: "2026-04-11", bankReference: "again" }, manager), "publicRevenue.errors.alreadyBooked");
    expect(maintenanceFundQuarters(db(), "2026-07-01")[1]!.transfer?.id).toBe(row.id);
  });

  it("books a quarter whose share is 0 without an entry, and a late quarter after a published one", () => {
    const zero = bookMaintenanceFundTransfer(db(), { period: "2026Q2", paidOn: "2026-07-10", bankReference: "无需划转" }, manager);
    expect(zero).toMatchObject({ shareFen: 0, entryId: null });
    const late = bookMaintenanceFundTransfer(db(), { period: "2025Q4", paidOn: "2026-04-12", bankReference: "补划 2025Q4" }, manager);
    expect(late).toMatchObject({ shareFen: 5_000 });
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
