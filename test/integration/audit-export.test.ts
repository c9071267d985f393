/**
 * The audit chain exported (section H2): JSON Lines that the verifier reads,
 * CSV that parses back, XLSX split into sheets, Shanghai-day ranges, and the
 * CLI's exit codes with nothing left behind on failure.
 */
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { shanghaiDate } from "~/domain/calendar";
import { chainHead, eventCount } from "~/services/audit.server";
import { verifyDatabase, verifyJsonlFile } from "~/services/audit-verify.server";
import { getCommunity, updateCommunity } from "~/services/community.server";
import { countAuditEvents, exportAudit, shanghaiDayStartUtc } from "~/services/audit/export.server";
import { testDb } from "../support/db";
import { demoWithStatements, exportCli, linesOf, tempDir, writeBuffer, writeFile } from "../support/exports";

const db = testDb();
const dir = tempDir("mz-audit-export-");
const KEYS = ["seq", "at", "actor", "action", "subject", "data", "prev", "hash"];
let total = 0;

beforeAll(async () => {
  await demoWithStatements(db);
  total = eventCount(db);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("JSON Lines", () => {
  it("has one line per event, each with exactly the eight fields, and verifies from the zero hash to the head", async () => {
    const file = path.join(dir, "events.jsonl");
    const progress: [number, number][] = [];
    const written = await writeFile(file, (out) => exportAudit(db, out, { format: "jsonl", pageSize: 777 }, (done, all) => progress.push([done, all])));
    expect(written.events).toBe(total);
    expect(total).toBeGreaterThan(1000);
    const lines = linesOf(fs.readFileSync(file, "utf8"));
    expect(lines).toHaveLength(total);
    lines.forEach((line, i) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(event)).toEqual(KEYS);
      expect(event.seq).toBe(i + 1);
      expect(typeof event.data).toBe("object");
    });
    const verified = await verifyJsonlFile(file);
    expect(verified.ok).toBe(true);
    if (verified.ok) {
      expect(verified.eventCount).toBe(total);
      expect(verified.head).toEqual(chainHead(db));
    }
    expect(progress.at(-1)).toEqual([total, total]);
    expect(progress.length).toBeLessThan(total / 1000 + 2);
  }, 60_000);

  it("keeps the stored data text verbatim", async () => {
    const text = (await writeBuffer((out) => exportAudit(db, out, { format: "jsonl", to: "2100-01-01" }))).toString("utf8");
    const first = linesOf(text)[0]!;
    const stored = db.$client.prepare("SELECT data FROM audit_events WHERE seq = 1").pluck().get() as string;
    expect(first).toContain(`"data":${stored},"prev":`);
  });
});

describe("CSV", () => {
  it("parses back to the same events and hashes, with a BOM and the header", async () => {
    const text = (await writeBuffer((out) => exportAudit(db, out, { format: "csv" }))).toString("utf8");
    expect(text.startsWith("\uFEFFseq,at,actor,action,subject,prev,hash,data\r\n")).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(total);
    const hashes = db.$client.prepare("SELECT hash FROM audit_events ORDER BY seq").pluck().all() as string[];
    expect(parsed.data.map((r) => r.hash)).toEqual(hashes);
    const stored = db.$client.prepare("SELECT data FROM audit_events ORDER BY seq LIMIT 50").pluck().all() as string[];
    expect(parsed.data.slice(0, 50).map((r) => r.data)).toEqual(stored);
  }, 60_000);
});

describe("XLSX", () => {
  it("splits the events into sheets of at most the limit, each with its header row", async () => {
    const file = path.join(dir, "events.xlsx");
    const written = await writeFile(file, (out) => exportAudit(db, out, { format: "xlsx", sheetRows: 1000 }));
    expect(written.events).toBe(total);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheets = workbook.worksheets;
    expect(sheets.map((s) => s.name)).toEqual(Array.from({ length: Math.ceil(total / 1000) }, (_, i) => `events ${i + 1}`));
    let rows = 0;
    for (const sheet of sheets) {
      expect(sheet.getRow(1).values).toEqual([undefined, "seq", "at", "actor", "action", "subject", "prev", "hash", "data"]);
      expect(sheet.rowCount - 1).toBeLessThanOrEqual(1000);
      rows += sheet.rowCount - 1;
    }
    expect(rows).toBe(total);
    const last = sheets.at(-1)!;
    expect(last.getRow(last.rowCount).getCell(1).value).toBe(total);
    expect(last.getRow(last.rowCount).getCell(7).value).toBe(chainHead(db)!.hash);
  }, 120_000);
});

