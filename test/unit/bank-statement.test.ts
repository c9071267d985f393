import { describe, expect, it } from "vitest";
import { bankMappingSchema, guessHeaderRow, guessMapping } from "~/domain/bank/mapping";
import { autoMatchPairs } from "~/domain/bank/matching";
import { fingerprintLines } from "~/domain/bank/dedup";
import { closingBalances, decodeText, linesFromTable, parseStatementDate, readCsv, type StatementTable } from "~/domain/bank/statement";
import { readXlsx } from "~/domain/bank/xlsx";
import { fixture, GBK_MAPPING, SIGNED_MAPPING, utf8, xlsxStatement } from "../support/bank";

function table(csv: string): StatementTable {
  const read = readCsv(utf8(csv));
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.value;
}

describe("statement dates", () => {
  it.each([
    ["2026-01-05", "2026-01-05"],
    ["2026/1/6", "2026-01-06"],
    ["2026/01/06", "2026-01-06"],
    ["20260108", "2026-01-08"],
    ["2026年1月8日", "2026-01-08"],
    ["2026-01-09 10:15:00", "2026-01-09"],
  ])("reads %s", (text, iso) => expect(parseStatementDate(text)).toBe(iso));

  it.each(["05/01/2026", "2026.01.05", "Jan 5 2026", "2026-02-30", "20261301", "", "2026-1-5x"])("refuses %s", (text) => {
    expect(parseStatementDate(text)).toBeNull();
  });
});

describe("encodings", () => {
  it("reads the GB18030 fixture, with its title lines, 借/贷 columns and balances", () => {
    const read = readCsv(fixture("icbc-gbk.csv"));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.encoding).toBe("gb18030");
    expect(read.value.rows[3]).toContain("交易日期");
    expect(guessHeaderRow(read.value.rows)).toBe(4);
    expect(guessMapping(read.value.rows[3]!, 4)).toMatchObject({ date: "交易日期", debit: "借方发生额", credit: "贷方发生额", balance: "余额", counterparty: "对方户名", memo: "摘要", reference: "流水号" });
    const lines = linesFromTable(read.value, GBK_MAPPING);
    expect(lines.ok).toBe(true);
    if (!lines.ok) return;
    expect(lines.value.map((l) => [l.lineNo, l.txnDate, l.amountFen, l.balanceFen])).toEqual([
      [5, "2026-01-05", 120000, 1120000],
      [6, "2026-01-06", 321, 1120321],
      [7, "2026-01-08", -50000, 1070321],
      [8, "2026-01-08", 60000, 1130321],
      [9, "2026-01-09", 60000, 1190321],
    ]);
    expect(lines.value[0]).toMatchObject({ counterparty: "张三", memo: "物业服务费", reference: "TX0001" });
    expect(closingBalances(lines.value)).toEqual([
      { asOf: "2026-01-05", balanceFen: 1120000 },
      { asOf: "2026-01-06", balanceFen: 1120321 },
      { asOf: "2026-01-08", balanceFen: 1130321 },
      { asOf: "2026-01-09", balanceFen: 1190321 },
    ]);
  });

  it("reads UTF-8 with a BOM, and UTF-8 without one", () => {
    const withBom = readCsv(fixture("signed-utf8.csv"));
    expect(withBom.ok && withBom.value.encoding).toBe("utf-8");
    if (withBom.ok) expect(withBom.value.rows[0]![0]).toBe("Date");
    expect(decodeText(utf8("日期,金额\n"))).toMatchObject({ ok: true, value: { encoding: "utf-8", text: "日期,金额\n" } });
  });

  it("refuses binary garbage and bytes invalid in both encodings", () => {
    expect(decodeText(new Uint8Array([0x00, 0x01, 0x02, 0xff, 0xfe, 0x80]))).toEqual({ ok: false, problems: [{ code: "bank.errors.encoding" }] });
    expect(decodeText(new Uint8Array([0x41, 0xff, 0x42]))).toMatchObject({ ok: false });
    expect(decodeText(new Uint8Array([0x41, 0x00, 0x42]))).toMatchObject({ ok: false });
  });

  it("takes newest-first statements' closing balance from the first line of each date", () => {
    const t = table("Date,Amount,Balance\n2026-01-09,10.00,120.00\n2026-01-09,10.00,110.00\n2026-01-08,100.00,100.00\n");
    const lines = linesFromTable(t, { headerRow: 1, date: "Date", amount: "Amount", balance: "Balance" });
    expect(lines.ok && closingBalances(lines.value)).toEqual([{ asOf: "2026-01-08", balanceFen: 10000 }, { asOf: "2026-01-09", balanceFen: 12000 }]);
  });
});

