/**
 * The ledger pages as a browser uses them: loaders and actions called with
 * real Requests. Vouchers are posted through the page's action; bad input is
 * answered with a message and nothing written.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import * as ledgerIndex from "~/routes/ledger._index";
import * as ledgerNew from "~/routes/ledger.new";
import * as ledgerEntry from "~/routes/ledger.entries.$entryId";
import * as ledgerBalances from "~/routes/ledger.balances";
import * as ledgerCsv from "~/routes/ledger.export[.]csv";
import { parseLedgerQuery } from "~/domain/ledger/ledger-query";
import { fenToDecimalString } from "~/domain/money";
import { verifyDatabase } from "~/services/audit-verify.server";
import { balancesOn } from "~/services/ledger/entries.server";
import { ledgerViewBatches } from "~/services/ledger/queries.server";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";

const db = testDb();
const cookies: Record<string, string> = {};
type Args = { request: Request; params: Record<string, string>; context: typeof CONTEXT };

function snapshot() {
  const n = (sql: string) => (db.$client.prepare(sql).get() as { n: number | null }).n;
  return {
    entries: n("SELECT count(*) n FROM journal_entries"),
    postings: n("SELECT count(*) n FROM postings"),
    seq: n("SELECT max(seq) n FROM audit_events"),
  };
}

/** A voucher form: lines as [account, debit, credit]; six lines like the page, the rest blank. */
function voucherForm(fields: { businessDate?: string; memo?: string; book?: string }, lines: [string, string, string][]) {
  const form: Record<string, string> = { businessDate: fields.businessDate ?? "2026-03-31", memo: fields.memo ?? "测试凭证", book: fields.book ?? "cogoverned" };
  for (let i = 0; i < Math.max(6, lines.length); i += 1) {
    const [account, debit, credit] = lines[i] ?? ["", "", ""];
    form[`lines[${i}].account`] = account;
    form[`lines[${i}].debit`] = debit;
    form[`lines[${i}].credit`] = credit;
  }
  return form;
}

async function post(who: string, form: Record<string, string>) {
  return settle(ledgerNew.action({ request: makeRequest("/ledger/new", { form, cookie: cookies[who] }), params: {}, context: CONTEXT } as Args));
}

async function postOk(form: Record<string, string>): Promise<number> {
  const outcome = await post("manager", form);
  const response = outcome.value as Response;
  expect(response instanceof Response, JSON.stringify(outcome.value)).toBe(true);
  expect(response.status).toBe(302);
  const match = /^\/ledger\/entries\/(\d+)$/.exec(response.headers.get("Location") ?? "");
  expect(match).not.toBeNull();
  return Number(match![1]);
}

async function ledgerPage(query: string, who = "auditor") {
  const result = await ledgerIndex.loader({ request: makeRequest(`/ledger${query}`, { cookie: cookies[who] }), params: {}, context: CONTEXT } as Args);
  return result as Awaited<ReturnType<typeof ledgerIndex.loader>>;
}

function errorsOf(value: unknown): string[] {
  expect(isDataWithInit(value), JSON.stringify(value)).toBe(true);
  const reply = (value as { data: { lastResult: { error?: Record<string, string[] | null> | null }; problem?: { key: string } } }).data;
  const fieldErrors = Object.values(reply.lastResult.error ?? {}).flatMap((e) => e ?? []);
  return reply.problem ? [...fieldErrors, reply.problem.key] : fieldErrors;
}

let firstId = 0;

beforeAll(async () => {
  await ensureDemoCommunity(db);
  for (const who of ["manager", "committee1", "auditor", "owner", "admin"]) cookies[who] = (await signIn(who, DEMO_PASSWORD)).cookie;
  firstId = await postOk(voucherForm({ businessDate: "2026-01-05", memo: "期初余额" }, [["1002", "100,000.00", ""], ["3101", "", "100000"]]));
  // 60 small receipts over two quarters, so the view has more than one page.
  for (let i = 0; i < 60; i += 1) {
    const day = String((i % 28) + 1).padStart(2, "0");
    const month = i < 30 ? "02" : "05";
    await postOk(voucherForm({ businessDate: `2026-${month}-${day}`, memo: `利息 ${i}` }, [["1002", `${i + 1}.0${i % 10}`, ""], ["6006", "", `${i + 1}.0${i % 10}`]]));
  }
  await postOk(voucherForm({ businessDate: "2026-03-20", memo: "广告收入", book: "public_revenue" }, [["1002", "888.88", ""], ["6003", "", "888.88"]]));
}, 120_000);

