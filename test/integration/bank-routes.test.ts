import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "~/i18n/i18n";
import { BalanceAlarm } from "~/components/BalanceAlarm";
import * as bankIndex from "~/routes/bank._index";
import * as bankImport from "~/routes/bank.import";
import * as bankMappings from "~/routes/bank.mappings";
import { verifyDatabase } from "~/services/audit-verify.server";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { postVoucher } from "~/services/ledger/entries.server";
import { bankDigest, fixture, utf8 } from "../support/bank";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";

const cookies: Record<string, string> = {};
const db = testDb();

beforeAll(async () => {
  await ensureDemoCommunity(db);
  for (const who of ["manager", "committee1", "auditor"]) cookies[who] = (await signIn(who, DEMO_PASSWORD)).cookie;
}, 60_000);

function uploadForm(bytes: Uint8Array, name: string): FormData {
  const form = new FormData();
  form.append("intent", "upload");
  form.append("statement", new File([Buffer.from(bytes)], name));
  return form;
}

async function upload(bytes: Uint8Array, name: string): Promise<string> {
  const result = await bankImport.action({ request: makeRequest("/bank/import", { form: uploadForm(bytes, name), cookie: cookies.manager }), params: {}, context: CONTEXT });
  expect(result).toBeInstanceOf(Response);
  const location = (result as Response).headers.get("Location") ?? "";
  expect(location).toMatch(/^\/bank\/import\?file=[0-9a-f]{64}&filename=/);
  return new URL(location, "http://localhost").searchParams.get("file")!;
}

const GBK_FORM = { intent: "import", book: "cogoverned", filename: "icbc.csv", headerRow: "4", date: "交易日期", debit: "借方发生额", credit: "贷方发生额", counterparty: "对方户名", memo: "摘要", balance: "余额", reference: "流水号" };

async function postImport(fields: Record<string, string>, who = "manager") {
  return bankImport.action({ request: makeRequest("/bank/import", { form: fields, cookie: cookies[who] }), params: {}, context: CONTEXT });
}

async function expectRefused(promise: Promise<unknown>, status = 400) {
  const result = await promise;
  expect(isDataWithInit(result), JSON.stringify(result)).toBe(true);
  if (!isDataWithInit(result)) throw new Error("unreachable");
  expect(result.init?.status).toBe(status);
  return result.data as unknown as { lastResult: { error?: Record<string, string[]> }; problems: { code: string; line?: number }[] | null };
}

describe("bank pages: roles", () => {
  it("committee and auditors read /bank and /bank/mappings but cannot act; the import page is the manager's", async () => {
    for (const who of ["committee1", "auditor"]) {
      const page = (await bankIndex.loader({ request: makeRequest("/bank", { cookie: cookies[who] }), params: {}, context: CONTEXT })) as { canAct: boolean };
      expect(page.canAct).toBe(false);
      const mappings = (await bankMappings.loader({ request: makeRequest("/bank/mappings", { cookie: cookies[who] }), params: {}, context: CONTEXT })) as { canAct: boolean };
      expect(mappings.canAct).toBe(false);
      const importPage = await settle(bankImport.loader({ request: makeRequest("/bank/import", { cookie: cookies[who] }), params: {}, context: CONTEXT }));
      expect((importPage.value as Response).status).toBe(403);
    }
  });

  it("an auditor importing gets 403 and nothing is written", async () => {
    const hash = await upload(fixture("icbc-gbk.csv"), "icbc.csv");
    const before = bankDigest(db);
    for (const [mod, url, form] of [
      [bankImport, "/bank/import", { ...GBK_FORM, file: hash }],
      [bankIndex, "/bank", { intent: "auto_match", book: "cogoverned" }],
      [bankMappings, "/bank/mappings", { name: "x", headerRow: "1", date: "d", amount: "a" }],
    ] as const) {
      const outcome = await settle(mod.action({ request: makeRequest(url, { form, cookie: cookies.auditor }), params: {}, context: CONTEXT }));
      expect(outcome.threw).toBe(true);
      expect((outcome.value as Response).status).toBe(403);
    }
    expect(bankDigest(db)).toEqual(before);
  });
});

