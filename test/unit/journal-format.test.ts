import { describe, expect, it } from "vitest";
import {
  CSV_BOM, csvField, formatJournalTransaction, journalAccountName, journalAmount, journalText, ledgerCsvHeader, ledgerCsvRow,
} from "~/domain/ledger/journal-format";
import { ledgerQueryString, parseLedgerQuery, sortToggle, sourceHref, shanghaiDate } from "~/domain/ledger/ledger-query";
import { voucherEntry, voucherFormSchema } from "~/domain/ledger/voucher-form";

describe("journal amounts", () => {
  it.each([
    [123456, "¥1234.56"], [-123456, "-¥1234.56"], [1, "¥0.01"], [-1, "-¥0.01"], [100_000_000_00, "¥100000000.00"], [500, "¥5.00"],
  ])("%i fen is %s", (fen, text) => {
    expect(journalAmount(fen)).toBe(text);
  });
});

describe("journal account names and text", () => {
  it("joins book, code and name without spaces, semicolons or brackets", () => {
    expect(journalAccountName("cogoverned", "1002", "银行存款")).toBe("共管账户:1002银行存款");
    expect(journalAccountName("public_revenue", "6003", "广告 收入;(x)[y]")).toBe("公共收益账户:6003广告收入xy");
    expect(journalAccountName("cogoverned", "3101", "业主权益（累计盈余）")).toBe("共管账户:3101业主权益（累计盈余）");
  });

  it("keeps memos on one line without comment marks", () => {
    expect(journalText("a;b\nc  d\t e ")).toBe("a；b c d e");
  });
});

describe("a journal transaction", () => {
  it("writes the date, the id as code, the memo and explicit amounts", () => {
    const text = formatJournalTransaction(
      { id: 7, businessDate: "2026-03-31", memo: "一季度利息", reversesEntryId: null, reason: null },
      [
        { book: "cogoverned", accountCode: "1002", accountNameZh: "银行存款", amountFen: 1234 },
        { book: "cogoverned", accountCode: "6006", accountNameZh: "利息收入", amountFen: -1234 },
      ],
    );
    expect(text).toBe("2026-03-31 (#7) 一季度利息\n    共管账户:1002银行存款    ¥12.34\n    共管账户:6006利息收入    -¥12.34\n\n");
  });

  it("says what a reversal reverses, and why", () => {
    const text = formatJournalTransaction(
      { id: 9, businessDate: "2026-04-01", memo: "冲销 #7: x", reversesEntryId: 7, reason: "金额错误;重做" },
      [
        { book: "cogoverned", accountCode: "1002", accountNameZh: "银行存款", amountFen: -1234 },
        { book: "cogoverned", accountCode: "6006", accountNameZh: "利息收入", amountFen: 1234 },
      ],
    );
    expect(text.split("\n")[1]).toBe("    ; reverses #7: 金额错误；重做");
  });
});

describe("CSV", () => {
  it("quotes what needs quoting and defuses formulas in text", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(CSV_BOM).toBe("\uFEFF");
    expect(ledgerCsvHeader()).toBe("entry_id,line_no,date,book,account,account_name,amount,memo,posting_memo,source_kind,source_id\r\n");
    const row = ledgerCsvRow({
      entryId: 1, lineNo: 2, businessDate: "2026-01-05", book: "cogoverned", accountCode: "6006", accountNameZh: "利息收入",
      amountFen: -1050, memo: "=SUM(A1)", postingMemo: "", sourceKind: "voucher", sourceId: null,
    });
    expect(row).toBe("1,2,2026-01-05,cogoverned,6006,利息收入,-10.50,'=SUM(A1),,voucher,\r\n");
  });
});

describe("the ledger query string", () => {
  it("falls back to defaults on bad values", () => {
    const q = parseLedgerQuery(new URLSearchParams("book=x&sort=drop table&dir=up&from=2026-02-30&to=&account=abc&source=nope&offset=-5"));
    expect(q).toEqual({ book: "cogoverned", sort: "date", dir: "desc", from: undefined, to: undefined, account: undefined, source: undefined, q: undefined, offset: 0 });
  });

  it("keeps good values and builds sort links", () => {
    const q = parseLedgerQuery(new URLSearchParams("book=public_revenue&sort=amount&dir=asc&from=2026-01-01&account=1002&q=利息&offset=50"));
    expect(q).toMatchObject({ book: "public_revenue", sort: "amount", dir: "asc", from: "2026-01-01", account: "1002", q: "利息", offset: 50 });
    expect(sortToggle(q, "amount")).toMatchObject({ sort: "amount", dir: "desc", offset: 0 });
    expect(sortToggle(q, "date")).toMatchObject({ sort: "date", dir: "desc" });
    expect(ledgerQueryString({ book: "cogoverned", offset: 0, q: undefined })).toBe("?book=cogoverned");
  });

  it("links sources and knows today's date in China", () => {
    expect(sourceHref("bill", "12")).toBe("/billing/bills/12");
    expect(sourceHref("income", "3", 8)).toBe("/attachments/8");
    expect(sourceHref("voucher", null)).toBeNull();
    expect(shanghaiDate(new Date("2026-03-31T16:30:00Z"))).toBe("2026-04-01");
  });
});

describe("the voucher form", () => {
  const base = { businessDate: "2026-03-31", memo: "利息", book: "cogoverned" };
  it("ignores blank lines and maps postings to form lines", () => {
    const parsed = voucherFormSchema.safeParse({ ...base, lines: [{}, { account: "1002", debit: "12.34" }, {}, { account: "6006", credit: "12.34" }] });
    expect(parsed.success).toBe(true);
    const { input, formLines } = voucherEntry(parsed.data!);
    expect(input.postings.map((p) => p.amountFen)).toEqual([1234, -1234]);
    expect(formLines).toEqual([1, 3]);
  });

  it.each([
    [[{ account: "1002", debit: "12.345" }, { account: "6006", credit: "12.34" }], "errors.money.too_many_decimals"],
    [[{ account: "1002", debit: "abc" }, { account: "6006", credit: "12.34" }], "errors.money.invalid"],
    [[{ account: "1002", debit: "1", credit: "1" }, { account: "6006", credit: "1" }], "ledger.form.oneSide"],
    [[{ debit: "1" }, { account: "6006", credit: "1" }], "ledger.form.accountRequired"],
    [[{ account: "1002", debit: "0" }, { account: "6006", credit: "1" }], "ledger.form.zeroAmount"],
    [[{ account: "1002", debit: "1" }], "ledger.errors.tooFewPostings"],
  ])("refuses %j", (lines, message) => {
    const parsed = voucherFormSchema.safeParse({ ...base, lines });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message)).toContain(message);
  });
});
