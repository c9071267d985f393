import { z } from "zod";
import { isIsoDate } from "../calendar";
import { BOOKS } from "../ledger/chart";

/**
 * How the columns of one bank's statement file map to a bank line. Columns
 * are named by their header text (the row `headerRow`, 1-based, in the
 * file). Either one signed `amount` column (money in positive), or `debit`
 * 借方/支出 (money OUT of our account) and `credit` 贷方/收入 (money IN).
 */
export interface BankMapping {
  headerRow: number;
  date: string;
  amount?: string;
  debit?: string;
  credit?: string;
  counterparty?: string;
  memo?: string;
  reference?: string;
  balance?: string;
}

const column = z.string().trim().max(100).optional();

const mappingShape = {
    headerRow: z.coerce.number({ message: "bank.errors.headerRow" }).int("bank.errors.headerRow").min(1, "bank.errors.headerRow").max(50, "bank.errors.headerRow"),
    date: z.string({ message: "errors.required" }).trim().min(1, "errors.required").max(100),
    amount: column,
    debit: column,
    credit: column,
    counterparty: column,
    memo: column,
    reference: column,
    balance: column,
};

/** One signed amount column, or both a debit and a credit column. */
function checkAmountLayout(m: { amount?: string; debit?: string; credit?: string }, ctx: z.RefinementCtx) {
  const signed = Boolean(m.amount);
  const split = Boolean(m.debit) || Boolean(m.credit);
  if (signed === split || (split && !(m.debit && m.credit))) {
    ctx.addIssue({ code: "custom", path: ["amount"], message: "bank.errors.amountLayout" });
  }
}

export const bankMappingSchema = z.object(mappingShape).superRefine(checkAmountLayout);

/** A mapping as stored (JSON in bank_mappings / bank_imports): only the keys that are set, in a fixed order. */
export function normalizeMapping(m: BankMapping): BankMapping {
  const out: BankMapping = { headerRow: m.headerRow, date: m.date };
  for (const key of ["amount", "debit", "credit", "counterparty", "memo", "reference", "balance"] as const) {
    const value = m[key];
    if (value) out[key] = value;
  }
  return out;
}

export const bookSchema = z.enum(BOOKS, { message: "bank.errors.book" });

/** Saving a mapping under a bank name (the /bank/mappings form and the import page's "save" button). */
export const saveMappingFormSchema = z
  .object({ name: z.string({ message: "errors.required" }).trim().min(1, "errors.required").max(60, "bank.errors.nameTooLong"), ...mappingShape })
  .superRefine(checkAmountLayout);

/** The import step: the uploaded file (by hash), the book, and either a saved mapping or the columns. */
export const importFormSchema = z
  .object({
    file: z.string({ message: "bank.errors.fileMissing" }).regex(/^[0-9a-f]{64}$/, "bank.errors.fileMissing"),
    filename: z.string().trim().max(200).default("statement"),
    book: bookSchema,
    ...mappingShape,
  })
  .superRefine(checkAmountLayout);

export const matchFormSchema = z.object({
  bankLineId: z.coerce.number().int().positive(),
  entryId: z.coerce.number({ message: "errors.required" }).int().positive(),
});

export const unmatchFormSchema = z.object({ bankLineId: z.coerce.number().int().positive() });

export const assertionFormSchema = z.object({
  book: bookSchema,
  // A real calendar day: the pattern alone let 2026-02-30 through.
  asOf: z.string({ message: "errors.required" }).refine(isIsoDate, "bank.errors.badDate"),
  expected: z.string({ message: "errors.required" }).trim().min(1, "errors.required").max(30),
});

/** Guesses the header row and the columns from the usual Chinese (and English) header names. */
export function guessHeaderRow(rows: readonly (readonly string[])[]): number {
  const index = rows.slice(0, 30).findIndex((row) => row.some((cell) => /日期|date/i.test(cell)) && row.filter((c) => c.trim() !== "").length >= 3);
  return index >= 0 ? index + 1 : 1;
}

const GUESSES: [keyof Omit<BankMapping, "headerRow">, RegExp][] = [
  ["date", /交易日期|记账日期|日期|date/i],
  ["debit", /借方|支出|付款金额|debit|withdraw/i],
  ["credit", /贷方|收入|收款金额|credit|deposit/i],
  ["balance", /余额|balance/i],
  ["counterparty", /对方户名|对方名称|对方账户名|户名|counterparty|payee|payer/i],
  ["memo", /摘要|用途|附言|备注|memo|description|narrative/i],
  ["reference", /流水号|凭证号|交易号|参考号|reference|ref/i],
  ["amount", /金额|amount/i],
];

export function guessMapping(headers: readonly string[], headerRow: number): Partial<BankMapping> {
  const guess: Partial<BankMapping> = { headerRow };
  const used = new Set<string>();
  for (const [key, pattern] of GUESSES) {
    if (key === "amount" && (guess.debit || guess.credit)) continue;
    const found = headers.find((h) => h && !used.has(h) && pattern.test(h));
    if (found) {
      guess[key] = found;
      used.add(found);
    }
  }
  return guess;
}
