import { z } from "zod";
import { BOOKS } from "../ledger/chart";
import { isIsoDate } from "../ledger/entries";
import { INCOME_KINDS, SPLIT_KINDS } from "./kinds";
import { isMonth } from "./periods";
import { parsePercent } from "./percent";
import { positiveYuanField } from "../money-fields";

/**
 * The income feature's form schemas, used by the pages (in the browser) and
 * the actions alike. Messages are i18n keys.
 */
const requiredText = (max: number, error = "errors.required") =>
  z.string({ error }).trim().min(1, { error }).max(max, { error: "errors.tooLong" });

const isoDate = z.string({ error: "income.errors.date" }).refine(isIsoDate, { error: "income.errors.date" });
const month = z.string({ error: "income.errors.month" }).refine(isMonth, { error: "income.errors.month" });

const percent = z.string({ error: "income.errors.percentInvalid" }).transform((value, ctx) => {
  const parsed = parsePercent(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  return parsed.value;
});

const positiveYuan = positiveYuanField("income.errors.amountPositive");

export const splitRuleFormSchema = z.object({
  kind: z.enum(SPLIT_KINDS, { error: "income.errors.kind" }),
  publicRevenuePercent: percent,
  effectiveFrom: isoDate,
  decisionId: z.coerce.number({ error: "income.errors.decisionRequired" }).int({ error: "income.errors.decisionRequired" })
    .positive({ error: "income.errors.decisionRequired" }),
});
export type SplitRuleFormInput = z.infer<typeof splitRuleFormSchema>;

export const incomeFormSchema = z.object({
  kind: z.enum(INCOME_KINDS, { error: "income.errors.kind" }),
  receivedOn: isoDate,
  amount: positiveYuan,
  book: z.enum(BOOKS, { error: "income.errors.bookRequired" }).optional(),
  counterparty: requiredText(100, "income.errors.counterpartyRequired"),
  counterpartyIsPerson: z.boolean().optional().default(false),
  reference: requiredText(100, "income.errors.referenceRequired"),
  permitRef: z.string().trim().max(100, { error: "errors.tooLong" }).optional(),
  memo: z.string().trim().max(200, { error: "errors.tooLong" }).optional(),
  // Costs deducted from the public-revenue share before it was paid over; its evidence comes as a file.
  deduction: positiveYuanField("income.errors.deductionPositive").optional(),
  deductionReason: z.string().trim().max(200, { error: "errors.tooLong" }).optional(),
}).superRefine((value, ctx) => {
  if (value.deduction !== undefined && !value.deductionReason) {
    ctx.addIssue({ code: "custom", path: ["deductionReason"], message: "income.errors.deductionReasonRequired" });
  }
});
export type IncomeFormInput = z.infer<typeof incomeFormSchema>;

export const remunerationRuleFormSchema = z.discriminatedUnion("method", [
  z.object({
    method: z.literal("fixed"),
    fixedAmount: positiveYuan,
    effectiveFrom: month,
    contractRef: requiredText(100, "income.errors.contractRequired"),
  }),
  z.object({
    method: z.literal("percent"),
    percent,
    effectiveFrom: month,
    contractRef: requiredText(100, "income.errors.contractRequired"),
  }),
], { error: "income.errors.method" });
export type RemunerationRuleFormInput = z.infer<typeof remunerationRuleFormSchema>;

export const accrueFormSchema = z.object({ month });

/** The filters of the income list; bad values fall back to none. */
export const incomeListQuerySchema = z.object({
  kind: z.enum(INCOME_KINDS).optional().catch(undefined),
  book: z.enum(BOOKS).optional().catch(undefined),
  from: z.string().refine(isIsoDate).optional().catch(undefined),
  to: z.string().refine(isIsoDate).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0),
});
export type IncomeListQuery = z.infer<typeof incomeListQuerySchema>;
