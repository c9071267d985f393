import Papa from "papaparse";
import { isIsoDate } from "../ledger/entries";
import { parseYuan, type Fen } from "../money";
import type { BankMapping } from "./mapping";

/**
 * Reading a bank statement file into lines: pure, no I/O. A file is a table
 * of text cells (CSV decoded here; XLSX read by ./xlsx.ts into the same
 * shape), then the mapping turns each row below the header into a line. A
 * file with any bad row yields no lines at all, only the list of problems.
 */

export type StatementFormat = "csv" | "xlsx";
export type StatementEncoding = "utf-8" | "gb18030" | "xlsx";

export interface StatementTable {
  format: StatementFormat;
  encoding: StatementEncoding;
  /** rows[i] is line i + 1 of the file (CSV: record number; XLSX: sheet row). */
  rows: string[][];
}

export interface StatementLine {
  lineNo: number;
  txnDate: string;
  amountFen: Fen; // money in positive, money out negative
  counterparty: string;
  memo: string;
  reference: string;
  balanceFen: Fen | null;
}

export interface StatementProblem {
  code: string; // an i18n key under bank.errors
  line?: number;
  column?: string;
  value?: string;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; problems: StatementProblem[] };

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

// Text files never hold NUL or other C0 controls besides tab, CR, LF (and form feed from some exporters).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/** UTF-8 (BOM or not) if it decodes strictly, else GB18030 (a superset of GBK), else refused. */
export function decodeText(bytes: Uint8Array): ReadResult<{ text: string; encoding: "utf-8" | "gb18030" }> {
  for (const encoding of ["utf-8", "gb18030"] as const) {
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      continue;
    }
    if (CONTROL.test(text)) break;
    return { ok: true, value: { text, encoding } };
  }
  return { ok: false, problems: [{ code: "bank.errors.encoding" }] };
}

/** A CSV file's bytes as a table of trimmed text cells. */
export function readCsv(bytes: Uint8Array): ReadResult<StatementTable> {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const parsed = Papa.parse<string[]>(decoded.value.text, { skipEmptyLines: false });
  const rows = parsed.data.map((row) => row.map((cell) => cell.trim()));
  // papaparse leaves one empty record after a final newline.
  while (rows.length > 0 && rows[rows.length - 1]!.every((c) => c === "")) rows.pop();
  if (rows.length === 0) return { ok: false, problems: [{ code: "bank.errors.empty" }] };
  return { ok: true, value: { format: "csv", encoding: decoded.value.encoding, rows } };
}

const DATE_PATTERNS: RegExp[] = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
];

/** A statement date in any of the accepted shapes, as YYYY-MM-DD; null if not a real date in one of them. */
export function parseStatementDate(text: string): string | null {
  const value = text.trim();
  for (const pattern of DATE_PATTERNS) {
    const m = pattern.exec(value);
    if (!m) continue;
    const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
    return isIsoDate(iso) ? iso : null;
  }
  return null;
}

/** "1,234.56", "-12.00", "" (null); exact to the fen. */
function parseAmountCell(text: string, allowNegative: boolean): { fen: Fen | null; error?: string } {
  const value = text.trim();
  if (value === "" || value === "-" || value === "--") return { fen: null };
  const parsed = parseYuan(value, { allowNegative });
  if (!parsed.ok) return { fen: null, error: parsed.error.code === "money.too_many_decimals" ? "bank.errors.amountDecimals" : "bank.errors.amount" };
  return { fen: parsed.value };
}

function columnIndexes(header: readonly string[], mapping: BankMapping): ReadResult<Record<string, number>> {
  const indexes: Record<string, number> = {};
  const problems: StatementProblem[] = [];
  for (const key of ["date", "amount", "debit", "credit", "counterparty", "memo", "reference", "balance"] as const) {
    const name = mapping[key];
    if (!name) continue;
    const index = header.findIndex((h) => h === name.trim());
    if (index < 0) problems.push({ code: "bank.errors.missingColumn", line: mapping.headerRow, column: name });
    else indexes[key] = index;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: indexes };
}

