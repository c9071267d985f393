/**
 * The ledger as a file for other tools: a plain-text journal that hledger and
 * ledger-cli read, or CSV (one row per posting). Constant memory: rows are
 * iterated from one prepared statement and written in chunks that wait for
 * the stream to drain.
 */
import type { Writable } from "node:stream";
import type { Db } from "~db/connection";
import { ChunkWriter } from "../stream-writer.server";
import type { Book } from "~/domain/ledger/chart";
import {
  CSV_BOM, formatJournalTransaction, journalHeader, ledgerCsvHeader, ledgerCsvRow,
  type JournalEntry, type JournalPosting,
} from "~/domain/ledger/journal-format";

export const EXPORT_FORMATS = ["journal", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  from?: string; // business dates, inclusive
  to?: string;
  generatedAt: string; // written into the journal header
}

export type ExportProgress = (done: number, total: number) => void;

interface Row {
  entryId: number; lineNo: number; businessDate: string; memo: string; sourceKind: string; sourceId: string | null;
  reversesEntryId: number | null; reason: string | null; book: Book; accountCode: string; accountNameZh: string; amountFen: number; postingMemo: string;
}

function rangeOf(options: ExportOptions): { sql: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (options.from) { clauses.push("e.business_date >= ?"); params.push(options.from); }
  if (options.to) { clauses.push("e.business_date <= ?"); params.push(options.to); }
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

const PAGE_ROWS = 5000;

/**
 * The postings in journal order, read a page at a time by keyset (date,
 * entry, line): no statement stays open across the awaits of the writer, so
 * the connection stays free for the app while a download streams, and memory
 * holds one page whatever the size.
 */
function* pagedRows(db: Db, range: { sql: string; params: string[] }): Generator<Row> {
  const where = range.sql ? `${range.sql} AND` : "WHERE";
  const select = `SELECT p.entry_id AS entryId, p.line_no AS lineNo, e.business_date AS businessDate, e.memo AS memo,
      e.source_kind AS sourceKind, e.source_id AS sourceId, e.reverses_entry_id AS reversesEntryId, e.reason AS reason,
      p.book AS book, p.account_code AS accountCode, a.name_zh AS accountNameZh, p.amount_fen AS amountFen, p.memo AS postingMemo
    FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN accounts a ON a.code = p.account_code`;
  const first = db.$client.prepare(`${select} ${range.sql} ORDER BY e.business_date, e.id, p.line_no LIMIT ${PAGE_ROWS}`);
  const next = db.$client.prepare(`${select} ${where} (e.business_date, e.id, p.line_no) > (?, ?, ?) ORDER BY e.business_date, e.id, p.line_no LIMIT ${PAGE_ROWS}`);
  let page = first.all(...range.params) as Row[];
  while (page.length > 0) {
    yield* page;
    if (page.length < PAGE_ROWS) return;
    const last = page[page.length - 1]!;
    page = next.all(...range.params, last.businessDate, last.entryId, last.lineNo) as Row[];
  }
}

/**
 * Writes the ledger (entries with business dates in [from, to]) to `out`
 * and returns what it wrote. Does not end `out`.
 */
export async function exportLedger(db: Db, out: Writable, options: ExportOptions, onProgress?: ExportProgress): Promise<{ entries: number; postings: number }> {
  const range = rangeOf(options);
  const total = (db.$client.prepare(`SELECT count(*) AS n FROM postings p JOIN journal_entries e ON e.id = p.entry_id ${range.sql}`).get(...range.params) as { n: number }).n;
  const rows = () => pagedRows(db, range);
  const writer = new ChunkWriter(out);
  let done = 0;
  let entries = 0;
  const report = () => onProgress?.(done, total);

  if (options.format === "csv") {
    await writer.write(CSV_BOM + ledgerCsvHeader());
    let lastEntry = -1;
    for (const row of rows()) {
      if (row.entryId !== lastEntry) { entries += 1; lastEntry = row.entryId; }
      await writer.write(ledgerCsvRow(row));
      done += 1;
      if (done % 5000 === 0) report();
    }
  } else {
    await writer.write(journalHeader({ from: options.from, to: options.to, generatedAt: options.generatedAt }));
    let entry: JournalEntry | null = null;
    let lines: JournalPosting[] = [];
    for (const row of rows()) {
      if (entry && entry.id !== row.entryId) {
        await writer.write(formatJournalTransaction(entry, lines));
        entries += 1;
        lines = [];
      }
      if (!entry || entry.id !== row.entryId) {
        entry = { id: row.entryId, businessDate: row.businessDate, memo: row.memo, reversesEntryId: row.reversesEntryId, reason: row.reason };
      }
      lines.push({ book: row.book, accountCode: row.accountCode, accountNameZh: row.accountNameZh, amountFen: row.amountFen });
      done += 1;
      if (done % 5000 === 0) report();
    }
    if (entry) {
      await writer.write(formatJournalTransaction(entry, lines));
      entries += 1;
    }
  }
  await writer.flush();
  report();
  return { entries, postings: done };
}