describe("amount layouts and bad rows", () => {
  it("reads one signed amount column exactly to the fen", () => {
    const lines = linesFromTable(readCsv(fixture("signed-utf8.csv")).ok ? (readCsv(fixture("signed-utf8.csv")) as { value: StatementTable }).value : table(""), SIGNED_MAPPING);
    expect(lines.ok && lines.value.map((l) => l.amountFen)).toEqual([25000, -8050, -8050, -100000]);
  });

  it("keeps twins apart by occurrence", () => {
    const lines = linesFromTable((readCsv(fixture("signed-utf8.csv")) as { value: StatementTable }).value, SIGNED_MAPPING);
    if (!lines.ok) throw new Error("unexpected");
    const keyed = fingerprintLines("public_revenue", lines.value);
    expect(keyed[1]!.fingerprint).toBe(keyed[2]!.fingerprint);
    expect(keyed.map((l) => l.occurrence)).toEqual([0, 0, 1, 0]);
    expect(fingerprintLines("cogoverned", lines.value)[0]!.fingerprint).not.toBe(keyed[0]!.fingerprint);
  });

  it("lists every bad row with its line and refuses the whole file", () => {
    const t = table([
      "日期,借方,贷方,摘要",
      "2026-01-05,,100.00,ok",
      "2026-01-06,50.00,20.00,both",
      "2026-01-07,,,neither",
      "05/01/2026,,10.00,bad date",
      "2026-01-08,,1.234,three decimals",
      "2026-01-09,abc,,not a number",
      "",
    ].join("\n"));
    const lines = linesFromTable(t, { headerRow: 1, date: "日期", debit: "借方", credit: "贷方", memo: "摘要" });
    expect(lines).toEqual({
      ok: false,
      problems: [
        { code: "bank.errors.bothAmounts", line: 3 },
        { code: "bank.errors.noAmount", line: 4 },
        { code: "bank.errors.dateFormat", line: 5, column: "日期", value: "05/01/2026" },
        { code: "bank.errors.amountDecimals", line: 6, column: "贷方", value: "1.234" },
        { code: "bank.errors.amount", line: 7, column: "借方", value: "abc" },
      ].map((p) => ({ column: undefined, value: undefined, ...p })),
    });
  });

  it("refuses a mapping naming a column the header lacks", () => {
    const lines = linesFromTable(table("Date,Amount\n2026-01-05,1.00\n"), { headerRow: 1, date: "Date", amount: "金额" });
    expect(lines).toEqual({ ok: false, problems: [{ code: "bank.errors.missingColumn", line: 1, column: "金额" }] });
  });

  it("the mapping schema wants one amount column or both debit and credit", () => {
    expect(bankMappingSchema.safeParse({ headerRow: 1, date: "d", amount: "a" }).success).toBe(true);
    expect(bankMappingSchema.safeParse({ headerRow: 1, date: "d", debit: "x", credit: "y" }).success).toBe(true);
    expect(bankMappingSchema.safeParse({ headerRow: 1, date: "d", debit: "x" }).success).toBe(false);
    expect(bankMappingSchema.safeParse({ headerRow: 1, date: "d", amount: "a", credit: "y" }).success).toBe(false);
    expect(bankMappingSchema.safeParse({ headerRow: 1, date: "d" }).success).toBe(false);
  });
});

describe("XLSX", () => {
  it("reads Excel date cells and numeric amounts", async () => {
    const bytes = await xlsxStatement([
      ["招商银行交易流水"],
      ["记账日期", "收入", "支出", "余额", "对方户名", "摘要"],
      [new Date(Date.UTC(2026, 2, 1)), 1234.56, null, 101234.56, "某广告公司", "广告费"],
      ["2026/03/02", null, 0.1, 101234.46, "银行", "手续费"],
      [20260303, "2,000.00", null, "103,234.46", "停车公司", "停车分成"],
    ]);
    const read = await readXlsx(bytes);
    expect(read.ok && read.value.format).toBe("xlsx");
    if (!read.ok) return;
    const lines = linesFromTable(read.value, { headerRow: 2, date: "记账日期", credit: "收入", debit: "支出", balance: "余额", counterparty: "对方户名", memo: "摘要" });
    expect(lines.ok && lines.value.map((l) => [l.txnDate, l.amountFen, l.balanceFen])).toEqual([
      ["2026-03-01", 123456, 10123456],
      ["2026-03-02", -10, 10123446],
      ["2026-03-03", 200000, 10323446],
    ]);
  });
});

describe("auto-match pairing", () => {
  const entry = (id: number, businessDate: string, bankAmountFen: number, memo = "") => ({ id, businessDate, bankAmountFen, memo, sourceId: null });
  const line = (id: number, txnDate: string, amountFen: number, reference = "") => ({ id, txnDate, amountFen, reference });

  it("pairs same amount within 3 days, closest date first, one-to-one", () => {
    expect(autoMatchPairs([line(1, "2026-01-05", 100)], [entry(10, "2026-01-09", 100), entry(11, "2026-01-03", 100), entry(12, "2026-01-05", 99)])).toEqual([{ lineId: 1, entryId: 11 }]);
    expect(autoMatchPairs([line(1, "2026-01-05", 100)], [entry(10, "2026-01-09", 100)])).toEqual([]);
  });

  it("prefers an entry that mentions the reference, and leaves ties alone", () => {
    expect(autoMatchPairs([line(1, "2026-01-05", 100, "TX9")], [entry(10, "2026-01-05", 100), entry(11, "2026-01-07", 100, "收款 TX9")])).toEqual([{ lineId: 1, entryId: 11 }]);
    expect(autoMatchPairs([line(1, "2026-01-05", 100)], [entry(10, "2026-01-04", 100), entry(11, "2026-01-06", 100)])).toEqual([]);
    expect(autoMatchPairs([line(1, "2026-01-05", 100), line(2, "2026-01-05", 100)], [entry(10, "2026-01-05", 100)])).toEqual([]);
  });

  it("resolves chains once the closer pair is taken", () => {
    expect(autoMatchPairs([line(1, "2026-01-05", 100), line(2, "2026-01-07", 100)], [entry(10, "2026-01-05", 100), entry(11, "2026-01-06", 100)]))
      .toEqual([{ lineId: 1, entryId: 10 }, { lineId: 2, entryId: 11 }]);
  });
});
