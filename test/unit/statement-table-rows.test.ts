/**
 * The statement as rows for the downloads and the printed notice: order,
 * sections, names, totals, payments, collection rates, titles, 大写 totals,
 * and the address the QR code carries.
 */
import { describe, expect, it } from "vitest";
import { fenToChineseCapitals } from "~/domain/chinese-capitals";
import type { BookStatement, StatementSnapshot } from "~/domain/statements/snapshot";
import {
  bookRows, capitalsOf, collectionRows, downloadFilename, noticeTitle, paymentDescription, statementTableRows, type Translate,
} from "~/domain/statements/table-rows";
import { createI18n } from "~/i18n/i18n";

// Read once by env(): set before anything asks for it.
process.env.PUBLIC_BASE_URL = "https://zhang.example.org/";

const zh: Translate = (key, options) => createI18n("zh-CN").t(key, options);
const en: Translate = (key, options) => createI18n("en").t(key, options);

function book(partial: Partial<BookStatement> & Pick<BookStatement, "book">): BookStatement {
  return {
    openingFen: 0, income: [], incomeTotalFen: 0, spending: [], spendingTotalFen: 0, closingFen: 0,
    owed: { arrearsFen: 0, prepaidFen: 0, approvedUnpaidFen: 0, remunerationPayableFen: 0 },
    budget: { budgetId: null, title: null, rows: [] }, payments: [],
    ...partial,
  };
}

const cogoverned = book({
  book: "cogoverned",
  openingFen: 10_000_000,
  income: [{ key: "fees", amountFen: 2_000_000 }, { key: "fees_prepaid", amountFen: 345_067 }],
  incomeTotalFen: 2_345_067,
  spending: [{ key: "6601", amountFen: 1_000_000 }, { key: "remuneration", amountFen: 200_000 }],
  spendingTotalFen: 1_200_000,
  closingFen: 11_145_067,
  owed: { arrearsFen: 300_000, prepaidFen: 345_067, approvedUnpaidFen: 50_000, remunerationPayableFen: 20_000 },
  budget: { budgetId: 1, title: "2026 年度预算", rows: [{ kind: "6601", lineKey: "6601", budgetFen: 4_000_000, periodFen: 1_000_000, yearToDateFen: 1_000_000, remainingFen: 3_000_000 }] },
  payments: [
    { date: "2026-02-03", entryId: 7, lineKey: "6601", amountFen: 1_000_000, source: "routine", proposalId: null, proposalTitle: null, stage: null, supplier: null, approvedOn: null, decisionRef: null, routineKind: "payroll" },
    { date: "2026-03-01", entryId: 9, lineKey: "remuneration", amountFen: 200_000, source: "routine", proposalId: null, proposalTitle: null, stage: null, supplier: null, approvedOn: null, decisionRef: null, routineKind: "remuneration" },
  ],
});
const publicRevenue = book({
  book: "public_revenue",
  openingFen: 500_000,
  income: [{ key: "6003", amountFen: 120_000 }],
  incomeTotalFen: 120_000,
  spending: [{ key: "6802", amountFen: 56_000 }],
  spendingTotalFen: 56_000,
  closingFen: 564_000,
  payments: [
    { date: "2026-03-10", entryId: 11, lineKey: "6802", amountFen: 56_000, source: "proposal", proposalId: 4, proposalTitle: "监控摄像头升级", stage: "balance", supplier: "某某科技有限公司", approvedOn: "2026-02-21", decisionRef: "2025 年第 2 次业主大会决议第 3 项", routineKind: null },
  ],
});

const snapshot: Pick<StatementSnapshot, "figures" | "community" | "period"> = {
  community: { name: "明账花园", address: "上海市某区某路 1 号" },
  period: { kind: "quarter", label: "2026Q1", startDate: "2026-01-01", endDate: "2026-03-31" },
  figures: {
    period: { kind: "quarter", label: "2026Q1", startDate: "2026-01-01", endDate: "2026-03-31" },
    books: { cogoverned, public_revenue: publicRevenue },
    collection: [{
      quarter: "2026Q1",
      ofQuarter: { numeratorFen: 1_750_000, denominatorFen: 2_000_000, ratePercent: "87.50" },
      includingArrears: { numeratorFen: 0, denominatorFen: 0, ratePercent: null },
    }],
  },
};

