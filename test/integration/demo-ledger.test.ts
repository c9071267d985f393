/**
 * The demo community's two years of money, checked as an auditor would: the
 * chain and every row verify, the bank statements reconcile, and hledger
 * reading the exported journal finds the app's quarterly income, spending
 * and bank balances of both books to the fen.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "~/domain/calendar";
import type { Book } from "~/domain/ledger/chart";
import { verifyDatabase } from "~/services/audit-verify.server";
import { failingAssertions, listImports, reconciliation } from "~/services/bank/reconcile.server";
import { arrears, collectionRatesOf, prepaidTotalFen } from "~/services/billing/reading.server";
import * as bankIndex from "~/routes/bank._index";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { budgetUsage } from "~/services/spending/budget-usage.server";
import { balancesOn } from "~/services/ledger/entries.server";
import { exportLedger } from "~/services/ledger/export.server";
import { ledgerTotals } from "~/services/ledger/queries.server";
import { testDb } from "../support/db";
import { csvRows, fenOf, keyOf, tool } from "../support/hledger";
import { CONTEXT, makeRequest, signIn } from "../support/http";

const db = testDb();
const journal = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mz-demo-ledger-")), "demo.journal");
const QUARTERS = [
  ["2025Q1", "2025-01-01", "2025-03-31"], ["2025Q2", "2025-04-01", "2025-06-30"], ["2025Q3", "2025-07-01", "2025-09-30"], ["2025Q4", "2025-10-01", "2025-12-31"],
  ["2026Q1", "2026-01-01", "2026-03-31"], ["2026Q2", "2026-04-01", "2026-06-30"], ["2026Q3", "2026-07-01", "2026-09-30"], ["2026Q4", "2026-10-01", "2026-12-31"],
] as const;
const count = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

beforeAll(async () => {
  await ensureDemoCommunity(db);
  expect(await ensureDemoLedger(db)).toBe(true);
  const out = fs.createWriteStream(journal);
  await exportLedger(db, out, { format: "journal", generatedAt: "2026-11-21T00:00:00.000Z" });
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}, 180_000);

describe("the demo ledger", () => {
  it("is written once, through the services, and verifies", async () => {
    expect(await ensureDemoLedger(db)).toBe(false);
    expect(count("bills")).toBe(8 * 200);
    expect(count("payments")).toBeGreaterThan(1000);
    expect(count("income_records")).toBeGreaterThan(50);
    expect(count("remuneration_accruals")).toBeGreaterThan(10);
    const result = verifyDatabase(db);
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });

  it("has arrears, prepayments and collection rates below 100 %", () => {
    const byUnit = arrears(db, "2026-11-20", "unit");
    expect(byUnit.filter((r) => r.owedFen > 0).length).toBeGreaterThan(5);
    expect(prepaidTotalFen(db, "2026-11-20")).toBeGreaterThan(0);
    const rates = collectionRatesOf(db, "2026Q2");
    for (const rate of [rates.ofQuarter, rates.includingArrears]) {
      expect(rate.numeratorFen).toBeGreaterThan(rate.denominatorFen / 2);
      expect(rate.numeratorFen).toBeLessThan(rate.denominatorFen);
      expect(rate.ratePercent).toMatch(/^\d{2}\.\d{2}$/);
    }
  });

  it("reconciles with the bank up to October 2026", () => {
    const view = reconciliation(db, "cogoverned");
    expect(view.unmatchedLines).toHaveLength(0);
    expect(view.unmatchedEntries.every((e) => e.businessDate > "2026-10-31")).toBe(true);
    expect(failingAssertions(db)).toEqual([]);
  });

  it("lists each bank import with the dates its own lines cover", () => {
    const imports = listImports(db, "cogoverned");
    expect(imports.map((i) => [i.firstDate?.slice(0, 4), i.lastDate?.slice(0, 7)])).toEqual([["2026", "2026-10"], ["2025", "2025-12"]]);
  });

  it("shows the bank page's latest balance checks first, not all of them", async () => {
    const { cookie } = await signIn("director", DEMO_PASSWORD);
    const page = (await bankIndex.loader({ request: makeRequest("/bank?book=cogoverned", { cookie }), params: {}, context: CONTEXT })) as {
      assertions: { asOf: string; ok: boolean }[]; assertionCount: number; canAct: boolean;
    };
    expect(page.canAct).toBe(false);
    expect(page.assertionCount).toBeGreaterThan(200);
    expect(page.assertions).toHaveLength(12);
    expect(page.assertions[0]!.asOf).toBe(page.assertions.map((a) => a.asOf).sort().at(-1));
    expect(page.assertions.at(-1)!.asOf > "2026-09-01").toBe(true);
  });
});

describe("the demo spending", () => {
  it("has proposals in every state, a recusal, a non-lowest selection, an advance and a retention", () => {
    const states = db.$client.prepare("SELECT status FROM proposals GROUP BY status").all().map((r) => (r as { status: string }).status).sort();
    expect(states).toEqual(["accepted", "advance_paid", "approved", "closed", "draft", "in_approval", "paid", "quoting", "referred", "rejected", "selecting", "withdrawn"]);
    const excluded = db.$client.prepare("SELECT excluded FROM approvals WHERE subject_kind = 'proposal'").all().map((r) => JSON.parse((r as { excluded: string }).excluded) as { reason: string }[]);
    expect(excluded.some((list) => list.some((e) => e.reason === "related"))).toBe(true);
    expect(count("proposals WHERE selection_reason <> ''")).toBeGreaterThan(0);
    expect(db.$client.prepare("SELECT stage FROM proposal_payments GROUP BY stage").all().map((r) => (r as { stage: string }).stage).sort()).toEqual(["advance", "balance", "retention"]);
  });

  it("has a year of routine spending against approved budgets, each with its voucher, within every line", () => {
    expect(count("budgets WHERE status = 'approved'")).toBe(3);
    expect(count("routine_spendings WHERE paid_on BETWEEN '2025-01-01' AND '2025-12-31'")).toBeGreaterThanOrEqual(48);
    expect(count("routine_spendings WHERE voucher_attachment_id IS NULL")).toBe(0);
    const overrun = db.$client.prepare(`
      SELECT l.id FROM budget_lines l JOIN budgets b ON b.id = l.budget_id
      WHERE l.amount_fen < (SELECT coalesce(sum(amount_fen), 0) FROM routine_spendings r WHERE r.budget_line_id = l.id)`).all();
    expect(overrun).toEqual([]);
  });

  it("shows on each budget line exactly the payments of the proposals charged to it", () => {
    // Regression: a correlated subquery once summed the payments whose id equalled the proposal's.
    const expected = db.$client.prepare(`
      SELECT p.budget_line_id AS lineId, sum(pp.amount_fen) AS fen FROM proposal_payments pp JOIN proposals p ON p.id = pp.proposal_id
      WHERE p.budget_line_id IS NOT NULL GROUP BY p.budget_line_id`).all() as { lineId: number; fen: number }[];
    expect(expected.length).toBeGreaterThan(1);
    const budgetIds = (db.$client.prepare("SELECT id FROM budgets").all() as { id: number }[]).map((b) => b.id);
    const shown = new Map(budgetIds.flatMap((id) => budgetUsage(db, id)).map((line) => [line.id, line.proposalFen]));
    for (const { lineId, fen } of expected) expect(shown.get(lineId)).toBe(fen);
  });

  it("never takes either bank account below zero", () => {
    for (const book of ["cogoverned", "public_revenue"]) {
      const days = db.$client.prepare(`
        SELECT j.business_date AS day, sum(p.amount_fen) AS fen FROM postings p JOIN journal_entries j ON j.id = p.entry_id
        WHERE p.account_code = '1002' AND p.book = ? GROUP BY j.business_date ORDER BY j.business_date`).all(book) as { day: string; fen: number }[];
      let balance = 0;
      for (const { fen } of days) {
        balance += fen;
        expect(balance).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe("hledger on the exported demo journal", () => {
  it("finds each quarter's income and spending per account and book, to the fen", () => {
    const csv = tool("hledger", ["-f", journal, "bal", "-Q", "-O", "csv", "--no-total", "-b", "2025-01-01", "-e", "2027-01-01", "^(共管账户|公共收益账户):6"]);
    const [header, ...rows] = csv.trim().split("\n");
    expect(header).toBe(`"account",${QUARTERS.map(([q]) => `"${q}"`).join(",")}`);
    const accounts = new Set<string>();
    for (const row of rows) {
      const [account, ...cells] = row.split('","').map((c) => c.replace(/^"|"$/g, ""));
      const [book, code] = keyOf(account!).split(" ") as [Book, string];
      accounts.add(`${book} ${code}`);
      QUARTERS.forEach(([quarter, from, to], i) => {
        const app = ledgerTotals(db, { book, account: code, from, to, sort: "date", dir: "desc" }).netFen;
        expect(fenOf(cells[i] || "0"), `${account} ${quarter}`).toBe(app);
      });
    }
    // Fee income, the split incomes in both books, decoration, interest and 酬金 are all there.
    for (const key of ["cogoverned 6001", "cogoverned 6002", "cogoverned 6003", "public_revenue 6003", "cogoverned 6004", "public_revenue 6004", "public_revenue 6005", "cogoverned 6006", "public_revenue 6006", "cogoverned 6701"]) {
      expect(accounts, key).toContain(key);
    }
  });

  it("finds the bank balance of both books at every quarter end, to the fen", () => {
    for (const [quarter, , to] of QUARTERS) {
      const csv = tool("hledger", ["-f", journal, "bal", "-O", "csv", "--no-total", "-e", addDays(to, 1), ":1002"]);
      const tools = new Map(csvRows(csv).map(([account, balance]) => [keyOf(account!), fenOf(balance!)]));
      for (const book of ["cogoverned", "public_revenue"] as const) {
        const app = balancesOn(db, to).find((b) => b.book === book && b.accountCode === "1002")?.balanceFen ?? 0;
        expect(tools.get(`${book} 1002`) ?? 0, `${book} bank at ${quarter} end`).toBe(app);
      }
    }
  });
});
