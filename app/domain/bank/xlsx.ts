import type { CellValue } from "exceljs";
import type { ReadResult, StatementTable } from "./statement";

/** Excel's date cells arrive as Date objects at UTC midnight of the shown day. */
function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value.trim();
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("").trim();
    if ("result" in value) return cellText(value.result as CellValue);
    if ("text" in value) return String(value.text).trim();
  }
  return "";
}

/** The first worksheet of an XLSX file as a table of text cells (row i is sheet row i + 1). */
export async function readXlsx(bytes: Uint8Array): Promise<ReadResult<StatementTable>> {
  // Loaded when a bank XLSX arrives, not when the server starts.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return { ok: false, problems: [{ code: "bank.errors.xlsx" }] };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) return { ok: false, problems: [{ code: "bank.errors.empty" }] };
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 1); c += 1) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return { ok: true, value: { format: "xlsx", encoding: "xlsx", rows } };
}