describe("statement table rows", () => {
  it("list each book in reading order with the totals and balances of the snapshot", () => {
    const rows = bookRows(cogoverned, "zh-CN", zh);
    expect(rows.map((r) => r.section)).toEqual([
      "opening", "income", "income", "income_total", "spending", "spending", "spending_total", "closing",
      "owed", "owed", "owed", "owed", "budget", "budget_period", "budget_ytd", "budget_remaining", "payment", "payment",
    ]);
    expect(rows.every((r) => r.book === "cogoverned")).toBe(true);
    expect(rows.find((r) => r.section === "income_total")).toMatchObject({ lineName: "收入合计", amountFen: 2_345_067 });
    expect(rows.find((r) => r.section === "closing")).toMatchObject({ lineName: "期末余额（银行余额）", amountFen: 11_145_067 });
    expect(rows.find((r) => r.section === "income" && r.lineCode === "fees")?.lineName).toBe("物业服务费（收回应收）");
    expect(rows.find((r) => r.section === "spending" && r.lineCode === "remuneration")?.lineName).toBe("物业公司酬金");
    expect(rows.filter((r) => r.section === "owed").map((r) => [r.lineCode, r.amountFen])).toEqual([
      ["arrears", 300_000], ["prepaid", 345_067], ["approved_unpaid", 50_000], ["remuneration_payable", 20_000],
    ]);
    const incomeSum = rows.filter((r) => r.section === "income").reduce((sum, r) => sum + r.amountFen, 0);
    expect(incomeSum).toBe(cogoverned.incomeTotalFen);
  });

  it("name payments by proposal and stage or by routine kind, with the payee", () => {
    const rows = bookRows(publicRevenue, "zh-CN", zh).filter((r) => r.section === "payment");
    expect(rows).toEqual([{ section: "payment", book: "public_revenue", lineCode: "6802", lineName: "2026-03-10 · 监控摄像头升级（尾款） · 某某科技有限公司", amountFen: 56_000 }]);
    expect(paymentDescription(cogoverned.payments[0]!, zh)).toBe("工资");
    expect(paymentDescription(publicRevenue.payments[0]!, en)).toBe("监控摄像头升级（Balance）");
  });

  it("give both collection rates as received and due, the rate in the name, a dash when nothing was due", () => {
    const rows = collectionRows(snapshot.figures.collection, zh);
    expect(rows.map((r) => [r.lineCode, r.amountFen])).toEqual([
      ["2026Q1.of_quarter.received", 1_750_000], ["2026Q1.of_quarter.due", 2_000_000],
      ["2026Q1.including_arrears.received", 0], ["2026Q1.including_arrears.due", 0],
    ]);
    expect(rows[0]!.lineName).toBe("2026Q1 当季收缴率 87.50% · 实收");
    expect(rows[2]!.lineName).toContain("—");
    expect(rows.every((r) => r.book === null)).toBe(true);
  });

  it("hold the co-managed book, then the public-revenue book, then the rates", () => {
    const rows = statementTableRows(snapshot, "en", en);
    const books = rows.map((r) => r.book);
    expect(books.indexOf("public_revenue")).toBeGreaterThan(books.lastIndexOf("cogoverned"));
    expect(rows.at(-1)!.section).toBe("collection");
    expect(rows.find((r) => r.section === "spending_total" && r.book === "public_revenue")).toMatchObject({ lineName: "Total spending", amountFen: 56_000 });
    expect(rows.every((r) => Number.isInteger(r.amountFen))).toBe(true);
  });
});

describe("notice titles, file names and 大写 totals", () => {
  it("title a quarter and annual accounts in both languages", () => {
    expect(noticeTitle(snapshot, zh)).toBe("明账花园 2026年第1季度 共管账户及公共收益账户收支情况公示");
    expect(noticeTitle({ ...snapshot, period: { kind: "year", label: "2025", startDate: "2025-01-01", endDate: "2025-12-31" } }, zh)).toBe("明账花园 2025年度决算公示");
    expect(noticeTitle(snapshot, en)).toContain("Q1 2026");
  });

  it("name the files by period and revision", () => {
    expect(downloadFilename("2026Q1", 1, "csv")).toBe("statement-2026Q1-r1.csv");
    expect(downloadFilename("2025", 2, "xlsx")).toBe("statement-2025-r2.xlsx");
  });

  it("write totals in capitals by the central bank's rule, 负 before an overdrawn balance", () => {
    expect(capitalsOf(1_234_567)).toBe("人民币壹万贰仟叁佰肆拾伍元陆角柒分");
    expect(capitalsOf(11_145_067)).toBe(fenToChineseCapitals(11_145_067));
    expect(capitalsOf(10_700_053)).toBe("人民币壹拾万柒仟元零伍角叁分");
    expect(capitalsOf(0)).toBe("人民币零元整");
    expect(capitalsOf(56_000)).toBe("人民币伍佰陆拾元整");
    expect(capitalsOf(-140_950)).toBe("负人民币壹仟肆佰零玖元伍角");
  });
});

describe("the online address on the notice", () => {
  it("uses PUBLIC_BASE_URL when set, and the QR code is an SVG of a path", async () => {
    const { qrSvg, statementUrl } = await import("~/services/statements/qr.server");
    const url = statementUrl(12, "http://127.0.0.1:3000/statements/12/print");
    expect(url).toBe("https://zhang.example.org/statements/12");
    const svg = await qrSvg(url);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("<path");
    expect(svg).not.toMatch(/<script|href=/i);
  });
});
