/**
 * Every published statement revision as one file, oldest first: JSON (each
 * revision with its exact canonical snapshot text, so anyone can check
 * sha256(snapshot) == hash), or CSV / XLSX with one row per statement line.
 * Revisions are read a page at a time by id (one prepared statement), and
 * every write waits for the stream to drain.
 */
import type { Writable } from "node:stream";
import Papa from "papaparse";
import type { Db } from "~db/connection";
import { fenToDecimalString, fenToYuanNumber } from "~/domain/money";
import { parsePeriod, type StatementSnapshot } from "~/domain/statements/snapshot";
import { statementTableRows, type Lang, type StatementTableRow } from "~/domain/statements/table-rows";
import { createI18n } from "~/i18n/i18n";
import { CSV_BOM, type ExportProgress } from "../audit/export.server";
import { ChunkWriter, drained } from "../stream-writer.server";
import { AMOUNT_FORMAT } from "./downloads.server";

export const STATEMENT_EXPORT_FORMATS = ["json", "csv", "xlsx"] as const;
export type StatementExportFormat = (typeof STATEMENT_EXPORT_FORMATS)[number];

export interface StatementExportOptions {
  format: StatementExportFormat;
  from?: string; // YYYY-MM-DD: revisions of the periods ending within from..to (inclusive)
  to?: string;
  lang?: Lang; // the line names and section words of CSV/XLSX (default zh-CN)
}

export const STATEMENT_LINE_COLUMNS = ["period", "revision", "hash", "book", "section", "line_key", "line_name", "amount"] as const;

interface PublishedExportRow {
  id: number; period: string; revision: number; hash: string; publishedAt: string; auditHeadSeq: number; auditHeadHash: string;
  previousHash: string | null; supersedesHash: string | null; snapshot: string;
}

const PAGE = 20;

function inRange(period: string, options: { from?: string; to?: string }): boolean {
  const end = parsePeriod(period)?.endDate;
  if (!end) return false;
  return (!options.from || end >= options.from) && (!options.to || end <= options.to);
}

/** The published revisions in range, oldest (by publication) first, a page at a time. */
async function* revisions(db: Db, options: StatementExportOptions): AsyncGenerator<PublishedExportRow, void, void> {
  const page = db.$client.prepare(`SELECT id, period, revision, hash, published_at AS publishedAt, audit_head_seq AS auditHeadSeq,
      audit_head_hash AS auditHeadHash, previous_hash AS previousHash, supersedes_hash AS supersedesHash, snapshot
    FROM published_statements WHERE id > ? AND id <= ? ORDER BY id LIMIT ${PAGE}`);
  const head = (db.$client.prepare("SELECT coalesce(max(id), 0) AS n FROM published_statements").get() as { n: number }).n;
  let last = 0;
  for (;;) {
    const rows = page.all(last, head) as PublishedExportRow[];
    for (const row of rows) if (inRange(row.period, options)) yield row;
    if (rows.length < PAGE) return;
    last = rows[rows.length - 1]!.id;
  }
}

function countInRange(db: Db, options: StatementExportOptions): number {
  const periods = db.$client.prepare("SELECT period FROM published_statements").pluck().all() as string[];
  return periods.filter((p) => inRange(p, options)).length;
}

/** One element of the JSON array: the snapshot kept as its exact canonical text. */
export function statementJsonElement(row: PublishedExportRow): string {
  return JSON.stringify({
    id: row.id, period: row.period, revision: row.revision, hash: row.hash, publishedAt: row.publishedAt,
    auditHead: { seq: row.auditHeadSeq, hash: row.auditHeadHash }, previousHash: row.previousHash, supersedesHash: row.supersedesHash,
    snapshot: row.snapshot,
  });
}

/** The lines of one revision (the payments list left out: it is detail, not a line). */
function lineRows(row: PublishedExportRow, lang: Lang, t: (key: string, options?: Record<string, string | number>) => string): StatementTableRow[] {
  const snapshot = JSON.parse(row.snapshot) as StatementSnapshot;
  return statementTableRows(snapshot, lang, t).filter((r) => r.section !== "payment");
}

/**
 * Writes the published revisions (those of the periods ending within
 * from..to, or all) to `out` and returns how many. Does not end `out` for
 * JSON and CSV; the XLSX writer ends it.
 */
export async function exportStatements(db: Db, out: Writable, options: StatementExportOptions, onProgress?: ExportProgress): Promise<{ statements: number }> {
  const total = countInRange(db, options);
  const lang = options.lang ?? "zh-CN";
  const i18n = createI18n(lang);
  const t = (key: string, opts?: Record<string, string | number>) => i18n.t(key, opts);
  let done = 0;
  const report = () => onProgress?.(done, total);

  if (options.format === "xlsx") {
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    workbook.creator = "Mingzhang 明账";
    const sheet = workbook.addWorksheet("statements");
    sheet.columns = STATEMENT_LINE_COLUMNS.map((key) => ({ header: key, key, width: key === "hash" ? 66 : key === "line_name" ? 36 : 14 }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const row of revisions(db, options)) {
      for (const line of lineRows(row, lang, t)) {
        const r = sheet.addRow([row.period, row.revision, row.hash, line.book ?? "", line.section, line.lineCode, line.lineName, fenToYuanNumber(line.amountFen)]);
        r.getCell(8).numFmt = AMOUNT_FORMAT;
        r.commit();
      }
      done += 1;
      report();
      await new Promise<void>((resolve) => setImmediate(resolve));
      await drained(out);
    }
    sheet.commit();
    await workbook.commit();
    return { statements: done };
  }

  const writer = new ChunkWriter(out);
  if (options.format === "csv") {
    await writer.write(`${CSV_BOM}${STATEMENT_LINE_COLUMNS.join(",")}\r\n`);
    for await (const row of revisions(db, options)) {
      const data = lineRows(row, lang, t).map((l) => [row.period, row.revision, row.hash, l.book ?? "", l.section, l.lineCode, l.lineName, fenToDecimalString(l.amountFen)]);
      if (data.length > 0) await writer.write(`${Papa.unparse(data, { header: false, newline: "\r\n" })}\r\n`);
      done += 1;
      report();
    }
  } else {
    await writer.write("[");
    for await (const row of revisions(db, options)) {
      await writer.write(`${done === 0 ? "\n" : ",\n"}${statementJsonElement(row)}`);
      done += 1;
      report();
    }
    await writer.write(done === 0 ? "]\n" : "\n]\n");
  }
  await writer.flush();
  report();
  return { statements: done };
}
