/**
 * The printed notice and the downloads of published statements, on the demo
 * community's ledger with its statements published through the services
 * (2025Q1–2026Q1, the 2025 annual accounts, 2026Q1 corrected in revision 2):
 * CSV and XLSX carry the snapshot's totals exactly, the print page carries
 * the 大写 totals, hashes and QR code; unknown ids and formats are 404, and
 * when statements are not public a visitor is sent to log in.
 */
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { PrintNotice } from "~/components/statements/PrintNotice";
import { BOOKS, type Book } from "~/domain/ledger/chart";
import { fenToDecimalString, formatFen } from "~/domain/money";
import { fenToChineseCapitals } from "~/domain/chinese-capitals";
import type { StatementSnapshot } from "~/domain/statements/snapshot";
import { createI18n } from "~/i18n/i18n";
import * as downloadRoute from "~/routes/statements.$publishedId_.download.$format";
import * as printRoute from "~/routes/statements.$publishedId_.print";
import { verifyDatabase } from "~/services/audit-verify.server";
import { getCommunity, updateCommunity } from "~/services/community.server";
import { ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { ensureDemoStatements } from "~/services/demo/statements.server";
import { chainHeadRef } from "~/services/statements/figures.server";
import { getPublished, latestPublished, publishedRevision, type Published } from "~/services/statements/published.server";
import { testDb } from "../support/db";
import { CONTEXT, makeRequest, settle, signIn } from "../support/http";

const db = testDb();
let corrected: Published; // 2026Q1 revision 2
let first: Published; // 2025Q1, the first statement
let annual: Published; // 2025

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
  await ensureDemoStatements(db, { through: "2026Q1" });
  corrected = getPublished(db, latestPublished(db, "2026Q1")!.id)!;
  first = getPublished(db, publishedRevision(db, "2025Q1", 1)!.id)!;
  annual = getPublished(db, latestPublished(db, "2025")!.id)!;
}, 180_000);

async function download(id: number | string, format: string, cookie?: string) {
  return settle(downloadRoute.loader({ request: makeRequest(`/statements/${id}/download/${format}`, { cookie }), params: { publishedId: String(id), format }, context: CONTEXT }));
}

async function printData(id: number | string, cookie?: string) {
  return settle(printRoute.loader({ request: makeRequest(`/statements/${id}/print`, { cookie }), params: { publishedId: String(id) }, context: CONTEXT }));
}

function responseOf(result: { threw: boolean; value: unknown }): Response {
  expect(result.value).toBeInstanceOf(Response);
  return result.value as Response;
}

