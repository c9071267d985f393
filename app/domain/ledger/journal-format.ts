/**
 * Plain-text journal (hledger 1.25 and ledger-cli 3.x both read it) and CSV
 * rows for the ledger export. Pure: rows in, text out.
 *
 * Choices, each checked with both binaries:
 * - account names `共管账户:1002银行存款`: book, code and the Chinese name with
 *   no whitespace, `;` or brackets (both tools end an account name at two
 *   spaces and treat `;`/`(`/`[` specially);
 * - amounts `¥1234.56` / `-¥1234.56`: prefix symbol, no grouping, always two
 *   decimals, every posting explicit, no commodity directive needed;
 * - the entry id as the transaction code `(#12)`; `;` in a memo becomes `；`
 *   because hledger starts a comment there.
 */
import { fenToDecimalString } from "../money";
import { BOOK_NAMES_ZH, type Book } from "./chart";

export const JOURNAL_BOOK_NAMES: Record<Book, string> = BOOK_NAMES_ZH;

export interface JournalEntry {
  id: number;
  businessDate: string;
  memo: string;
  reversesEntryId: number | null;
  reason: string | null;
}

export interface JournalPosting {
  book: Book;
  accountCode: string;
  accountNameZh: string;
  amountFen: number;
}

/** One line of free text: no line breaks, no `;`, no runs of spaces. */
export function journalText(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ").replace(/;/g, "；").replace(/ {2,}/g, " ").trim();
}

export function journalAccountName(book: Book, accountCode: string, accountNameZh: string): string {
  const name = accountNameZh.replace(/[\s;()[\]{}:@*!=]/g, "");
  return `${JOURNAL_BOOK_NAMES[book]}:${accountCode}${name}`;
}

export function journalAmount(amountFen: number): string {
  const text = fenToDecimalString(Math.abs(amountFen));
  return amountFen < 0 ? `-¥${text}` : `¥${text}`;
}

/** One transaction, ending with a blank line. */
export function formatJournalTransaction(entry: JournalEntry, postings: readonly JournalPosting[]): string {
  const memo = journalText(entry.memo);
  const lines = [`${entry.businessDate} (#${entry.id})${memo ? ` ${memo}` : ""}`];
  if (entry.reversesEntryId !== null) {
    const reason = entry.reason ? `: ${journalText(entry.reason)}` : "";
    lines.push(`    ; reverses #${entry.reversesEntryId}${reason}`);
  }
  for (const p of postings) lines.push(`    ${journalAccountName(p.book, p.accountCode, p.accountNameZh)}    ${journalAmount(p.amountFen)}`);
  return `${lines.join("\n")}\n\n`;
}

export function journalHeader(options: { from?: string; to?: string; generatedAt: string }): string {
  const range = `${options.from ?? "…"} – ${options.to ?? "…"}`;
  return `; Mingzhang 明账 ledger export, business dates ${range}, generated ${options.generatedAt}\n; one transaction per journal entry; code (#id) is the entry id\n\n`;
}

// ---- CSV ----

export const LEDGER_CSV_COLUMNS = [
  "entry_id", "line_no", "date", "book", "account", "account_name", "amount", "memo", "posting_memo", "source_kind", "source_id",
] as const;

export interface CsvPosting {
  entryId: number;
  lineNo: number;
  businessDate: string;
  book: string;
  accountCode: string;
  accountNameZh: string;
  amountFen: number;
  memo: string;
  postingMemo: string;
  sourceKind: string;
  sourceId: string | null;
}

/** A text cell that a spreadsheet would run as a formula gets a leading quote mark. */
function textCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

/** The UTF-8 byte order mark, so Excel reads the Chinese text as UTF-8. */
export const CSV_BOM = "\uFEFF";

export function ledgerCsvHeader(): string {
  return csvLine(LEDGER_CSV_COLUMNS);
}

export function ledgerCsvRow(p: CsvPosting): string {
  return csvLine([
    String(p.entryId), String(p.lineNo), p.businessDate, p.book, p.accountCode, textCell(p.accountNameZh),
    fenToDecimalString(p.amountFen), textCell(p.memo), textCell(p.postingMemo), p.sourceKind, p.sourceId ?? "",
  ]);
}
