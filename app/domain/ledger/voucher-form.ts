/**
 * The manual voucher form (记账凭证) and the reversal form: one zod schema
 * each, used by the browser and the action. Amounts are typed in yuan and
 * parsed exactly (parseYuan); blank lines are ignored.
 */
import { z } from "zod";
import { parseYuan } from "../money";
import { BOOKS, type Book } from "./chart";
import { isIsoDate, type PostingInput } from "./entries";

export const VOUCHER_BLANK_LINES = 6;
export const VOUCHER_MAX_LINES = 40;

const text = (max: number, tooLong: string) => z.string({ message: "errors.required" }).trim().min(1, "errors.required").max(max, tooLong);
const isoDate = z.string({ message: "errors.required" }).refine(isIsoDate, "ledger.errors.badDate");

const lineSchema = z.object({
  // Bounded like every other field, so a pasted megabyte is refused here, not carried into the checks below.
  account: z.string().trim().max(20, "errors.tooLong").optional(),
  debit: z.string().trim().max(30, "errors.tooLong").optional(),
  credit: z.string().trim().max(30, "errors.tooLong").optional(),
  memo: z.string().trim().max(200, "errors.tooLong").optional(),
});

export type VoucherLine = z.infer<typeof lineSchema>;

function isBlank(line: VoucherLine): boolean {
  return !line.account && !line.debit && !line.credit && !line.memo;
}

function parseAmount(textValue: string): { ok: true; fen: number } | { ok: false; code: string } {
  const parsed = parseYuan(textValue);
  if (!parsed.ok) return { ok: false, code: `errors.${parsed.error.code}` };
  if (parsed.value === 0) return { ok: false, code: "ledger.form.zeroAmount" };
  return { ok: true, fen: parsed.value };
}

export const voucherFormSchema = z
  .object({
    businessDate: isoDate,
    memo: text(200, "ledger.errors.memoTooLong"),
    book: z.enum(BOOKS, { message: "ledger.form.book" }),
    lines: z.array(lineSchema).max(VOUCHER_MAX_LINES, "errors.tooLong").default([]),
  })
  .superRefine((value, ctx) => {
    let used = 0;
    value.lines.forEach((line, index) => {
      if (isBlank(line)) return;
      used += 1;
      if (!line.account) ctx.addIssue({ code: "custom", path: ["lines", index, "account"], message: "ledger.form.accountRequired" });
      if (line.debit && line.credit) ctx.addIssue({ code: "custom", path: ["lines", index, "credit"], message: "ledger.form.oneSide" });
      else if (!line.debit && !line.credit) ctx.addIssue({ code: "custom", path: ["lines", index, "debit"], message: "ledger.form.amountRequired" });
      for (const side of ["debit", "credit"] as const) {
        const amount = line[side];
        if (!amount) continue;
        const parsed = parseAmount(amount);
        if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["lines", index, side], message: parsed.code });
      }
    });
    if (used < 2) ctx.addIssue({ code: "custom", path: ["lines"], message: "ledger.errors.tooFewPostings" });
  });

export type VoucherForm = z.infer<typeof voucherFormSchema>;

/**
 * The entry a valid form describes, and for each posting the form line it
 * came from (so a refusal naming "line 2" can be shown on the right row).
 */
export function voucherEntry(form: VoucherForm): { input: { businessDate: string; memo: string; postings: PostingInput[] }; formLines: number[] } {
  const postings: PostingInput[] = [];
  const formLines: number[] = [];
  form.lines.forEach((line, index) => {
    if (isBlank(line)) return;
    const debit = line.debit ? parseAmount(line.debit) : null;
    const credit = line.credit ? parseAmount(line.credit) : null;
    const amountFen = debit?.ok ? debit.fen : credit?.ok ? -credit.fen : 0;
    postings.push({ book: form.book as Book, accountCode: line.account ?? "", amountFen, memo: line.memo ?? "" });
    formLines.push(index);
  });
  return { input: { businessDate: form.businessDate, memo: form.memo, postings }, formLines };
}

export const reverseFormSchema = z.object({
  reason: text(200, "errors.tooLong"),
  businessDate: isoDate,
});