/** The fen of a "1234.56" text, exactly. */
function fenOfText(text: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a two-decimal amount: ${text}`);
  const fen = Number(m[2]) * 100 + Number(m[3]);
  return m[1] ? -fen : fen;
}

describe("CSV download", () => {
  it("is UTF-8 with a BOM, named by period and revision, and carries the snapshot's totals", async () => {
    const response = responseOf(await download(corrected.row.id, "csv"));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="statement-2026Q1-r2.csv"; filename*=UTF-8''statement-2026Q1-r2.csv`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header).toEqual(["项目", "账户", "科目代码", "科目名称", "金额（元）"]);
    for (const row of rows) expect(row[4]).toMatch(/^-?\d+\.\d{2}$/);

    const snapshot = corrected.snapshot;
    const bookName: Record<Book, string> = { cogoverned: "共管账户", public_revenue: "公共收益账户" };
    for (const book of BOOKS) {
      const b = snapshot.figures.books[book];
      const of = (section: string) => rows.filter((r) => r[0] === section && r[1] === bookName[book]);
      expect(of("期初余额").map((r) => fenOfText(r[4]!))).toEqual([b.openingFen]);
      expect(of("收入合计").map((r) => fenOfText(r[4]!))).toEqual([b.incomeTotalFen]);
      expect(of("支出合计").map((r) => fenOfText(r[4]!))).toEqual([b.spendingTotalFen]);
      expect(of("期末余额（银行余额）").map((r) => fenOfText(r[4]!))).toEqual([b.closingFen]);
      expect(of("收入").reduce((sum, r) => sum + fenOfText(r[4]!), 0)).toBe(b.incomeTotalFen);
      expect(of("支出").reduce((sum, r) => sum + fenOfText(r[4]!), 0)).toBe(b.spendingTotalFen);
      expect(of("付款明细").reduce((sum, r) => sum + fenOfText(r[4]!), 0)).toBe(b.payments.reduce((sum, p) => sum + p.amountFen, 0));
    }
    // The correction's interest (¥86.40) is in the public-revenue income of revision 2.
    expect(snapshot.supersedes?.reason).toContain("86.40");
    expect(rows.some((r) => r[0] === "收缴率" && r[2] === "2026Q1.of_quarter.received")).toBe(true);
  });

  it("is served with a validator and answers a matching conditional request with 304", async () => {
    const response = responseOf(await download(first.row.id, "csv"));
    const etag = response.headers.get("ETag");
    expect(etag).toMatch(/^".+-csv-zh-CN"$/);
    const again = await downloadRoute.loader({
      request: new Request(`http://localhost/statements/${first.row.id}/download/csv`, { headers: { "If-None-Match": etag! } }),
      params: { publishedId: String(first.row.id), format: "csv" }, context: CONTEXT,
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});

describe("snapshot download", () => {
  it("gives the exact bytes the statement hash covers", async () => {
    const response = responseOf(await download(corrected.row.id, "json"));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(corrected.row.hash);
    expect(response.headers.get("Content-Disposition")).toContain("statement-2026Q1-r2.json");
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(corrected.snapshot);
  });
});

describe("XLSX download", () => {
  it("has a summary sheet and one sheet per book, amounts as numbers with #,##0.00 equal to the snapshot", async () => {
    const response = responseOf(await download(annual.row.id, "xlsx"));
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("Content-Disposition")).toContain(`filename*=UTF-8''statement-2025-r1.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["汇总", "共管账户", "公共收益账户"]);

    const snapshot = annual.snapshot;
    const summary = workbook.getWorksheet("汇总")!;
    const cellsOf = (sheet: ExcelJS.Worksheet) => {
      const rows: ExcelJS.Row[] = [];
      sheet.eachRow((row) => rows.push(row));
      return rows;
    };
    const labelled = (sheet: ExcelJS.Worksheet, col: number, label: string) => cellsOf(sheet).filter((r) => r.getCell(col).value === label);
    expect(labelled(summary, 1, "公示哈希")[0]!.getCell(2).value).toBe(annual.row.hash);
    expect(labelled(summary, 1, "审计链头")[0]!.getCell(2).value).toBe(`#${snapshot.auditHead.seq} ${snapshot.auditHead.hash}`);
    expect(labelled(summary, 1, "小区")[0]!.getCell(2).value).toBe(snapshot.community.name);
    expect(labelled(summary, 1, "版本")[0]!.getCell(2).value).toBe(1);

    for (const book of BOOKS) {
      const b = snapshot.figures.books[book];
      const name = book === "cogoverned" ? "共管账户" : "公共收益账户";
      const row = labelled(summary, 1, name)[0]!;
      [b.openingFen, b.incomeTotalFen, b.spendingTotalFen, b.closingFen].forEach((fen, i) => {
        const cell = row.getCell(i + 2);
        expect(typeof cell.value).toBe("number");
        expect(cell.value).toBe(Number(fenToDecimalString(fen)));
        expect(Math.round((cell.value as number) * 100)).toBe(fen);
        expect(cell.numFmt).toBe("#,##0.00");
      });
      const sheet = workbook.getWorksheet(name)!;
      const closing = labelled(sheet, 1, "期末余额（银行余额）")[0]!.getCell(4);
      expect(closing.value).toBe(Number(fenToDecimalString(b.closingFen)));
      expect(closing.numFmt).toBe("#,##0.00");
      const spending = labelled(sheet, 1, "支出").reduce((sum, r) => sum + Math.round((r.getCell(4).value as number) * 100), 0);
      expect(spending).toBe(b.spendingTotalFen);
    }
    // A year's statement holds the rates of its four quarters.
    expect(snapshot.figures.collection.map((c) => c.quarter)).toEqual(["2025Q1", "2025Q2", "2025Q3", "2025Q4"]);
  });
});

describe("print page", () => {
  it("gives the notice its hash, audit head and a QR code of the online address", async () => {
    const result = await printData(corrected.row.id);
    expect(result.threw).toBe(false);
    const loaded = result.value as Awaited<ReturnType<typeof printRoute.loader>>;
    expect(loaded).toMatchObject({ id: corrected.row.id, hash: corrected.row.hash, revision: 2, latest: true, lang: "zh-CN", onlineUrl: `http://localhost/statements/${corrected.row.id}` });
    expect(loaded.qrSvg.startsWith("<svg")).toBe(true);
  });

  it("prints the title, the correction, the totals in 大写, the signatures, the window and the hashes", () => {
    const html = render(corrected, "zh-CN");
    const s = corrected.snapshot;
    expect(html).toContain(`${s.community.name} 2026年第1季度 共管账户及公共收益账户收支情况公示`);
    expect(html).toContain(`更正版，更正原因：${s.supersedes!.reason}`);
    expect(html).toContain(corrected.row.supersedesHash!);
    for (const book of BOOKS) {
      const b = s.figures.books[book];
      for (const fen of [b.incomeTotalFen, b.spendingTotalFen, b.closingFen]) {
        expect(html).toContain(formatFen(fen));
        expect(html).toContain(fenToChineseCapitals(fen));
      }
    }
    expect(html).toContain("业主委员会（盖章）");
    expect(html).toContain("物业服务企业（盖章）");
    expect(html).toContain(`${s.postingWindow.from} 至 ${s.postingWindow.to}`);
    expect(html).toContain(corrected.row.hash);
    expect(html).toContain(s.auditHead.hash);
    expect(html).toContain(s.previousHash!);
    expect(html).toContain("<svg");
    expect(html).toContain("工作情况汇报");
  });

  it("says there is no previous statement on the first one, and titles annual accounts as 决算", () => {
    expect(render(first, "zh-CN")).toContain("无（首期公示）");
    expect(render(annual, "zh-CN")).toContain(`${annual.snapshot.community.name} 2025年度决算公示`);
  });

  it("escapes what was typed in the work report", () => {
    const snapshot: StatementSnapshot = { ...first.snapshot, workReport: "<script>alert(1)</script>\n- <b>x</b>" };
    const html = render({ ...first, snapshot }, "en");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

function render(published: Published, lang: "zh-CN" | "en"): string {
  const i18n = createI18n(lang);
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n },
    createElement(PrintNotice, {
      snapshot: published.snapshot, hash: published.row.hash, revision: published.row.revision, latest: published.latest,
      onlineUrl: `http://localhost/statements/${published.row.id}`, qrSvg: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", lang,
    })));
}

describe("refusals and access", () => {
  it("answers 404 for an unknown statement, a bad id and an unknown format, and writes nothing", async () => {
    const headBefore = chainHeadRef(db).seq;
    for (const result of [await download(999_999, "csv"), await download("abc", "csv"), await download(first.row.id, "pdf"), await download(first.row.id, "CSV"), await printData(999_999), await printData("0")]) {
      expect(result.threw).toBe(true);
      expect(responseOf(result).status).toBe(404);
    }
    expect(chainHeadRef(db).seq).toBe(headBefore);
  });

  it("sends a visitor to log in when statements are not public; owners still read them, an admin may not", async () => {
    const before = getCommunity(db)!;
    updateCommunity(db, { name: before.name, address: before.address, billingPeriod: before.settings.billingPeriod, postingMinDays: before.settings.postingMinDays, statementsPublic: false }, "system");
    try {
      for (const result of [await download(first.row.id, "csv"), await printData(first.row.id)]) {
        expect(result.threw).toBe(true);
        const response = responseOf(result);
        expect(response.status).toBe(302);
        expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
      }
      const owner = await signIn("owner", "mingzhang-demo");
      expect(responseOf(await download(first.row.id, "xlsx", owner.cookie)).status).toBe(200);
      expect((await printData(first.row.id, owner.cookie)).threw).toBe(false);
      const admin = await signIn("admin", "mingzhang-demo");
      expect(responseOf(await download(first.row.id, "csv", admin.cookie)).status).toBe(403);
    } finally {
      updateCommunity(db, { name: before.name, address: before.address, billingPeriod: before.settings.billingPeriod, postingMinDays: before.settings.postingMinDays, statementsPublic: true }, "system");
    }
    // Public again: anyone reads.
    expect(responseOf(await download(first.row.id, "csv")).status).toBe(200);
  });

  it("leaves the database verifiable", () => {
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
