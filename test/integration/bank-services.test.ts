import { beforeAll, describe, expect, it } from "vitest";
import { BankFileError } from "~/domain/bank/errors";
import { verifyDatabase } from "~/services/audit-verify.server";
import { createCommunity } from "~/services/community.server";
import { addBalanceAssertion, importBankStatement } from "~/services/bank/import.server";
import { saveBankMapping, listBankMappings } from "~/services/bank/mappings.server";
import { autoMatch, matchLine, unmatchLine, unmatchedEntries, unmatchedLines } from "~/services/bank/matching.server";
import { failingAssertions, reconciliation } from "~/services/bank/reconcile.server";
import { domainErrorOf } from "../support/builders";
import { bankDigest, fixture, postFixtureEntry, GBK_MAPPING, SIGNED_MAPPING, utf8, xlsxStatement } from "../support/bank";
import { testDb } from "../support/db";

const db = testDb();
const MANAGER = "manager-test";

/** Dr 1002 / Cr income (money in) or Dr expense / Cr 1002 (money out) in a book. */
function bankEntry(book: "cogoverned" | "public_revenue", businessDate: string, amountFen: number, memo: string) {
  const other = book === "cogoverned" ? (amountFen > 0 ? "6006" : "6604") : (amountFen > 0 ? "6003" : "6801");
  // Money out cannot be a manual voucher (checkVoucher): fixture entries as a spending path writes them.
  return postFixtureEntry(db, {
    businessDate, memo,
    postings: [{ book, accountCode: "1002", amountFen }, { book, accountCode: other, amountFen: -amountFen }],
  }, MANAGER).entry;
}

beforeAll(() => {
  createCommunity(db, { name: "幸福里", address: "幸福路 1 号", billingPeriod: "quarterly", postingMinDays: 15 }, "system");
});

describe("import and deduplication", () => {
  it("imports the GBK statement, records its closing balances, and a second import adds nothing", async () => {
    const before = bankDigest(db);
    const first = await importBankStatement(db, { book: "cogoverned", filename: "icbc.csv", bytes: fixture("icbc-gbk.csv"), mapping: GBK_MAPPING }, MANAGER);
    expect(first).toMatchObject({ newCount: 5, existingCount: 0 });
    expect(first.import).toMatchObject({ book: "cogoverned", encoding: "gb18030", lineCount: 5 });
    expect(first.assertions.map((a) => [a.asOf, a.expectedFen, a.source])).toEqual([
      ["2026-01-05", 1120000, `bank_import:${first.import!.id}`],
      ["2026-01-06", 1120321, `bank_import:${first.import!.id}`],
      ["2026-01-08", 1130321, `bank_import:${first.import!.id}`],
      ["2026-01-09", 1190321, `bank_import:${first.import!.id}`],
    ]);
    expect(bankDigest(db)).toMatchObject({ bank_imports: before.bank_imports + 1, bank_lines: before.bank_lines + 5, balance_assertions: before.balance_assertions + 4, maxSeq: before.maxSeq + 1 });
    const event = db.$client.prepare("SELECT action, data FROM audit_events WHERE seq = ?").get(first.event!.seq) as { action: string; data: string };
    expect(event.action).toBe("bank.import");
    // Counterparties and memos enter the chain only as salted digests.
    expect(event.data).not.toContain("张三");
    expect(event.data).not.toContain("物业服务费");

    const middle = bankDigest(db);
    const again = await importBankStatement(db, { book: "cogoverned", filename: "icbc-again.csv", bytes: fixture("icbc-gbk.csv"), mapping: GBK_MAPPING }, MANAGER);
    expect(again).toEqual({ import: null, newCount: 0, existingCount: 5, assertions: [] });
    expect(bankDigest(db)).toEqual(middle);
  });

  it("keeps twins in one file, and a file overlapping an earlier one adds only its new lines", async () => {
    const first = await importBankStatement(db, { book: "public_revenue", filename: "signed.csv", bytes: fixture("signed-utf8.csv"), mapping: SIGNED_MAPPING }, MANAGER);
    expect(first).toMatchObject({ newCount: 4, existingCount: 0, assertions: [] });
    const overlap = utf8("\ufeffDate,Amount,Counterparty,Memo,Reference\n2026-02-03,-80.50,Print Shop,公示打印,R-101\n2026-02-03,-80.50,Print Shop,公示打印,R-102\n2026-02-03,-80.50,Print Shop,公示打印,R-104\n2026-02-06,30.00,Bank,利息,R-105\n");
    const second = await importBankStatement(db, { book: "public_revenue", filename: "overlap.csv", bytes: overlap, mapping: SIGNED_MAPPING }, MANAGER);
    expect(second).toMatchObject({ newCount: 2, existingCount: 2 });
  });

  it("imports an XLSX statement", async () => {
    const bytes = await xlsxStatement([
      ["Statement"],
      ["Date", "In", "Out", "Balance", "Payee", "Memo"],
      [new Date(Date.UTC(2026, 3, 1)), 500, null, 600, "Ad Co", "ad"],
    ]);
    const result = await importBankStatement(db, { book: "public_revenue", filename: "s.xlsx", bytes, mapping: { headerRow: 2, date: "Date", credit: "In", debit: "Out", balance: "Balance", counterparty: "Payee", memo: "Memo" } }, MANAGER);
    expect(result.import?.encoding).toBe("xlsx");
    expect(result.assertions.map((a) => [a.asOf, a.expectedFen])).toEqual([["2026-04-01", 60000]]);
  });

  it.each([
    ["a bad row", utf8("Date,Amount\n2026-01-05,1.00\n2026-01-06,x\n"), { headerRow: 1, date: "Date", amount: "Amount" }, "bank.errors.badFile"],
    ["an unknown date format", utf8("Date,Amount\n05.01.2026,1.00\n"), { headerRow: 1, date: "Date", amount: "Amount" }, "bank.errors.badFile"],
    ["an undecodable file", new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80, 0xff]), { headerRow: 1, date: "Date", amount: "Amount" }, "bank.errors.encoding"],
    ["a missing column", utf8("Date,Amount\n2026-01-05,1.00\n"), { headerRow: 1, date: "Date", amount: "金额" }, "bank.errors.badFile"],
    ["a row with both debit and credit", utf8("D,Out,In\n2026-01-05,1.00,2.00\n"), { headerRow: 1, date: "D", debit: "Out", credit: "In" }, "bank.errors.badFile"],
  ])("refuses %s and writes nothing", async (_label, bytes, mapping, code) => {
    const before = bankDigest(db);
    const error = await domainErrorOf(() => importBankStatement(db, { book: "cogoverned", filename: "bad.csv", bytes, mapping }, MANAGER));
    expect(error).toBeInstanceOf(BankFileError);
    expect(error.code).toBe(code);
    expect((error as BankFileError).problems.length).toBeGreaterThan(0);
    expect(bankDigest(db)).toEqual(before);
  });

  it("names the line and value of a bad date", async () => {
    const error = await domainErrorOf(() => importBankStatement(db, { book: "cogoverned", filename: "bad.csv", bytes: utf8("t\nDate,Amount\n2026-01-05,1.00\n05.01.2026,1.00\n"), mapping: { headerRow: 2, date: "Date", amount: "Amount" } }, MANAGER));
    expect((error as BankFileError).problems).toEqual([{ code: "bank.errors.dateFormat", line: 4, column: "Date", value: "05.01.2026" }]);
  });
});

