/**
 * The published statements exported (section H2), and the auditors' export
 * page and streamed downloads for every kind.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fenToDecimalString } from "~/domain/money";
import { parsePeriod, type StatementSnapshot } from "~/domain/statements/snapshot";
import { eventCount } from "~/services/audit.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import { getCommunity, updateCommunity } from "~/services/community.server";
import { DEMO_PASSWORD } from "~/services/demo.server";
import { exportStatements } from "~/services/statements/export.server";
import * as downloadRoute from "~/routes/auditor.export.$kind.$format";
import * as exportsPage from "~/routes/auditor.exports";
import { testDb } from "../support/db";
import { demoWithStatements, exportCli, linesOf, tempDir, writeBuffer, writeFile } from "../support/exports";
import { CONTEXT, makeRequest, settle, signIn } from "../support/http";

const db = testDb();
const dir = tempDir("mz-statements-export-");
const cookies: Record<string, string> = {};
interface Published { id: number; period: string; revision: number; hash: string; snapshot: string }
let published: Published[] = [];

beforeAll(async () => {
  await demoWithStatements(db);
  published = db.$client.prepare("SELECT id, period, revision, hash, snapshot FROM published_statements ORDER BY id").all() as Published[];
  for (const who of ["auditor", "committee1", "manager", "owner", "admin"]) cookies[who] = (await signIn(who, DEMO_PASSWORD)).cookie;
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type JsonElement = { id: number; period: string; revision: number; hash: string; publishedAt: string; auditHead: { seq: number; hash: string }; previousHash: string | null; supersedesHash: string | null; snapshot: string };
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const snapshotOf = (text: string) => JSON.parse(text) as StatementSnapshot;

describe("JSON", () => {
  it("holds every revision oldest first, each snapshot the exact text whose SHA-256 is its hash", async () => {
    const text = (await writeBuffer((out) => exportStatements(db, out, { format: "json" }))).toString("utf8");
    const elements = JSON.parse(text) as JsonElement[];
    expect(published.length).toBeGreaterThanOrEqual(9);
    expect(elements.map((e) => e.id)).toEqual(published.map((p) => p.id));
    for (const e of elements) {
      expect(Object.keys(e)).toEqual(["id", "period", "revision", "hash", "publishedAt", "auditHead", "previousHash", "supersedesHash", "snapshot"]);
      expect(sha256(e.snapshot)).toBe(e.hash);
      expect(snapshotOf(e.snapshot).auditHead).toEqual(e.auditHead);
    }
    expect(elements.some((e) => e.supersedesHash !== null)).toBe(true);
  });

  it("selects the periods ending within from..to, and gives [] for none", async () => {
    const range = { from: "2025-04-01", to: "2025-09-30" };
    const elements = JSON.parse((await writeBuffer((out) => exportStatements(db, out, { format: "json", ...range }))).toString("utf8")) as JsonElement[];
    const expected = published.filter((p) => { const end = parsePeriod(p.period)!.endDate; return end >= range.from && end <= range.to; });
    expect(elements.map((e) => e.id)).toEqual(expected.map((p) => p.id));
    const none = (await writeBuffer((out) => exportStatements(db, out, { format: "json", from: "2001-01-01", to: "2001-12-31" }))).toString("utf8");
    expect(JSON.parse(none)).toEqual([]);
  });
});

describe("CSV and XLSX", () => {
  it("CSV: one row per line, amounts as yuan text, each revision's closing balances as in its snapshot", async () => {
    const text = (await writeBuffer((out) => exportStatements(db, out, { format: "csv" }))).toString("utf8");
    expect(text.startsWith("\uFEFFperiod,revision,hash,book,section,line_key,line_name,amount\r\n")).toBe(true);
    const rows = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(rows.errors).toEqual([]);
    expect(rows.data.every((r) => /^-?\d+\.\d{2}$/.test(r.amount!))).toBe(true);
    expect(new Set(rows.data.map((r) => r.hash))).toEqual(new Set(published.map((p) => p.hash)));
    for (const p of published) {
      const snapshot = JSON.parse(p.snapshot) as StatementSnapshot;
      for (const book of ["cogoverned", "public_revenue"] as const) {
        const closing = rows.data.find((r) => r.hash === p.hash && r.book === book && r.section === "closing");
        expect(closing?.amount).toBe(fenToDecimalString(snapshot.figures.books[book].closingFen));
        const income = rows.data.filter((r) => r.hash === p.hash && r.book === book && r.section === "income");
        expect(income.map((r) => r.line_key)).toEqual(snapshot.figures.books[book].income.map((l) => l.key));
      }
    }
  });

  it("XLSX: the same rows, amounts as numbers of yuan formatted #,##0.00", async () => {
    const csv = Papa.parse<string[]>((await writeBuffer((out) => exportStatements(db, out, { format: "csv" }))).toString("utf8").slice(1), { skipEmptyLines: true }).data;
    const file = path.join(dir, "statements.xlsx");
    const written = await writeFile(file, (out) => exportStatements(db, out, { format: "xlsx" }));
    expect(written.statements).toBe(published.length);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet("statements")!;
    expect(sheet.rowCount).toBe(csv.length);
    for (const n of [2, 10, sheet.rowCount]) {
      const cell = sheet.getRow(n).getCell(8);
      expect(typeof cell.value).toBe("number");
      expect(cell.numFmt).toBe("#,##0.00");
      expect(cell.value).toBe(Number(csv[n - 1]![7])); // the number the decimal text names, not a float computation
    }
  }, 60_000);
});

describe("the CLI", () => {
  it("writes the JSON (exit 0), and refuses bad usage with exit 2 and no file", () => {
    const file = path.join(dir, "cli.json");
    const ok = exportCli(["statements", "--format", "json", "--out", file]);
    expect(ok.status, ok.stderr).toBe(0);
    expect((JSON.parse(fs.readFileSync(file, "utf8")) as unknown[]).length).toBe(published.length);
    const bad = path.join(dir, "bad.json");
    for (const args of [["--format", "jsonl", "--out", bad], ["--format", "json", "--out", bad, "--to", "2026-02-30"]]) {
      const result = exportCli(["statements", ...args]);
      expect(result.status, result.stderr).toBe(2);
      expect(fs.existsSync(bad)).toBe(false);
      expect(fs.existsSync(`${bad}.partial`)).toBe(false);
    }
  }, 60_000);
});

const load = (url: string, who?: string) => {
  const [kind, format] = url.replace(/\?.*$/, "").split("/").slice(3);
  return settle(downloadRoute.loader({ request: makeRequest(url, { cookie: who ? cookies[who] : undefined }), params: { kind: kind!, format: format! }, context: CONTEXT }));
};

describe("the download routes", () => {
  it("streams the audit chain as JSON Lines to an auditor, one line per event", async () => {
    const { threw, value } = await load("/auditor/export/audit/jsonl", "auditor");
    expect(threw).toBe(false);
    const response = value as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/ndjson/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="audit-\d{4}-\d\d-\d\d\.jsonl"/);
    expect(linesOf(await response.text())).toHaveLength(eventCount(db));
  }, 30_000);

  it("gives a committee member the ledger (read on its own connection), the statements and the XLSX chain", async () => {
    const ledger = (await load("/auditor/export/ledger/csv?from=2026-01-01&to=2026-03-31", "committee1")).value as Response;
    expect(ledger.status).toBe(200);
    expect(ledger.headers.get("Content-Disposition")).toMatch(/ledger-\d{4}-\d\d-\d\d-from-2026-01-01-to-2026-03-31\.csv/);
    const rows = linesOf(await ledger.text(), "\r\n").slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => /,2026-0[123]-\d\d,/.test(r))).toBe(true);
    const journal = (await load("/auditor/export/ledger/journal", "committee1")).value as Response;
    expect(await journal.text()).toContain("共管账户");
    const statements = (await load("/auditor/export/statements/json?from=&to=", "committee1")).value as Response;
    expect((JSON.parse(await statements.text()) as unknown[]).length).toBe(published.length);
    const xlsx = (await load("/auditor/export/audit/xlsx", "auditor")).value as Response;
    expect(xlsx.headers.get("Content-Type")).toMatch(/spreadsheetml/);
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // a zip
  }, 60_000);

  it("answers an unknown kind or format with 404 and a bad date with 400 in the person's language", async () => {
    for (const url of ["/auditor/export/bank/csv", "/auditor/export/audit/json", "/auditor/export/ledger/xlsx"]) {
      const { threw, value } = await load(url, "auditor");
      expect(threw, url).toBe(true);
      expect((value as Response).status, url).toBe(404);
    }
    const bad = (await load("/auditor/export/audit/csv?from=2026-02-30", "auditor")).value as Response;
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("日期格式应为 YYYY-MM-DD");
    const inverted = (await load("/auditor/export/statements/csv?from=2026-06-01&to=2026-01-01", "auditor")).value as Response;
    expect(inverted.status).toBe(400);
    expect(await inverted.text()).toContain("起始日期不能晚于截止日期");
  });

  it("refuses managers, owners and the admin (403), and sends a visitor to the login page", async () => {
    for (const who of ["manager", "owner", "admin"]) {
      for (const result of [await load("/auditor/export/audit/jsonl", who), await settle(exportsPage.loader({ request: makeRequest("/auditor/exports", { cookie: cookies[who] }), params: {}, context: CONTEXT }))]) {
        expect(result.threw, who).toBe(true);
        expect((result.value as Response).status, who).toBe(403);
      }
    }
    const anonymous = await load("/auditor/export/audit/jsonl?from=2026-01-01");
    expect(anonymous.threw).toBe(true);
    expect((anonymous.value as Response).status).toBe(302);
    expect((anonymous.value as Response).headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/auditor/export/audit/jsonl?from=2026-01-01")}`);
  });

  it("leaves the server's connection free for writes while a download is being streamed", async () => {
    const response = (await load("/auditor/export/audit/jsonl", "auditor")).value as Response;
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    const community = getCommunity(db)!;
    updateCommunity(db, { name: community.name, address: community.address, ...community.settings }, "system");
    await reader.cancel();
  });

  it("lists every kind with its formats on /auditor/exports, and nothing was written by any of this", async () => {
    const page = (await exportsPage.loader({ request: makeRequest("/auditor/exports", { cookie: cookies.auditor }), params: {}, context: CONTEXT }));
    expect(page.kinds.map((k) => [k.kind, k.formats])).toEqual([["audit", ["jsonl", "csv", "xlsx"]], ["ledger", ["journal", "csv"]], ["statements", ["json", "csv", "xlsx"]]]);
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
