import type { Workbook, Worksheet } from "exceljs";
import Papa from "papaparse";
import { BOOKS, type Book } from "~/domain/ledger/chart";
import { fenToDecimalString, fenToYuanNumber } from "~/domain/money";
import { lineLabel } from "~/domain/statements/lines";
import type { StatementSnapshot } from "~/domain/statements/snapshot";
import {
  bookRows, collectionRows, downloadFilename, noticeTitle, paymentDescription, periodName, statementTableRows,
  type Lang, type StatementTableRow, type Translate,
} from "~/domain/statements/table-rows";
import { createI18n } from "~/i18n/i18n";
import type { PublishedRow } from "./published.server";

/**
 * The downloads of a published statement (issue 5 item 8): CSV (UTF-8 with a
 * BOM, so Excel reads the Chinese) and XLSX (amounts as numbers, not text).
 * Both are made only from the frozen snapshot, so they show exactly what the
 * page and the printed notice show.
 */
/** json: the snapshot's exact canonical bytes, whose SHA-256 is the statement hash (check it with sha256sum). */
export type DownloadFormat = "csv" | "xlsx" | "json";
export const DOWNLOAD_FORMATS: readonly DownloadFormat[] = ["csv", "xlsx", "json"];

export interface StatementDownload {
  filename: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}

type PublishedForDownload = { row: Pick<PublishedRow, "period" | "revision" | "hash" | "publishedAt" | "snapshot">; snapshot: StatementSnapshot };

function translator(lang: Lang): Translate {
  const { t } = createI18n(lang);
  return (key, options) => t(key, options);
}

const BOM = "\uFEFF";

/** One table: section, book, line code, line name, amount ("1234.56": yuan, two decimals, no grouping). */
export function statementCsv(published: PublishedForDownload, lang: Lang): string {
  const t = translator(lang);
  const rows = statementTableRows(published.snapshot, lang, t);
  const c = (key: string) => t(`statementPrint.columns.${key}`);
  const csv = Papa.unparse({
    fields: [c("section"), c("book"), c("lineCode"), c("lineName"), c("amount")],
    data: rows.map((r) => [t(`statementPrint.sections.${r.section}`), r.book ? t(`statementPrint.books.${r.book}`) : "", r.lineCode, r.lineName, fenToDecimalString(r.amountFen)]),
  }, { newline: "\r\n" });
  return `${BOM}${csv}\r\n`;
}

export const AMOUNT_FORMAT = "#,##0.00";

function headerBlock(sheet: Worksheet, published: PublishedForDownload, t: Translate): void {
  const { snapshot, row } = published;
  const h = (key: string) => t(`statementPrint.header.${key}`);
  sheet.addRow([noticeTitle(snapshot, t)]).font = { bold: true, size: 13 };
  sheet.addRow([h("community"), snapshot.community.name]);
  sheet.addRow([h("address"), snapshot.community.address]);
  sheet.addRow([h("period"), `${periodName(snapshot.period, t)} (${snapshot.period.startDate} – ${snapshot.period.endDate})`]);
  sheet.addRow([h("revision"), row.revision]);
  sheet.addRow([h("hash"), row.hash]);
  sheet.addRow([h("auditHead"), `#${snapshot.auditHead.seq} ${snapshot.auditHead.hash}`]);
  sheet.addRow([h("postingWindow"), t("statementPrint.windowRange", { from: snapshot.postingWindow.from, to: snapshot.postingWindow.to })]);
  sheet.addRow([h("publishedAt"), row.publishedAt]);
  sheet.addRow([]);
}

function headings(sheet: Worksheet, labels: string[]): void {
  const r = sheet.addRow(labels);
  r.font = { bold: true };
  r.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F4F7" } };
  });
}

/** Adds a row whose cells at `amountColumns` (1-based) are fen turned into formatted yuan numbers. */
function amountRow(sheet: Worksheet, values: (string | number | null)[], amountColumns: number[]): void {
  const r = sheet.addRow(values.map((v, i) => (amountColumns.includes(i + 1) && typeof v === "number" ? fenToYuanNumber(v) : v)));
  for (const col of amountColumns) r.getCell(col).numFmt = AMOUNT_FORMAT;
}