describe("posting a voucher through the page", () => {
  it("shows six blank lines and only the book's accounts", async () => {
    const page = (await ledgerNew.loader({ request: makeRequest("/ledger/new?book=public_revenue", { cookie: cookies.manager }), params: {}, context: CONTEXT } as Args)) as Awaited<ReturnType<typeof ledgerNew.loader>>;
    expect(page.book).toBe("public_revenue");
    expect(page.accounts.map((a) => a.code)).toContain("6802");
    expect(page.accounts.map((a) => a.code)).not.toContain("6001");
  });

  it.each([
    ["an unbalanced voucher", voucherForm({}, [["1002", "10.00", ""], ["6006", "", "9.99"]]), "ledger.errors.unbalanced"],
    ["an unknown account", voucherForm({}, [["1002", "10.00", ""], ["9999", "", "10.00"]]), "ledger.errors.unknownAccount"],
    ["an account not in the book", voucherForm({ book: "public_revenue" }, [["1002", "10.00", ""], ["6001", "", "10.00"]]), "ledger.errors.accountNotInBook"],
    ["a non-numeric amount", voucherForm({}, [["1002", "十元", ""], ["6006", "", "10"]]), "errors.money.invalid"],
    ["a 3-decimal amount", voucherForm({}, [["1002", "10.001", ""], ["6006", "", "10.00"]]), "errors.money.too_many_decimals"],
    ["a bad date", voucherForm({ businessDate: "2026-02-30" }, [["1002", "10", ""], ["6006", "", "10"]]), "ledger.errors.badDate"],
    ["a single line", voucherForm({}, [["1002", "10", ""]]), "ledger.errors.tooFewPostings"],
    ["a voucher paying money out of the bank", voucherForm({}, [["3101", "10.00", ""], ["1002", "", "10.00"]]), "ledger.errors.voucherSpends"],
    ["a voucher booking spending", voucherForm({}, [["6603", "10.00", ""], ["2241", "", "10.00"]]), "ledger.errors.voucherSpends"],
    ["a public-revenue voucher spending", voucherForm({ book: "public_revenue" }, [["6802", "10.00", ""], ["1002", "", "10.00"]]), "ledger.errors.voucherSpends"],
  ])("refuses %s with a message and writes nothing", async (_label, form, code) => {
    const before = snapshot();
    const outcome = await post("manager", form);
    expect(outcome.threw).toBe(false);
    expect(errorsOf(outcome.value)).toContain(code);
    expect(snapshot()).toEqual(before);
  });

  it("names the form line a refusal concerns, counting blank lines", async () => {
    const form = voucherForm({}, [["", "", ""], ["1002", "10.00", ""], ["", "", ""], ["9999", "", "10.00"]]);
    const outcome = await post("manager", form);
    const problem = (outcome.value as { data: { problem: { key: string; formLine: number; params: { line: number } } } }).data.problem;
    expect(problem).toMatchObject({ key: "ledger.errors.unknownAccount", formLine: 3, params: { line: 2 } });
    const spends = await post("manager", voucherForm({}, [["", "", ""], ["3101", "10.00", ""], ["1002", "", "10.00"]]));
    expect((spends.value as { data: { problem: unknown } }).data.problem).toMatchObject({ key: "ledger.errors.voucherSpends", formLine: 2, params: { line: 2, accountCode: "1002" } });
  });

  it.each(["auditor", "committee1", "owner", "admin"])("answers 403 to %s, writing nothing", async (who) => {
    const before = snapshot();
    const outcome = await post(who, voucherForm({}, [["1002", "10", ""], ["6006", "", "10"]]));
    expect(outcome.threw).toBe(true);
    expect((outcome.value as Response).status).toBe(403);
    expect(snapshot()).toEqual(before);
  });
});

