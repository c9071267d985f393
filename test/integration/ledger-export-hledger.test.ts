/**
 * The journal export read by the real tools: hledger (Debian 1.25) and
 * ledger-cli (Debian 3.x) must find every account balance per book, to the
 * fen, that the app computes. Missing binaries fail the test (never skip).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, type Book } from "~/domain/ledger/chart";
import type { PostingInput } from "~/domain/ledger/entries";
import { verifyDatabase } from "~/services/audit-verify.server";
import { createCommunity } from "~/services/community.server";
import { balancesOn, postVoucher, reverseEntry } from "~/services/ledger/entries.server";
import { exportLedger } from "~/services/ledger/export.server";
import { ledgerTotals } from "~/services/ledger/queries.server";
import { postFixtureEntry } from "../support/bank";
import { testDb } from "../support/db";
import { csvRows, fenOf, keyOf, run, tool } from "../support/hledger";

const db = testDb();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mz-ledger-export-"));
function appBalances(onDate: string): Map<string, number> {
  return new Map(balancesOn(db, onDate).filter((b) => b.balanceFen !== 0).map((b) => [`${b.book} ${b.accountCode}`, b.balanceFen]));
}

async function exportTo(file: string, format: "journal" | "csv", range: { from?: string; to?: string } = {}) {
  const out = fs.createWriteStream(file);
  const written = await exportLedger(db, out, { format, ...range, generatedAt: "2026-11-21T00:00:00.000Z" });
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return written;
}

const co = (accountCode: string, amountFen: number): PostingInput => ({ book: "cogoverned", accountCode, amountFen });
const pr = (accountCode: string, amountFen: number): PostingInput => ({ book: "public_revenue", accountCode, amountFen });
const journal = path.join(dir, "ledger.journal");
let reversedId = 0;

beforeAll(async () => {
  createCommunity(db, { name: "导出小区", address: "测试路 2 号", billingPeriod: "quarterly", postingMinDays: 15 }, "system");
  const post = (businessDate: string, memo: string, postings: PostingInput[]) => postVoucher(db, { businessDate, memo, postings }, "1").entry;
  // Money out of a book (and the 酬金 accrual) cannot be a manual voucher (checkVoucher): written as a spending path writes them.
  const spend = (businessDate: string, memo: string, postings: PostingInput[]) => postFixtureEntry(db, { businessDate, memo, postings }, "1").entry;
  post("2026-01-05", "期初; 余额", [co(ACCOUNT.bank, 50_000_00), co(ACCOUNT.ownersFunds, -50_000_00), pr(ACCOUNT.bank, 8_000_00), pr(ACCOUNT.ownersFunds, -8_000_00)]);
  post("2026-01-31", "一月物业费", [co(ACCOUNT.bank, 123_456_78), co(ACCOUNT.incomeServiceFees, -123_456_78)]);
  spend("2026-02-10", "保洁外包", [co("6603", 9_876_54), co(ACCOUNT.bank, -9_876_54)]);
  post("2026-02-28", "广告分成（电梯）", [pr(ACCOUNT.bank, 2_222_22), pr(ACCOUNT.incomeAdvertising, -2_222_22), co(ACCOUNT.bank, 1_111_11), co(ACCOUNT.incomeAdvertising, -1_111_11)]);
  post("2026-03-31", "一季度利息", [co(ACCOUNT.bank, 12_34), co(ACCOUNT.incomeInterest, -12_34), pr(ACCOUNT.bank, 1), pr(ACCOUNT.incomeInterest, -1)]);
  spend("2026-03-31", "一季度酬金", [co(ACCOUNT.remuneration, 6_172_84), co(ACCOUNT.payableCompany, -6_172_84)]);
  const wrong = post("2026-04-15", "其他收入（录错）", [co(ACCOUNT.bank, 2_000_00), co(ACCOUNT.incomeOther, -2_000_00)]);
  reversedId = wrong.id;
  reverseEntry(db, wrong.id, { reason: "科目错误", businessDate: "2026-04-16" }, "1");
  spend("2026-04-16", "秩序维护", [co("6605", 2_000_00), co(ACCOUNT.bank, -2_000_00)]);
  spend("2026-05-20", "摄像头升级（业主决定）", [pr("6802", 4_500_00), pr(ACCOUNT.bank, -4_500_00)]);
  spend("2026-06-30", "二季度物业费", [co(ACCOUNT.bank, 98_765_43), co(ACCOUNT.incomeServiceFees, -98_765_43), co(ACCOUNT.payableCompany, 6_172_84), co(ACCOUNT.bank, -6_172_84)]);
  post("2026-06-30", "场地租赁", [pr(ACCOUNT.bank, 600_00), pr(ACCOUNT.incomeVenue, -600_00)]);
  await exportTo(journal, "journal");
});

describe("the journal read by hledger", () => {
  it("gives every account balance per book, to the fen", () => {
    const csv = tool("hledger", ["-f", journal, "bal", "-O", "csv", "--no-total"]);
    const tools = new Map(csvRows(csv).map(([account, balance]) => [keyOf(account!), fenOf(balance!)]));
    expect(Object.fromEntries(tools)).toEqual(Object.fromEntries(appBalances("2026-12-31")));
    expect(tools.get("cogoverned 1002")).toBe(50_000_00 + 123_456_78 - 9_876_54 + 1_111_11 + 12_34 + 2_000_00 - 2_000_00 - 2_000_00 + 98_765_43 - 6_172_84);
  });

  it("gives each quarter's income and expenses per account, to the fen", () => {
    const csv = tool("hledger", ["-f", journal, "bal", "-Q", "-O", "csv", "--no-total", "^(共管账户|公共收益账户):6"]);
    const [header, ...rows] = csv.trim().split("\n");
    expect(header).toBe('"account","2026Q1","2026Q2"');
    const quarters = [["2026-01-01", "2026-03-31"], ["2026-04-01", "2026-06-30"]] as const;
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const row of rows) {
      const [account, ...cells] = row.split('","').map((c) => c.replace(/^"|"$/g, ""));
      const [book, code] = keyOf(account!).split(" ") as [Book, string];
      quarters.forEach(([from, to], i) => {
        const app = ledgerTotals(db, { book, account: code, from, to, sort: "date", dir: "desc" }).netFen;
        expect(fenOf(cells[i]!), `${account} ${from}`).toBe(app);
      });
    }
  });

  it("agrees with balancesOn at a quarter end (--end is exclusive)", () => {
    const csv = tool("hledger", ["-f", journal, "bal", "-O", "csv", "--no-total", "--end", "2026-04-01"]);
    const tools = new Map(csvRows(csv).map(([account, balance]) => [keyOf(account!), fenOf(balance!)]));
    expect(Object.fromEntries(tools)).toEqual(Object.fromEntries(appBalances("2026-03-31")));
  });

  it("keeps the reversal's link and reason as a comment", () => {
    const text = fs.readFileSync(journal, "utf8");
    expect(text).toContain(`; reverses #${reversedId}: 科目错误`);
    expect(text).toContain("期初； 余额");
    const printed = tool("hledger", ["-f", journal, "print", "code:" + reversedId]);
    expect(printed).toContain("其他收入（录错）");
  });
});

describe("the journal read by ledger-cli", () => {
  it("gives every account balance per book, to the fen", () => {
    const out = tool("ledger", ["-f", journal, "bal", "--flat", "--no-total", "--balance-format", "%(account)\t%(display_total)\n"]);
    const tools = new Map(out.trim().split("\n").map((line) => {
      const [account, amount] = line.split("\t");
      return [keyOf(account!), fenOf(amount!)] as const;
    }));
    expect(Object.fromEntries(tools)).toEqual(Object.fromEntries(appBalances("2026-12-31")));
  });
});

describe("the export CLI", () => {
  const cli = (args: string[]) => run(path.resolve("node_modules/.bin/tsx"), ["scripts/export.ts", ...args], { ...process.env, DATABASE_PATH: process.env.DATABASE_PATH });

  it("writes the same journal as the service, which hledger reads", () => {
    const file = path.join(dir, "cli.journal");
    const result = cli(["ledger", "--format", "journal", "--out", file]);
    expect(result.status, result.stderr).toBe(0);
    const body = (text: string) => text.split("\n").slice(1).join("\n");
    expect(body(fs.readFileSync(file, "utf8"))).toBe(body(fs.readFileSync(journal, "utf8")));
    const csv = tool("hledger", ["-f", file, "bal", "-O", "csv", "--no-total"]);
    expect(csvRows(csv).length).toBe(appBalances("2026-12-31").size);
  }, 30_000);

  it("writes CSV rows for a date range, one per posting", () => {
    const file = path.join(dir, "q2.csv");
    const result = cli(["ledger", "--format", "csv", "--out", file, "--from", "2026-04-01", "--to", "2026-06-30"]);
    expect(result.status, result.stderr).toBe(0);
    const text = fs.readFileSync(file, "utf8");
    expect(text.startsWith("\uFEFFentry_id,line_no,date,book,account,account_name,amount,memo,posting_memo,source_kind,source_id\r\n")).toBe(true);
    const rows = text.trim().split("\r\n").slice(1);
    const count = (db.$client.prepare("SELECT count(*) n FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.business_date BETWEEN '2026-04-01' AND '2026-06-30'").get() as { n: number }).n;
    expect(rows).toHaveLength(count);
    expect(rows.every((r) => /,2026-0[456]-\d\d,/.test(r))).toBe(true);
    expect(rows.some((r) => r.includes(",reversal,"))).toBe(true);
  }, 30_000);

  it.each([
    [["backup"], /unknown subcommand: backup/],
    [[], /usage:/],
    [["ledger", "--format", "xml", "--out", "/tmp/x"], /--format must be one of journal, csv/],
    [["ledger", "--format", "csv"], /--out FILE is required/],
    [["ledger", "--format", "csv", "--out", "/tmp/x", "--from", "2026-02-30"], /--from must be a date/],
  ])("answers %j with usage and exit 2", (args, message) => {
    const result = cli(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  }, 30_000);
});

describe("after exporting", () => {
  it("the service's journal equals the file written through a stream, and the chain is intact", async () => {
    const written = await exportTo(path.join(dir, "again.journal"), "journal");
    expect(written.entries).toBe((db.$client.prepare("SELECT count(*) n FROM journal_entries").get() as { n: number }).n);
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