function rowsTable(sheet: Worksheet, rows: StatementTableRow[], t: Translate): void {
  const c = (key: string) => t(`statementPrint.columns.${key}`);
  headings(sheet, [c("section"), c("lineCode"), c("lineName"), c("amount")]);
  for (const r of rows) amountRow(sheet, [t(`statementPrint.sections.${r.section}`), r.lineCode, r.lineName, r.amountFen], [4]);
}

function bookSheet(workbook: Workbook, published: PublishedForDownload, book: Book, lang: Lang, t: Translate): void {
  const statement = published.snapshot.figures.books[book];
  const sheet = workbook.addWorksheet(t(`statementPrint.books.${book}`));
  headerBlock(sheet, published, t);
  rowsTable(sheet, bookRows(statement, lang, t).filter((r) => r.section !== "payment"), t);
  sheet.addRow([]);
  sheet.addRow([t("statementPrint.paymentsTitle")]).font = { bold: true };
  const c = (key: string) => t(`statementPrint.columns.${key}`);
  headings(sheet, [c("date"), c("lineCode"), c("line"), c("description"), c("supplier"), c("approvedOn"), c("decision"), c("amount")]);
  for (const p of statement.payments) {
    amountRow(sheet, [p.date, p.lineKey, lineLabel(p.lineKey, lang), paymentDescription(p, t), p.supplier ?? "", p.approvedOn ?? "", p.decisionRef ?? "", p.amountFen], [8]);
  }
  sheet.columns.forEach((col, i) => {
    col.width = [14, 12, 28, 36, 22, 12, 24, 16][i] ?? 16;
  });
}

function summarySheet(workbook: Workbook, published: PublishedForDownload, t: Translate): void {
  const sheet = workbook.addWorksheet(t("statementPrint.summarySheet"));
  headerBlock(sheet, published, t);
  const s = (key: string) => t(`statementPrint.sections.${key}`);
  headings(sheet, [t("statementPrint.columns.book"), s("opening"), s("income_total"), s("spending_total"), s("closing")]);
  for (const book of BOOKS) {
    const b = published.snapshot.figures.books[book];
    amountRow(sheet, [t(`statementPrint.books.${book}`), b.openingFen, b.incomeTotalFen, b.spendingTotalFen, b.closingFen], [2, 3, 4, 5]);
  }
  sheet.addRow([]);
  sheet.addRow([s("collection")]).font = { bold: true };
  const c = (key: string) => t(`statementPrint.columns.${key}`);
  headings(sheet, [c("lineCode"), c("lineName"), c("amount")]);
  for (const r of collectionRows(published.snapshot.figures.collection, t)) amountRow(sheet, [r.lineCode, r.lineName, r.amountFen], [3]);
  sheet.columns.forEach((col, i) => {
    col.width = [28, 44, 18, 18, 18][i] ?? 18;
  });
}

/** The workbook: a summary sheet, then one sheet per book; every amount a number of yuan with #,##0.00. */
export async function statementXlsx(published: PublishedForDownload, lang: Lang): Promise<Uint8Array<ArrayBuffer>> {
  const t = translator(lang);
  // Loaded on first download, not at start-up (npm start serves its first page sooner, issue 8).
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Mingzhang 明账";
  // Fixed dates keep the file of a published statement the same bytes every time it is made.
  workbook.created = new Date(published.row.publishedAt);
  workbook.modified = new Date(published.row.publishedAt);
  summarySheet(workbook, published, t);
  for (const book of BOOKS) bookSheet(workbook, published, book, lang, t);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

/** The download of a published statement in `format`. */
export async function statementDownload(published: PublishedForDownload, format: DownloadFormat, lang: Lang): Promise<StatementDownload> {
  const filename = downloadFilename(published.row.period, published.row.revision, format);
  if (format === "json") return { filename, contentType: "application/json", body: new TextEncoder().encode(published.row.snapshot) };
  if (format === "csv") return { filename, contentType: "text/csv; charset=utf-8", body: new TextEncoder().encode(statementCsv(published, lang)) };
  return { filename, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: await statementXlsx(published, lang) };
}

/** attachment; filename="statement-2026Q1-r1.csv"; filename*=UTF-8''statement-2026Q1-r1.csv (RFC 6266). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