describe("a range of days (Asia/Shanghai)", () => {
  it("maps a day to its first instant in UTC", () => {
    expect(shanghaiDayStartUtc("2026-11-21")).toBe("2026-11-20T16:00:00.000Z");
    expect(shanghaiDayStartUtc("2027-01-01")).toBe("2026-12-31T16:00:00.000Z");
  });

  it("exports only the events written on those days", async () => {
    const today = shanghaiDate(new Date());
    const before = total;
    // Two days later, one more event: a range of that day holds it alone.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.now() + 2 * 24 * 3600 * 1000));
    const later = shanghaiDate(new Date());
    const community = getCommunity(db)!;
    updateCommunity(db, { name: community.name, address: community.address, ...community.settings }, "system");
    vi.useRealTimers();
    expect(countAuditEvents(db, { from: later, to: later })).toBe(1);
    expect(countAuditEvents(db, { to: today })).toBe(before);

    const file = path.join(dir, "later.jsonl");
    const cli = exportCli(["audit", "--format", "jsonl", "--out", file, "--from", later, "--to", later]);
    expect(cli.status, cli.stderr).toBe(0);
    const lines = linesOf(fs.readFileSync(file, "utf8")).map((l) => JSON.parse(l) as { seq: number; at: string; action: string });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.seq).toBe(before + 1);
    expect(lines[0]!.action).toBe("community.update");
    expect(lines[0]!.at >= shanghaiDayStartUtc(later)).toBe(true);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    const none = (await writeBuffer((out) => exportAudit(db, out, { format: "jsonl", from: "2001-01-01", to: "2001-12-31" }))).toString("utf8");
    expect(none).toBe("");
    expect(verifyDatabase(db).ok).toBe(true);
  }, 60_000);
});

describe("the CLI", () => {
  it("writes every event (exit 0) and the file verifies", async () => {
    const file = path.join(dir, "cli.jsonl");
    const result = exportCli(["audit", "--format", "jsonl", "--out", file]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${eventCount(db)} events`);
    expect((await verifyJsonlFile(file)).ok).toBe(true);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  }, 60_000);

  it("writes CSV and XLSX files", () => {
    for (const format of ["csv", "xlsx"]) {
      const file = path.join(dir, `cli.${format}`);
      const result = exportCli(["audit", "--format", format, "--out", file]);
      expect(result.status, result.stderr).toBe(0);
      expect(fs.statSync(file).size).toBeGreaterThan(1000);
    }
  }, 120_000);

  it.each([
    [["audit", "--format", "xml", "--out", "x.jsonl"], /--format must be one of jsonl, csv, xlsx/],
    [["audit", "--format", "jsonl"], /--out FILE is required/],
    [["audit", "--format", "jsonl", "--out", "x.jsonl", "--from", "2026-13-01"], /--from must be a date/],
    [["audit", "--format", "jsonl", "--out", "x.jsonl", "--from", "2026-06-01", "--to", "2026-05-01"], /is after --to/],
    [["audit", "--format", "jsonl", "--out", "x.jsonl", "--bogus"], /Unknown option/],
  ])("refuses %j with exit 2 and writes nothing", (args, message) => {
    const file = path.join(dir, "x.jsonl");
    const result = exportCli(args.map((a) => (a === "x.jsonl" ? file : a)));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  }, 30_000);

  it("answers an unreadable database with exit 2 and writes nothing", () => {
    const file = path.join(dir, "nodb.jsonl");
    const result = run(["audit", "--format", "jsonl", "--out", file], path.join(dir, "missing.db"));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no such database/);
    expect(fs.existsSync(file)).toBe(false);
  }, 30_000);

  it("fails with exit 1 when the file cannot be written, leaving nothing", () => {
    const file = path.join(dir, "no-such-dir", "x.jsonl");
    const result = exportCli(["audit", "--format", "jsonl", "--out", file]);
    expect(result.status).toBe(1);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  }, 30_000);
});

function run(args: string[], databasePath: string) {
  const saved = process.env.DATABASE_PATH;
  process.env.DATABASE_PATH = databasePath;
  try {
    return exportCli(args);
  } finally {
    process.env.DATABASE_PATH = saved;
  }
}
