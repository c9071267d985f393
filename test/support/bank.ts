import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Db } from "~db/connection";
import type { BankMapping } from "~/domain/bank/mapping";
import type { PostingInput, SourceKind } from "~/domain/ledger/entries";
import { auditedWrite } from "~/services/audited-write.server";
import { writeEntry } from "~/services/ledger/entries.server";

const FIXTURES = path.resolve(__dirname, "../fixtures/bank");

export function fixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
}

/** icbc-gbk.csv: GB18030, three title lines, separate 借/贷 columns and 余额. */
export const GBK_MAPPING: BankMapping = {
  headerRow: 4, date: "交易日期", debit: "借方发生额", credit: "贷方发生额", counterparty: "对方户名", memo: "摘要", balance: "余额", reference: "流水号",
};

/** signed-utf8.csv: UTF-8 with BOM, one signed amount column, two twin lines. */
export const SIGNED_MAPPING: BankMapping = { headerRow: 1, date: "Date", amount: "Amount", counterparty: "Counterparty", memo: "Memo", reference: "Reference" };

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** An XLSX statement written with exceljs: a title row, real Excel date cells and numeric amounts. */
export async function xlsxStatement(rows: (string | number | Date | null)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("明细");
  for (const row of rows) sheet.addRow(row);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

const BANK_TABLES = ["bank_mappings", "bank_imports", "bank_lines", "bank_matches", "balance_assertions", "journal_entries", "postings", "audit_events"] as const;

/** Row counts of the bank tables and the audit head: compared before and after a refused action. */
export function bankDigest(db: Db): Record<(typeof BANK_TABLES)[number] | "maxSeq", number> {
  const out = { maxSeq: 0 } as Record<(typeof BANK_TABLES)[number] | "maxSeq", number>;
  for (const table of BANK_TABLES) out[table] = (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  out.maxSeq = (db.$client.prepare("SELECT coalesce(max(seq), 0) AS s FROM audit_events").get() as { s: number }).s;
  return out;
}

/**
 * A fixture entry that moves money out of a book (or in), written the way a
 * spending path writes one: an audited write with writeEntry and a
 * non-voucher source, its rows in the event. Manual vouchers may no longer
 * spend (checkVoucher), and the spending services are built elsewhere.
 */
export function postFixtureEntry(
  db: Db,
  input: { businessDate: string; memo: string; postings: PostingInput[]; sourceKind?: SourceKind },
  actor: string,
) {
  return auditedWrite(db, { actor, action: "ledger.post" }, (tx, seq) => {
    const written = writeEntry(tx, seq, { businessDate: input.businessDate, memo: input.memo, sourceKind: input.sourceKind ?? "import", postings: input.postings }, actor);
    return { result: { entry: written.entry }, subject: `entry:${written.entry.id}`, rows: written.rows };
  });
}