describe("bank pages: import flow", () => {
  it("uploads, previews with the detected encoding and header, imports, and a second import adds nothing", async () => {
    const hash = await upload(fixture("icbc-gbk.csv"), "icbc.csv");
    const preview = (await bankImport.loader({ request: makeRequest(`/bank/import?file=${hash}&filename=icbc.csv`, { cookie: cookies.manager }), params: {}, context: CONTEXT })) as {
      preview: { encoding: string; format: string; headerRow: number; headers: string[]; rows: string[][] }; defaults: Record<string, unknown>;
    };
    expect(preview.preview).toMatchObject({ encoding: "gb18030", format: "csv", headerRow: 4 });
    expect(preview.preview.headers).toContain("贷方发生额");
    expect(preview.preview.rows.length).toBe(9);
    expect(preview.defaults).toMatchObject({ date: "交易日期", debit: "借方发生额", credit: "贷方发生额", balance: "余额" });

    const before = bankDigest(db);
    const first = await postImport({ ...GBK_FORM, file: hash });
    expect((first as Response).headers.get("Location")).toBe("/bank?book=cogoverned&newCount=5&existingCount=0");
    expect(bankDigest(db)).toMatchObject({ bank_imports: before.bank_imports + 1, bank_lines: before.bank_lines + 5, maxSeq: before.maxSeq + 1 });

    const middle = bankDigest(db);
    const second = await postImport({ ...GBK_FORM, file: hash });
    expect((second as Response).headers.get("Location")).toBe("/bank?book=cogoverned&newCount=0&existingCount=5");
    expect(bankDigest(db)).toEqual(middle);
  });

  it.each([
    ["a bad row", "Date,Amount\n2026-03-01,1.00\n2026-03-02,abc\n", { date: "Date", amount: "Amount", headerRow: "1" }, "bank.errors.amount"],
    ["an unknown date format", "Date,Amount\n01.03.2026,1.00\n", { date: "Date", amount: "Amount", headerRow: "1" }, "bank.errors.dateFormat"],
    ["a mapping naming a missing column", "Date,Amount\n2026-03-01,1.00\n", { date: "Date", amount: "金额", headerRow: "1" }, "bank.errors.missingColumn"],
    ["a row with both debit and credit", "D,Out,In\n2026-03-01,1.00,2.00\n", { date: "D", debit: "Out", credit: "In", headerRow: "1" }, "bank.errors.bothAmounts"],
  ])("refuses %s with the line and writes nothing", async (_label, csv, mapping, code) => {
    const hash = await upload(utf8(csv), "bad.csv");
    const before = bankDigest(db);
    const reply = await expectRefused(postImport({ intent: "import", book: "public_revenue", filename: "bad.csv", file: hash, ...mapping }));
    expect(reply.problems?.map((p) => p.code)).toEqual([code]);
    expect(reply.problems?.[0]?.line).toBeTypeOf("number");
    expect(bankDigest(db)).toEqual(before);
  });

  it("refuses an undecodable file at the preview and at the import", async () => {
    const garbage = new Uint8Array([0x00, 0xff, 0xfe, 0x01, 0x80, 0xff, 0x7f]);
    const hash = await upload(garbage, "garbage.bin");
    const page = (await bankImport.loader({ request: makeRequest(`/bank/import?file=${hash}`, { cookie: cookies.manager }), params: {}, context: CONTEXT })) as { problems: { code: string }[]; preview: unknown };
    expect(page.problems).toEqual([{ code: "bank.errors.encoding" }]);
    expect(page.preview).toBeNull();
    const before = bankDigest(db);
    const reply = await expectRefused(postImport({ intent: "import", book: "cogoverned", filename: "g.bin", file: hash, headerRow: "1", date: "D", amount: "A" }));
    expect(reply.lastResult.error?.[""]).toEqual(["bank.errors.encoding"]);
    expect(bankDigest(db)).toEqual(before);
  });

  it("refuses a mapping with a mixed amount layout (400, field error) and an unknown upload", async () => {
    const before = bankDigest(db);
    const mixed = await expectRefused(postImport({ ...GBK_FORM, file: "a".repeat(64), amount: "余额" }));
    expect(mixed.lastResult.error?.amount).toEqual(["bank.errors.amountLayout"]);
    const gone = await expectRefused(postImport({ ...GBK_FORM, file: "b".repeat(64) }));
    expect(gone.lastResult.error?.[""]).toEqual(["bank.errors.fileMissing"]);
    expect(bankDigest(db)).toEqual(before);
  });

  it("saves a mapping from the import page and from /bank/mappings (update by name)", async () => {
    const hash = await upload(fixture("icbc-gbk.csv"), "icbc.csv");
    const saved = await postImport({ ...GBK_FORM, intent: "save_mapping", file: hash, name: "工商银行" });
    expect((saved as Response).headers.get("Location")).toMatch(new RegExp(`^/bank/import\\?file=${hash}&filename=icbc\\.csv&mapping=\\d+$`));
    const update = await bankMappings.action({ request: makeRequest("/bank/mappings", { form: { name: "工商银行", headerRow: "4", date: "交易日期", amount: "余额" }, cookie: cookies.manager }), params: {}, context: CONTEXT });
    expect((update as Response).status).toBe(302);
    const list = (await bankMappings.loader({ request: makeRequest("/bank/mappings", { cookie: cookies.manager }), params: {}, context: CONTEXT })) as { mappings: { name: string; mapping: unknown }[] };
    expect(list.mappings).toEqual([{ id: expect.any(Number), name: "工商银行", mapping: { headerRow: 4, date: "交易日期", amount: "余额" } }]);
    const bad = await expectRefused(bankMappings.action({ request: makeRequest("/bank/mappings", { form: { name: "", headerRow: "0", date: "d" }, cookie: cookies.manager }), params: {}, context: CONTEXT }));
    expect(bad.lastResult.error).toMatchObject({ name: ["errors.required"], headerRow: ["bank.errors.headerRow"] });
  });
});