describe("the ledger page", () => {
  it("pages 50 postings at a time with totals over every filtered row", async () => {
    const page = await ledgerPage("?book=cogoverned&account=1002");
    expect(page.rows).toHaveLength(50);
    expect(page.totals.count).toBe(61);
    const all = balancesOn(db, "2099-12-31").find((b) => b.book === "cogoverned" && b.accountCode === "1002")!;
    expect(page.totals.netFen).toBe(all.balanceFen);
    expect(page.totals.creditFen).toBe(0);
    const second = await ledgerPage("?book=cogoverned&account=1002&offset=50");
    expect(second.rows).toHaveLength(11);
    expect(new Set([...page.rows, ...second.rows].map((r) => r.postingId)).size).toBe(61);
  });

  it("sorts on the server by date, amount and account, both ways", async () => {
    const byDate = await ledgerPage("?sort=date&dir=asc");
    expect(byDate.rows[0]!.businessDate).toBe("2026-01-05");
    const byAmount = await ledgerPage("?sort=amount&dir=desc");
    expect(byAmount.rows[0]!.amountFen).toBe(100_000_00);
    const amounts = byAmount.rows.map((r) => r.amountFen);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const byAccount = await ledgerPage("?sort=account&dir=asc");
    expect(byAccount.rows[0]!.accountCode).toBe("1002");
    const last = await ledgerPage("?sort=account&dir=desc");
    expect(last.rows[0]!.accountCode).toBe("6006");
  });

  it("filters by date range, source and memo text", async () => {
    const q2 = await ledgerPage("?from=2026-04-01&to=2026-06-30");
    expect(q2.totals.count).toBe(60);
    expect(q2.rows.every((r) => r.businessDate >= "2026-04-01" && r.businessDate <= "2026-06-30")).toBe(true);
    expect(q2.totals.netFen).toBe(0);
    const text = await ledgerPage(`?q=${encodeURIComponent("利息 1")}`);
    // 利息 1, 利息 10–19: 11 entries, two postings each.
    expect(text.totals.count).toBe(22);
    const none = await ledgerPage("?source=payment");
    expect(none.totals.count).toBe(0);
    const pr = await ledgerPage("?book=public_revenue");
    expect(pr.totals).toMatchObject({ count: 2, debitFen: 888_88, creditFen: 888_88, netFen: 0 });
  });

  it("falls back to defaults on a bad sort, direction, date or page (no 500)", async () => {
    const page = await ledgerPage("?sort=evil&dir=sideways&from=yesterday&to=2026-13-01&offset=-3&account=1002%27--&book=nope");
    expect(page.query).toMatchObject({ book: "cogoverned", sort: "date", dir: "desc", from: undefined, to: undefined, offset: 0, account: undefined });
    expect(page.rows).toHaveLength(50);
  });

  it("is readable by managers, committee members and auditors only", async () => {
    for (const who of ["manager", "committee1", "auditor"]) expect((await ledgerPage("", who)).rows.length).toBeGreaterThan(0);
    for (const who of ["owner", "admin"]) {
      const outcome = await settle(ledgerPage("", who));
      expect((outcome.value as Response).status).toBe(403);
    }
  });
});

describe("the CSV download", () => {
  it("is exactly the filtered view, every page, with a BOM and decimal amounts", async () => {
    const query = "?book=cogoverned&from=2026-01-01&to=2026-05-15&sort=amount&dir=asc";
    const response = (await ledgerCsv.loader({ request: makeRequest(`/ledger/export.csv${query}`, { cookie: cookies.committee1 }), params: {}, context: CONTEXT } as Args)) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("entry_id,line_no,date,book,account,account_name,amount,memo,posting_memo,source_kind,source_id");
    const { offset: _offset, ...filter } = parseLedgerQuery(new URLSearchParams(query));
    const expected = [...ledgerViewBatches(db, filter, 7)].flat();
    const page = await ledgerPage(query);
    expect(lines.length - 1).toBe(page.totals.count);
    expect(expected).toHaveLength(page.totals.count);
    expect(page.totals.count).toBeGreaterThan(50);
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(",");
      expect(cells[0]).toBe(String(expected[i]!.entryId));
      expect(cells[2]).toBe(expected[i]!.businessDate);
      expect(cells[6]).toBe(fenToDecimalString(expected[i]!.amountFen));
    });
    // Keyset batches give the same order as the page.
    expect(expected.slice(0, 50).map((r) => r.postingId)).toEqual(page.rows.map((r) => r.postingId));
  });

  it("is refused to owners", async () => {
    const outcome = await settle(ledgerCsv.loader({ request: makeRequest("/ledger/export.csv", { cookie: cookies.owner }), params: {}, context: CONTEXT } as Args));
    expect((outcome.value as Response).status).toBe(403);
  });
});

