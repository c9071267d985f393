import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { env } from "~/env.server";
import { BankFileError } from "~/domain/bank/errors";
import { isZip, linesFromTable, readCsv, type StatementLine, type StatementTable } from "~/domain/bank/statement";
import { readXlsx } from "~/domain/bank/xlsx";
import { guessHeaderRow, guessMapping, type BankMapping } from "~/domain/bank/mapping";

export const MAX_STATEMENT_BYTES = 5 * 1024 * 1024;

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A statement file as a table: XLSX if it is a ZIP, else CSV in UTF-8 or GB18030. */
export async function readStatementTable(bytes: Uint8Array): Promise<StatementTable> {
  if (bytes.length === 0) throw new BankFileError([{ code: "bank.errors.empty" }]);
  if (bytes.length > MAX_STATEMENT_BYTES) throw new BankFileError([{ code: "bank.errors.tooLarge" }]);
  const read = isZip(bytes) ? await readXlsx(bytes) : readCsv(bytes);
  if (!read.ok) throw new BankFileError(read.problems);
  return read.value;
}

/** The lines of a statement file under a mapping, or a BankFileError listing every bad row. */
export async function readStatementLines(bytes: Uint8Array, mapping: BankMapping): Promise<{ table: StatementTable; lines: StatementLine[] }> {
  const table = await readStatementTable(bytes);
  const lines = linesFromTable(table, mapping);
  if (!lines.ok) throw new BankFileError(lines.problems);
  return { table, lines: lines.value };
}

/*
 * The two-step import (upload, then mapping) works without JavaScript: the
 * uploaded bytes are kept in a folder beside the database, named by their
 * SHA-256, and the mapping form carries only that hash. The name is the
 * content's own hash, so a form cannot point at anything but an upload.
 */
function uploadsDir(): string {
  return path.join(path.dirname(path.resolve(env().DATABASE_PATH)), "bank-uploads");
}

export function storeUpload(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new BankFileError([{ code: "bank.errors.empty" }]);
  if (bytes.length > MAX_STATEMENT_BYTES) throw new BankFileError([{ code: "bank.errors.tooLarge" }]);
  const hash = sha256OfBytes(bytes);
  const dir = uploadsDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, hash);
  if (!fs.existsSync(file)) fs.writeFileSync(file, bytes, { mode: 0o600 });
  return hash;
}

export function loadUpload(hash: string): Uint8Array | null {
  if (!/^[0-9a-f]{64}$/.test(hash)) return null;
  const file = path.join(uploadsDir(), hash);
  return fs.existsSync(file) ? new Uint8Array(fs.readFileSync(file)) : null;
}

export const PREVIEW_ROWS = 10;

/**
 * The mapping step's view of an upload: its format and encoding, its first
 * rows (at least through the header row and a few lines after it) and the
 * header names of the chosen (or guessed) header row. Null when the upload
 * is gone; a BankFileError when it cannot be read at all.
 */
export async function previewUpload(hash: string, headerRow?: number) {
  const bytes = loadUpload(hash);
  if (!bytes) return null;
  const table = await readStatementTable(bytes);
  const chosen = headerRow ?? guessHeaderRow(table.rows);
  const shown = Math.max(PREVIEW_ROWS, chosen + 3);
  const headers = (table.rows[chosen - 1] ?? []).filter((h) => h !== "");
  return {
    format: table.format,
    encoding: table.encoding,
    rowCount: table.rows.length,
    rows: table.rows.slice(0, shown),
    headerRow: chosen,
    headers: [...new Set(headers)],
    guess: guessMapping(headers, chosen),
  };
}
