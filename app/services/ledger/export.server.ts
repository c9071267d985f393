/**
 * The ledger as a file for other tools: a plain-text journal that hledger and
 * ledger-cli read, or CSV (one row per posting). Constant memory: rows are
 * iterated from one prepared statement and written in chunks that wait for
 * the stream to drain.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { Db } from "~db/connection";
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

/** Buffers text and writes it in chunks, honoring the stream's backpressure. */
class ChunkWriter {
  private buffer: string[] = [];
  private size = 0;
  constructor(private readonly out: Writable, private readonly chunkChars = 64 * 1024) {}
  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= this.chunkChars) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.size = 0;
    if (!this.out.write(chunk, "utf8")) await once(this.out, "drain");
  }
}

/**
 * Writes the ledger (entries with business dates in [from, to]) to `out`
 * and returns what it wrote. Does not end `out`.
 */
export async function exportLedger(db: Db, out: Writable, options: ExportOptions, onProgress?: ExportProgress): Promise<{ entries: number; postings: number }> {
  const range = rangeOf(options);
  const total = (db.$client.prepare(`SELECT count(*) AS n FROM postings p JOIN journal_entries e ON e.id = p.entry_id ${range.sql}`).get(...range.params) as { n: number }).n;
  const statement = db.$client.prepare(`SELECT p.entry_id AS entryId, p.line_no AS lineNo, e.business_date AS businessDate, e.memo AS memo,
      e.source_kind AS sourceKind, e.source_id AS sourceId, e.reverses_entry_id AS reversesEntryId, e.reason AS reason,
      p.book AS book, p.account_code AS accountCode, a.name_zh AS accountNameZh, p.amount_fen AS amountFen, p.memo AS postingMemo
    FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN accounts a ON a.code = p.account_code
    ${range.sql} ORDER BY e.business_date, e.id, p.line_no`);
  const writer = new ChunkWriter(out);
  let done = 0;
  let entries = 0;
  const report = () => onProgress?.(done, total);

  if (options.format === "csv") {
    await writer.write(CSV_BOM + ledgerCsvHeader());
    let lastEntry = -1;
    for (const row of statement.iterate(...range.params) as IterableIterator<Row>) {
      if (row.entryId !== lastEntry) { entries += 1; lastEntry = row.entryId; }
      await writer.write(ledgerCsvRow(row));
      done += 1;
      if (done % 5000 === 0) report();
    }
  } else {
    await writer.write(journalHeader({ from: options.from, to: options.to, generatedAt: options.generatedAt }));
    let entry: JournalEntry | null = null;
    let lines: JournalPosting[] = [];
    for (const row of statement.iterate(...range.params) as IterableIterator<Row>) {
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
