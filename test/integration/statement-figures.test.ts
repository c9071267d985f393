/**
 * The statement's figures on the demo's two years, checked against the
 * ledger itself: each book closes at its bank balance, quarters chain
 * (closing = next opening), a year is the sum of its quarters, and figures
 * computed at an audit head ignore everything recorded after it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, BOOKS } from "~/domain/ledger/chart";
import { parsePeriod, type StatementFigures } from "~/domain/statements/snapshot";
import { ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { accountBalanceFen } from "~/services/ledger/entries.server";
import { chainHeadRef, statementFigures } from "~/services/statements/figures.server";
import { testDb } from "../support/db";
import { postFixtureEntry } from "../support/bank";

const db = testDb();
const QUARTERS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"];
const figuresOf = (label: string, head?: number) => statementFigures(db, parsePeriod(label)!, head);

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
}, 180_000);

describe("statement figures on the demo ledger", () => {
  it("close each book at its bank balance and chain the quarters", () => {
    let previous: StatementFigures | null = null;
    for (const label of QUARTERS) {
      const figures = figuresOf(label);
      for (const book of BOOKS) {
        const statement = figures.books[book];
        expect(statement.closingFen, `${label} ${book}`).toBe(accountBalanceFen(db, book, ACCOUNT.bank, figures.period.endDate));
        expect(statement.openingFen + statement.incomeTotalFen - statement.spendingTotalFen).toBe(statement.closingFen);
        if (previous) expect(statement.openingFen, `${label} ${book} opening`).toBe(previous.books[book].closingFen);
      }
      previous = figures;
    }
  });

  it("show fee receipts, the 酬金 on its own line, public-revenue spending and the payments behind it", () => {
    const q3 = figuresOf("2026Q3");
    const co = q3.books.cogoverned;
    expect(co.income.find((l) => l.key === "fees")?.amountFen).toBeGreaterThan(0);
    expect(co.spending.find((l) => l.key === "remuneration")?.amountFen).toBeGreaterThan(0);
    const pr = q3.books.public_revenue;
    const cameras = pr.payments.find((p) => p.proposalTitle === "小区监控摄像头升级");
    expect(cameras).toMatchObject({ source: "proposal", lineKey: "6802", amountFen: 5_600_000, date: "2026-09-10", approvedOn: "2026-07-21", decisionRef: "业主共同决定2025 年第 1 号《2026 年度公共收益使用计划（含监控摄像头升级）》" });
    expect(pr.spending.find((l) => l.key === "6802")?.amountFen).toBe(5_600_000);
    // Every payment listed is on a spending line, and a line's payments never exceed it.
    for (const book of BOOKS) {
      const statement = q3.books[book];
      for (const line of statement.spending) {
        const listed = statement.payments.filter((p) => p.lineKey === line.key).reduce((sum, p) => sum + p.amountFen, 0);
        expect(listed, `${book} ${line.key}`).toBeLessThanOrEqual(line.amountFen);
      }
    }
    expect(q3.collection).toHaveLength(1);
    expect(q3.collection[0]!.ofQuarter.ratePercent).toMatch(/^\d+\.\d\d$/);
  });

  it("count approved but unpaid spending at the quarter end (the LED lights' retention)", () => {
    expect(figuresOf("2026Q1").books.cogoverned.owed.approvedUnpaidFen).toBe(0);
    expect(figuresOf("2026Q2").books.cogoverned.owed.approvedUnpaidFen).toBe(49_000);
    expect(figuresOf("2026Q3").books.cogoverned.owed.approvedUnpaidFen).toBe(49_000);
  });

  it("make a year the sum of its quarters", () => {
    const year = figuresOf("2025");
    const quarters = ["2025Q1", "2025Q2", "2025Q3", "2025Q4"].map((q) => figuresOf(q));
    for (const book of BOOKS) {
      expect(year.books[book].openingFen).toBe(quarters[0]!.books[book].openingFen);
      expect(year.books[book].closingFen).toBe(quarters[3]!.books[book].closingFen);
      expect(year.books[book].incomeTotalFen).toBe(quarters.reduce((sum, q) => sum + q.books[book].incomeTotalFen, 0));
      expect(year.books[book].spendingTotalFen).toBe(quarters.reduce((sum, q) => sum + q.books[book].spendingTotalFen, 0));
    }
    expect(year.collection.map((c) => c.quarter)).toEqual(["2025Q1", "2025Q2", "2025Q3", "2025Q4"]);
  });

  it("ignore what was recorded after the audit head", () => {
    const head = chainHeadRef(db);
    const before = figuresOf("2026Q2", head.seq);
    postFixtureEntry(db, {
      businessDate: "2026-05-05", memo: "late interest",
      postings: [{ book: "cogoverned", accountCode: "1002", amountFen: 1_234 }, { book: "cogoverned", accountCode: "6006", amountFen: -1_234 }],
    }, "system");
    expect(figuresOf("2026Q2", head.seq)).toEqual(before);
    const now = figuresOf("2026Q2");
    expect(now.books.cogoverned.closingFen).toBe(before.books.cogoverned.closingFen + 1_234);
    expect(now.books.cogoverned.income.find((l) => l.key === "6006")!.amountFen)
      .toBe((before.books.cogoverned.income.find((l) => l.key === "6006")?.amountFen ?? 0) + 1_234);
  });
});