describe("bank pages: matching, assertions and the alarm", () => {
  it("auto-matches, refuses a manual match with a different amount, and raises the alarm on a failing balance", async () => {
    const manager = "manager-route-test";
    const entry = (businessDate: string, amountFen: number, memo: string) => postVoucher(db, {
      businessDate, memo, postings: [{ book: "cogoverned", accountCode: "1002", amountFen }, { book: "cogoverned", accountCode: amountFen > 0 ? "6006" : "6604", amountFen: -amountFen }],
    }, manager).entry;
    entry("2026-01-01", 1000000, "期初");
    entry("2026-01-05", 120000, "物业费");
    const odd = entry("2026-01-06", 999, "利息（错）");

    const auto = await bankIndex.action({ request: makeRequest("/bank", { form: { intent: "auto_match", book: "cogoverned" }, cookie: cookies.manager }), params: {}, context: CONTEXT });
    expect((auto as Response).headers.get("Location")).toBe("/bank?book=cogoverned&matched=1");

    const page = (await bankIndex.loader({ request: makeRequest("/bank?book=cogoverned", { cookie: cookies.manager }), params: {}, context: CONTEXT })) as {
      canAct: boolean; unmatchedLines: { id: number; amountFen: number }[]; failing: { asOf: string }[]; assertions: { ok: boolean; asOf: string }[];
    };
    expect(page.canAct).toBe(true);
    const interestLine = page.unmatchedLines.find((l) => l.amountFen === 321)!;
    const before = bankDigest(db);
    const reply = await expectRefused(bankIndex.action({ request: makeRequest("/bank", { form: { intent: "match", book: "cogoverned", bankLineId: String(interestLine.id), entryId: String(odd.id) }, cookie: cookies.manager }), params: {}, context: CONTEXT }));
    expect(reply.lastResult.error?.entryId).toEqual(["bank.errors.amountDiffers"]);
    expect(bankDigest(db)).toEqual(before);

    // Newest first. Only 01-05 agrees: the ledger lacks the interest, the power bill and the fees the bank shows later.
    expect(page.assertions.map((a) => [a.asOf, a.ok])).toEqual([["2026-01-09", false], ["2026-01-08", false], ["2026-01-06", false], ["2026-01-05", true]]);
    expect(page.failing.map((f) => f.asOf)).toEqual(["2026-01-06", "2026-01-08", "2026-01-09"]);
    const html = renderToString(createElement(I18nextProvider, { i18n: createI18n("zh-CN") }, createElement(BalanceAlarm, { failing: page.failing as never })));
    expect(html).toContain('role="alert"');
    expect(html).toContain("余额核对不符");
    expect(html).toContain("共管账户 2026-01-06：银行 ¥11,203.21");
    expect(renderToString(createElement(BalanceAlarm, { failing: [] }))).toBe("");

    const manual = await bankIndex.action({ request: makeRequest("/bank", { form: { intent: "assert", book: "public_revenue", asOf: "2026-01-31", expected: "12.345" }, cookie: cookies.manager }), params: {}, context: CONTEXT });
    expect((await expectRefused(Promise.resolve(manual))).lastResult.error?.expected).toEqual(["errors.money.too_many_decimals"]);
    const ok = await bankIndex.action({ request: makeRequest("/bank", { form: { intent: "assert", book: "public_revenue", asOf: "2026-01-31", expected: "0.00" }, cookie: cookies.manager }), params: {}, context: CONTEXT });
    expect((ok as Response).status).toBe(302);
  });

  it("every row written matches its audit event", () => {
    const result = verifyDatabase(db);
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });
});