describe("an entry's page and its reversal", () => {
  const entryPage = async (id: number, who = "auditor") =>
    (await ledgerEntry.loader({ request: makeRequest(`/ledger/entries/${id}`, { cookie: cookies[who] }), params: { entryId: String(id) }, context: CONTEXT } as Args)) as Awaited<ReturnType<typeof ledgerEntry.loader>>;
  const reverse = (id: number, form: Record<string, string>, who = "manager") =>
    settle(ledgerEntry.action({ request: makeRequest(`/ledger/entries/${id}`, { form, cookie: cookies[who] }), params: { entryId: String(id) }, context: CONTEXT } as Args));

  it("shows the postings and the event that wrote the entry, in words", async () => {
    const page = await entryPage(firstId);
    expect(page.entry.memo).toBe("期初余额");
    expect(page.lines.map((l) => [l.posting.accountCode, l.posting.amountFen])).toEqual([["1002", 100_000_00], ["3101", -100_000_00]]);
    expect(page.events).toHaveLength(1);
    expect(page.events[0]).toMatchObject({ seq: page.entry.auditSeq, action: "ledger.post", subject: `entry:${firstId}` });
    expect(page.events[0]!.actorName).not.toMatch(/^\d+$/);
    expect(page.events[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(page.canReverse).toBe(false); // auditors read only
  });

  it("refuses a reversal without a reason, and one by an auditor, writing nothing", async () => {
    const before = snapshot();
    const noReason = await reverse(firstId, { reason: "  ", businessDate: "2026-06-30" });
    expect(errorsOf(noReason.value)).toContain("errors.required");
    const auditor = await reverse(firstId, { reason: "x", businessDate: "2026-06-30" }, "auditor");
    expect((auditor.value as Response).status).toBe(403);
    expect(snapshot()).toEqual(before);
  });

  it("reverses once, links both ways, and refuses to reverse twice", async () => {
    const done = await reverse(firstId, { reason: "期初录错", businessDate: "2026-06-30" });
    const location = (done.value as Response).headers.get("Location") ?? "";
    const reversalId = Number(/\/ledger\/entries\/(\d+)$/.exec(location)?.[1]);
    expect(reversalId).toBeGreaterThan(firstId);
    const original = await entryPage(firstId, "manager");
    expect(original.reversedBy?.id).toBe(reversalId);
    expect(original.canReverse).toBe(false);
    const reversal = await entryPage(reversalId, "committee1");
    expect(reversal.reverses?.id).toBe(firstId);
    expect(reversal.entry.reason).toBe("期初录错");
    expect(reversal.sourceHref).toBe(`/ledger/entries/${firstId}`);
    expect(reversal.lines.map((l) => l.posting.amountFen)).toEqual([-100_000_00, 100_000_00]);

    const before = snapshot();
    const twice = await reverse(firstId, { reason: "再来一次", businessDate: "2026-06-30" });
    expect(errorsOf(twice.value)).toContain("ledger.errors.alreadyReversed");
    const ofReversal = await reverse(reversalId, { reason: "冲销冲销", businessDate: "2026-06-30" });
    expect(errorsOf(ofReversal.value)).toContain("ledger.errors.reversalOfReversal");
    expect(snapshot()).toEqual(before);
  });

  it("answers 404 for an unknown entry", async () => {
    const outcome = await settle(entryPage(999_999));
    expect((outcome.value as Response).status).toBe(404);
  });
});

describe("the balances page", () => {
  it("groups balances per book and type, and each book nets to 0", async () => {
    const page = (await ledgerBalances.loader({ request: makeRequest("/ledger/balances?date=2026-03-31", { cookie: cookies.committee1 }), params: {}, context: CONTEXT } as Args)) as Awaited<ReturnType<typeof ledgerBalances.loader>>;
    expect(page.date).toBe("2026-03-31");
    for (const book of page.books) expect(book.debitFen).toBe(book.creditFen);
    const co = page.books.find((b) => b.book === "cogoverned")!;
    expect(co.groups.map((g) => g.type)).toEqual(["asset", "equity", "income"]);
    const pr = page.books.find((b) => b.book === "public_revenue")!;
    expect(pr.debitFen).toBe(888_88);
  });

  it("defaults to today on a bad date", async () => {
    const page = (await ledgerBalances.loader({ request: makeRequest("/ledger/balances?date=31/03/2026", { cookie: cookies.auditor }), params: {}, context: CONTEXT } as Args)) as Awaited<ReturnType<typeof ledgerBalances.loader>>;
    expect(page.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe("after all of it", () => {
  it("every row matches its audit event", () => {
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
