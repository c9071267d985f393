/**
 * The audit chain as a file (DESIGN.md §6): JSON Lines (the format the
 * verifier reads), CSV (UTF-8 with a BOM, RFC 4180) or XLSX (sheets of at
 * most a million rows). Constant memory whatever the chain's length: one
 * prepared statement reads the events a page at a time by seq (keyset), and
 * every write waits for the stream to drain. A page is read with `.all()`
 * rather than an open `.iterate()` because better-sqlite3 refuses every write
 * on a connection while an iterator is open, and a download may take minutes
 * on the server's shared connection. The upper seq is fixed at the start, so
 * the file is the chain as it stood then, even if events are appended while
 * it is written.
 */
import { PassThrough, Readable, type Writable } from "node:stream";
import type { Worksheet } from "exceljs";
import Papa from "papaparse";
import type { Db } from "~db/connection";
import { addDays } from "~/domain/calendar";
import type { Lang } from "~/domain/statements/table-rows";
import { exportRangeSchema } from "~/domain/audit/export-request";
import { ChunkWriter, drained } from "../stream-writer.server";

export const AUDIT_FORMATS = ["jsonl", "csv", "xlsx"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export interface AuditExportOptions {
  format: AuditFormat;
  from?: string; // YYYY-MM-DD, Asia/Shanghai, inclusive, on the event's `at`
  to?: string;
  /** XLSX only: data rows per sheet (Excel holds 1,048,576 rows; tests use a small number). */
  sheetRows?: number;
  /** Events read per query (tests use a small number to cross page boundaries). */
  pageSize?: number;
}

export type ExportProgress = (done: number, total: number) => void;

export const CSV_BOM = "\uFEFF";
export const AUDIT_COLUMNS = ["seq", "at", "actor", "action", "subject", "prev", "hash", "data"] as const;
export const SHEET_ROWS = 1_000_000;
/** Excel's limit on the characters of one cell: a longer `data` continues in the next cells of its row. */
export const XLSX_CELL_CHARS = 32_767;
const DATA_PIECE_CHARS = 32_000;
const PROGRESS_EVERY = 5_000;

interface EventRow { seq: number; at: string; actor: string; action: string; subject: string; data: string; prev: string; hash: string }

/**
 * The first instant of a day in Shanghai as the UTC text stored in `at`
 * (China keeps UTC+8 all year): 2026-11-21 → 2026-11-20T16:00:00.000Z.
 * The stored texts share one fixed format, so they compare as strings.
 */
export function shanghaiDayStartUtc(date: string): string {
  return `${addDays(date, -1)}T16:00:00.000Z`;
}

/** The WHERE clause for a day range on `at` ([from 00:00, to+1 00:00) Shanghai time). */
function rangeOf(options: { from?: string; to?: string }): { sql: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (options.from) { clauses.push("at >= ?"); params.push(shanghaiDayStartUtc(options.from)); }
  if (options.to) { clauses.push("at < ?"); params.push(shanghaiDayStartUtc(addDays(options.to, 1))); }
  return { sql: clauses.join(" AND "), params };
}

/**
 * The events of the range, oldest first, a page at a time: one prepared
 * statement, seq > last AND seq <= the head at the start.
 */
async function* eventPages(db: Db, options: AuditExportOptions): AsyncGenerator<EventRow[], void, void> {
  const range = rangeOf(options);
  const where = range.sql ? ` AND ${range.sql}` : "";
  const pageSize = options.pageSize ?? 2_000;
  const page = db.$client.prepare(`SELECT seq, at, actor, action, subject, data, prev, hash FROM audit_events
    WHERE seq > ? AND seq <= ?${where} ORDER BY seq LIMIT ${pageSize}`);
  let last = 0;
  const head = headSeq(db);
  for (;;) {
    const rows = page.all(last, head, ...range.params) as EventRow[];
    if (rows.length === 0) return;
    yield rows;
    last = rows[rows.length - 1]!.seq;
    if (rows.length < pageSize) return;
  }
}

function headSeq(db: Db): number {
  return (db.$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n;
}

/** How many events the export will write (counted on the `at` index). */
export function countAuditEvents(db: Db, options: { from?: string; to?: string }): number {
  const range = rangeOf(options);
  return (db.$client.prepare(`SELECT count(*) AS n FROM audit_events${range.sql ? ` WHERE ${range.sql}` : ""}`).get(...range.params) as { n: number }).n;
}

/**
 * One JSON Lines line (DESIGN.md §6): the eight fields, `data` being the
 * stored canonical JSON text as it is (never parsed and re-serialised).
 */
export function jsonlLine(e: EventRow): string {
  return `{"seq":${e.seq},"at":${JSON.stringify(e.at)},"actor":${JSON.stringify(e.actor)},"action":${JSON.stringify(e.action)},"subject":${JSON.stringify(e.subject)},"data":${e.data},"prev":${JSON.stringify(e.prev)},"hash":${JSON.stringify(e.hash)}}\n`;
}

/**
 * The same line as UTF-8 bytes in three pieces: SQLite builds the fields
 * around `data`, and `data` is read as the stored bytes, never decoded into a
 * JavaScript string and encoded again (most of an export's cost at a million
 * events), nor copied into a concatenation (a billing run's event is a few
 * MB). json_quote escapes exactly as JSON.stringify does (`"`, `\\`, \b \f
 * \n \r \t, other control characters as \u00xx, everything else as it is),
 * so the bytes equal jsonlLine's (test/integration/audit-export-fast.test.ts).
 */
const JSONL_PIECES_SQL = `CAST('{"seq":' || seq || ',"at":' || json_quote(at) || ',"actor":' || json_quote(actor)
  || ',"action":' || json_quote(action) || ',"subject":' || json_quote(subject) || ',"data":' AS BLOB),
  CAST(data AS BLOB), CAST(',"prev":' || json_quote(prev) || ',"hash":' || json_quote(hash) || '}' || char(10) AS BLOB)`;
/** A page is cut to about this many bytes: what is in flight stays small whatever the events' sizes. */
const JSONL_PAGE_BYTES = 1024 * 1024;

/**
 * JSON Lines in pages of at most `pageSize` events, fewer when they are
 * large; each page handed to the stream in one corked write and awaited when
 * the stream is full: memory stays at a page or two whatever the chain's length.
 */
async function writeJsonl(db: Db, out: Writable, options: AuditExportOptions, tick: (n: number) => void): Promise<number> {
  const range = rangeOf(options);
  const where = range.sql ? ` AND ${range.sql}` : "";
  const page = db.$client.prepare(`SELECT seq, ${JSONL_PIECES_SQL} FROM audit_events
    WHERE seq > ? AND seq <= ?${where} ORDER BY seq LIMIT ?`).raw();
  const maxRows = options.pageSize ?? 1_000;
  const head = headSeq(db);
  let limit = Math.min(maxRows, 64);
  let last = 0;
  let written = 0;
  for (;;) {
    const rows = page.all(last, head, ...range.params, limit) as [number, Buffer | null, Buffer | null, Buffer | null][];
    if (rows.length === 0) break;
    let bytes = 0;
    out.cork();
    for (const [seq, before, data, after] of rows) {
      if (before === null || data === null || after === null) throw new Error(`event ${seq} has an empty field`);
      out.write(before);
      out.write(data);
      out.write(after);
      bytes += data.length;
    }
    out.uncork();
    written += rows.length;
    tick(written);
    last = rows[rows.length - 1]![0];
    if (rows.length < limit) break;
    limit = bytes > JSONL_PAGE_BYTES ? Math.max(1, limit >> 1) : Math.min(maxRows, limit * 2);
    await drained(out);
  }
  await drained(out);
  return written;
}

function csvRows(rows: EventRow[]): string {
  return `${Papa.unparse(rows.map((e) => [e.seq, e.at, e.actor, e.action, e.subject, e.prev, e.hash, e.data]), { header: false, newline: "\r\n" })}\r\n`;
}

/** `data` cut into pieces each within Excel's cell limit. */
export function dataPieces(data: string): string[] {
  if (data.length <= XLSX_CELL_CHARS) return [data];
  const pieces: string[] = [];
  for (let i = 0; i < data.length; i += DATA_PIECE_CHARS) pieces.push(data.slice(i, i + DATA_PIECE_CHARS));
  return pieces;
}

async function writeXlsx(db: Db, out: Writable, options: AuditExportOptions, tick: (n: number) => void): Promise<number> {
  const perSheet = options.sheetRows ?? SHEET_ROWS;
  if (!Number.isInteger(perSheet) || perSheet < 1) throw new RangeError(`sheetRows must be a positive integer: ${perSheet}`);
  // Loaded only for XLSX: exceljs takes a noticeable part of a JSON Lines export's start-up and memory.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  workbook.creator = "Mingzhang 明账";
  let sheet: Worksheet | null = null;
  let sheets = 0;
  let inSheet = 0;
  let written = 0;
  const newSheet = () => {
    sheet?.commit();
    sheets += 1;
    inSheet = 0;
    sheet = workbook.addWorksheet(`events ${sheets}`);
    sheet.columns = AUDIT_COLUMNS.map((key) => ({ header: key, key, width: key === "data" ? 80 : key === "prev" || key === "hash" ? 66 : 20 }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    return sheet;
  };
  for await (const rows of eventPages(db, options)) {
    for (const e of rows) {
      const target: Worksheet = sheet && inSheet < perSheet ? sheet : newSheet();
      target.addRow([e.seq, e.at, e.actor, e.action, e.subject, e.prev, e.hash, ...dataPieces(e.data)]).commit();
      inSheet += 1;
      written += 1;
      tick(written);
    }
    // Let the zip stream pass what was committed on, then honor backpressure.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await drained(out);
  }
  if (!sheet) newSheet(); // an empty range still gives a workbook with its header row
  (sheet as Worksheet | null)?.commit();
  await workbook.commit();
  return written;
}

/**
 * Writes the events whose `at` falls on the Shanghai days from..to (every
 * event without a range) to `out`, oldest first, and returns how many. Does
 * not end `out` for JSONL and CSV; the XLSX writer ends it (a zip ends when
 * its directory is written).
 */
export async function exportAudit(db: Db, out: Writable, options: AuditExportOptions, onProgress?: ExportProgress): Promise<{ events: number }> {
  const total = countAuditEvents(db, options);
  let lastReported = -1;
  const report = (done: number) => {
    if (done === lastReported) return;
    lastReported = done;
    onProgress?.(done, total);
  };
  const tick = (done: number) => {
    // Per event (CSV, XLSX) or per page (JSON Lines): a report every PROGRESS_EVERY events or so.
    if (done - Math.max(lastReported, 0) >= PROGRESS_EVERY) report(done);
  };
  let events = 0;
  if (options.format === "xlsx") {
    events = await writeXlsx(db, out, options, tick);
  } else if (options.format === "jsonl") {
    events = await writeJsonl(db, out, options, tick);
  } else {
    const writer = new ChunkWriter(out);
    if (options.format === "csv") await writer.write(`${CSV_BOM}${AUDIT_COLUMNS.join(",")}\r\n`);
    for await (const rows of eventPages(db, options)) {
      await writer.write(csvRows(rows));
      for (let i = 0; i < rows.length; i++) tick(++events);
    }
    await writer.flush();
  }
  report(events);
  return { events };
}

/** What /auditor/exports offers: each kind with its formats (the ledger's are those of exportLedger). */
export const EXPORT_KINDS = {
  audit: AUDIT_FORMATS,
  ledger: ["journal", "csv"],
  statements: ["json", "csv", "xlsx"],
} as const satisfies Record<string, readonly string[]>;
export type ExportKind = keyof typeof EXPORT_KINDS;

const CONTENT_TYPES: Record<string, string> = {
  jsonl: "application/x-ndjson; charset=utf-8",
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  journal: "text/plain; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export type ExportRequest = { kind: ExportKind; format: string; from?: string; to?: string };

/**
 * The kind and format of a download URL (null: no such download, a 404) and
 * its ?from=&to= days; a bad day or an inverted range is the i18n code of
 * the refusal.
 */
export function parseExportRequest(kind: string | undefined, format: string | undefined, query: URLSearchParams): { ok: true; request: ExportRequest } | { ok: false; code: string } | null {
  if (kind !== "audit" && kind !== "ledger" && kind !== "statements") return null;
  if (!format || !(EXPORT_KINDS[kind] as readonly string[]).includes(format)) return null;
  const parsed = exportRangeSchema.safeParse({ from: query.get("from") ?? undefined, to: query.get("to") ?? undefined });
  if (!parsed.success) return { ok: false, code: parsed.error.issues[0]?.message ?? "exports.errors.badDate" };
  const range = parsed.data;
  return { ok: true, request: { kind, format, ...range } };
}

/** audit-2026-11-21.jsonl; with a range: audit-2026-11-21-from-2026-01-01-to-2026-03-31.jsonl */
export function exportFilename(request: ExportRequest, today: string): string {
  const range = `${request.from ? `-from-${request.from}` : ""}${request.to ? `-to-${request.to}` : ""}`;
  return `${request.kind}-${today}${range}.${request.format}`;
}

async function runExport(db: Db, out: Writable, request: ExportRequest, lang: Lang): Promise<void> {
  const range = { from: request.from, to: request.to };
  if (request.kind === "audit") {
    await exportAudit(db, out, { format: request.format as AuditFormat, ...range });
  } else if (request.kind === "statements") {
    const { exportStatements } = await import("../statements/export.server");
    await exportStatements(db, out, { format: request.format as "json" | "csv" | "xlsx", ...range, lang });
  } else {
    const { exportLedger } = await import("../ledger/export.server");
    await exportLedger(db, out, { format: request.format as "journal" | "csv", ...range, generatedAt: new Date().toISOString() });
  }
}

/**
 * A download streamed as it is written: the exporter writes into a
 * PassThrough read by the response (backpressure reaches the exporter
 * through the PassThrough's buffer). A failure half-way aborts the body.
 */
export function exportDownload(db: Db, request: ExportRequest, options: { lang: Lang; today: string }): { filename: string; contentType: string; body: ReadableStream<Uint8Array> } {
  const pass = new PassThrough();
  runExport(db, pass, request, options.lang).then(
    () => { if (!pass.writableEnded) pass.end(); },
    (error: unknown) => { pass.destroy(error instanceof Error ? error : new Error(String(error))); },
  );
  return {
    filename: exportFilename(request, options.today),
    contentType: CONTENT_TYPES[request.format] ?? "application/octet-stream",
    body: Readable.toWeb(pass) as unknown as ReadableStream<Uint8Array>,
  };
}