/**
 * Applies a mapping to a table. Rows after the header that are entirely
 * empty are skipped; every other row must be a good line, or the whole file
 * is refused with every bad row listed.
 */
export function linesFromTable(table: StatementTable, mapping: BankMapping): ReadResult<StatementLine[]> {
  const header = table.rows[mapping.headerRow - 1];
  if (!header) return { ok: false, problems: [{ code: "bank.errors.headerRowMissing", line: mapping.headerRow }] };
  const columns = columnIndexes(header, mapping);
  if (!columns.ok) return columns;
  const col = columns.value;
  const cell = (row: readonly string[], key: string) => (col[key] === undefined ? "" : (row[col[key]!] ?? "").trim());

  const lines: StatementLine[] = [];
  const problems: StatementProblem[] = [];
  table.rows.forEach((row, index) => {
    const lineNo = index + 1;
    if (lineNo <= mapping.headerRow || row.every((c) => c.trim() === "")) return;
    const bad = (code: string, column?: string, value?: string) => problems.push({ code, line: lineNo, column, value });

    const dateText = cell(row, "date");
    const txnDate = parseStatementDate(dateText);
    if (!txnDate) bad("bank.errors.dateFormat", mapping.date, dateText);

    let amountFen: Fen | null = null;
    if (mapping.amount) {
      const a = parseAmountCell(cell(row, "amount"), true);
      if (a.error) bad(a.error, mapping.amount, cell(row, "amount"));
      else if (!a.fen) bad("bank.errors.noAmount");
      else amountFen = a.fen;
    } else {
      const debit = parseAmountCell(cell(row, "debit"), false);
      const credit = parseAmountCell(cell(row, "credit"), false);
      if (debit.error) bad(debit.error, mapping.debit, cell(row, "debit"));
      if (credit.error) bad(credit.error, mapping.credit, cell(row, "credit"));
      if (!debit.error && !credit.error) {
        const out = debit.fen ?? 0;
        const inn = credit.fen ?? 0;
        if (out !== 0 && inn !== 0) bad("bank.errors.bothAmounts");
        else if (out === 0 && inn === 0) bad("bank.errors.noAmount");
        else amountFen = inn - out;
      }
    }

    let balanceFen: Fen | null = null;
    if (mapping.balance) {
      const b = parseAmountCell(cell(row, "balance"), true);
      if (b.error) bad(b.error, mapping.balance, cell(row, "balance"));
      else balanceFen = b.fen;
    }
    if (txnDate && amountFen !== null) {
      lines.push({
        lineNo, txnDate, amountFen, balanceFen,
        counterparty: cell(row, "counterparty").slice(0, 200),
        memo: cell(row, "memo").slice(0, 500),
        reference: cell(row, "reference").slice(0, 100),
      });
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  if (lines.length === 0) return { ok: false, problems: [{ code: "bank.errors.noLines" }] };
  return { ok: true, value: lines };
}

/**
 * The running balance at the end of each date, for lines that carry one:
 * the last line of the date in the statement's own order (a statement
 * printed newest first is read backwards).
 */
export function closingBalances(lines: readonly StatementLine[]): { asOf: string; balanceFen: Fen }[] {
  if (lines.length === 0) return [];
  const newestFirst = lines[0]!.txnDate > lines[lines.length - 1]!.txnDate;
  const ordered = newestFirst ? [...lines].reverse() : lines;
  const byDate = new Map<string, Fen>();
  for (const line of ordered) if (line.balanceFen !== null) byDate.set(line.txnDate, line.balanceFen);
  return [...byDate].map(([asOf, balanceFen]) => ({ asOf, balanceFen })).sort((a, b) => a.asOf.localeCompare(b.asOf));
}