describe("saved mappings", () => {
  it("saves a mapping per bank name and updates it, each audited", () => {
    const before = bankDigest(db);
    const first = saveBankMapping(db, { name: "工商银行", ...GBK_MAPPING }, MANAGER);
    expect(first.updated).toBe(false);
    const second = saveBankMapping(db, { name: "工商银行", ...GBK_MAPPING, reference: undefined }, MANAGER);
    expect(second.updated).toBe(true);
    expect(second.mapping.id).toBe(first.mapping.id);
    expect(listBankMappings(db).find((m) => m.name === "工商银行")?.parsed).toEqual({ headerRow: 4, date: "交易日期", debit: "借方发生额", credit: "贷方发生额", counterparty: "对方户名", memo: "摘要", balance: "余额" });
    expect(bankDigest(db)).toMatchObject({ bank_mappings: before.bank_mappings + 1, maxSeq: before.maxSeq + 2 });
  });
});

describe("matching and reconciliation", () => {
  it("auto-matches lines to entries with the same bank amount within 3 days, preferring the reference, one-to-one", () => {
    // The GBK file's lines (cogoverned): +1200.00 01-05, +3.21 01-06, -500.00 01-08, +600.00 01-08, +600.00 01-09.
    const opening = bankEntry("cogoverned", "2026-01-01", 1000000, "期初余额");
    const fee = bankEntry("cogoverned", "2026-01-04", 120000, "物业费 张三");
    const interest = bankEntry("cogoverned", "2026-01-06", 321, "利息");
    const power = bankEntry("cogoverned", "2026-01-08", -50000, "电费");
    const fee600a = bankEntry("cogoverned", "2026-01-10", 60000, "物业费 TX0005");
    const fee600b = bankEntry("cogoverned", "2026-01-08", 60000, "物业费");
    const far = bankEntry("cogoverned", "2026-01-20", 321, "利息（晚）");
    const result = autoMatch(db, { book: "cogoverned" }, MANAGER);
    expect(result.matched).toBe(5);
    const left = unmatchedEntries(db, "cogoverned").map((e) => e.id);
    expect(left).toEqual([opening.id, far.id]);
    expect(unmatchedLines(db, "cogoverned")).toEqual([]);
    const rec = reconciliation(db, "cogoverned");
    const byLineRef = new Map(rec.matchedLines.map((m) => [db.$client.prepare("SELECT reference FROM bank_lines WHERE id = ?").pluck().get(m.line.id), m.entryId]));
    expect(byLineRef.get("TX0005")).toBe(fee600a.id);
    expect(byLineRef.get("TX0004")).toBe(fee600b.id);
    expect(byLineRef.get("TX0001")).toBe(fee.id);
    expect(byLineRef.get("TX0002")).toBe(interest.id);
    expect(byLineRef.get("TX0003")).toBe(power.id);
    // Opening 10,000.00 + the file's movements agree up to 01-08; TX0005 was booked on 01-10, a day after the bank.
    expect(rec.assertions.map((a) => [a.asOf, a.ok])).toEqual([["2026-01-05", true], ["2026-01-06", true], ["2026-01-08", true], ["2026-01-09", false]]);
    expect(failingAssertions(db).filter((a) => a.book === "cogoverned")).toMatchObject([{ asOf: "2026-01-09", expectedFen: 1190321, ledgerFen: 1130321, differenceFen: 60000 }]);
  });

  it("a failing assertion shows up with its difference", () => {
    const manual = addBalanceAssertion(db, { book: "cogoverned", asOf: "2026-01-31", expectedFen: 1190000 }, MANAGER);
    const failing = failingAssertions(db).find((a) => a.id === manual.assertion.id);
    // The ledger holds 11,903.21 + the late 3.21 interest = 11,906.42 at month end.
    expect(failing).toMatchObject({ expectedFen: 1190000, ledgerFen: 1190642, differenceFen: -642, ok: false, source: "manual" });
  });

  it("matches and unmatches by hand, refusing different amounts, books and entries already matched", async () => {
    const lines = unmatchedLines(db, "public_revenue");
    const ad = lines.find((l) => l.amountFen === 25000)!;
    const adEntry = bankEntry("public_revenue", "2026-02-20", 25000, "广告");
    const wrongAmount = bankEntry("public_revenue", "2026-02-01", 25001, "广告（错）");
    const otherBook = bankEntry("cogoverned", "2026-02-01", 25000, "共管的");
    const before = bankDigest(db);
    for (const [entryId, code] of [[wrongAmount.id, "bank.errors.amountDiffers"], [otherBook.id, "bank.errors.differentBook"], [999999, "bank.errors.entryNotFound"]] as const) {
      const error = await domainErrorOf(() => matchLine(db, { bankLineId: ad.id, entryId }, MANAGER));
      expect(error.code).toBe(code);
    }
    expect(bankDigest(db)).toEqual(before);

    matchLine(db, { bankLineId: ad.id, entryId: adEntry.id }, MANAGER);
    const twin = await importBankStatement(db, { book: "public_revenue", filename: "ad2.csv", bytes: utf8("Date,Amount,Counterparty,Memo,Reference\n2026-02-21,250.00,Other Ad,second ad,R-200\n"), mapping: SIGNED_MAPPING }, MANAGER);
    const secondLine = unmatchedLines(db, "public_revenue").find((l) => l.importId === twin.import!.id)!;
    expect((await domainErrorOf(() => matchLine(db, { bankLineId: secondLine.id, entryId: adEntry.id }, MANAGER))).code).toBe("bank.errors.entryMatched");
    expect((await domainErrorOf(() => matchLine(db, { bankLineId: ad.id, entryId: adEntry.id }, MANAGER))).code).toBe("bank.errors.lineMatched");

    unmatchLine(db, { bankLineId: ad.id }, MANAGER);
    expect(unmatchedLines(db, "public_revenue").some((l) => l.id === ad.id)).toBe(true);
    expect((await domainErrorOf(() => unmatchLine(db, { bankLineId: ad.id }, MANAGER))).code).toBe("bank.errors.notMatched");
    matchLine(db, { bankLineId: secondLine.id, entryId: adEntry.id }, MANAGER);
    expect(db.$client.prepare("SELECT action FROM bank_matches WHERE bank_line_id = ? ORDER BY id").pluck().all(ad.id)).toEqual(["match", "unmatch"]);
  });

  it("every row written matches its audit event", () => {
    const result = verifyDatabase(db);
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });
});
