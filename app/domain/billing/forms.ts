import { z } from "zod";
import { isIsoDate } from "../ledger/entries";
import { parseRate, parseYuan } from "../money";
import { UNIT_KINDS } from "../register";
import { isMonth } from "./periods";

/** Form schemas of the billing pages; the browser imports them too. Messages are i18n keys. */
export const PAYMENT_METHODS = ["bank", "wechat", "alipay", "cash"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const required = (max: number) =>
  z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(max, { error: "errors.tooLong" });

export const monthField = z.string({ error: "errors.required" }).trim().refine(isMonth, { error: "billing.errors.badMonth" });
export const dateField = z.string({ error: "errors.required" }).trim().refine(isIsoDate, { error: "billing.errors.badDate" });

/** A rate as typed, normalized to 4 decimals ("2.85" → "2.8500"); 5 decimals or a negative is refused. */
export const rateField = z.string({ error: "errors.required" }).transform((value, ctx) => {
  const parsed = parseRate(value, 4);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: `billing.errors.${parsed.error.code.replace("rate.", "rate_")}` });
    return z.NEVER;
  }
  return parsed.value;
});

/** An amount of money as typed: positive, at most 2 decimals, to fen. */
export const amountField = z.string({ error: "errors.required" }).transform((value, ctx) => {
  const parsed = parseYuan(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: `billing.errors.${parsed.error.code.replace("money.", "money_")}` });
    return z.NEVER;
  }
  if (parsed.value <= 0) {
    ctx.addIssue({ code: "custom", message: "billing.errors.money_notPositive" });
    return z.NEVER;
  }
  return parsed.value;
});

export const rateFormSchema = z.object({
  unitKind: z.enum(UNIT_KINDS, { error: "errors.unitKind" }),
  rate: rateField,
  effectiveFrom: monthField,
  reference: required(200),
});
export type RateForm = z.infer<typeof rateFormSchema>;

export const runFormSchema = z.object({
  periodStart: monthField,
  issuedOn: dateField,
  dueOn: dateField,
});
export type RunForm = z.infer<typeof runFormSchema>;

export const paymentFormSchema = z.object({
  building: required(20),
  number: required(20),
  amount: amountField,
  receivedOn: dateField,
  method: z.enum(PAYMENT_METHODS, { error: "billing.errors.method" }),
  reference: required(100),
  allowPrepayment: z.boolean().optional().transform((v) => v ?? false),
  idempotencyKey: z.string().trim().max(100).optional(),
});
export type PaymentForm = z.infer<typeof paymentFormSchema>;

const optionalDate = z.string().trim().refine(isIsoDate).optional().catch(undefined);

/** Filters of the payments list; bad values fall back to "no filter". */
export const paymentFilterSchema = z.object({
  from: optionalDate,
  to: optionalDate,
  method: z.enum(PAYMENT_METHODS).optional().catch(undefined),
  building: z.string().trim().min(1).max(20).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0),
});
export type PaymentFilter = z.infer<typeof paymentFilterSchema>;

export const ARREARS_VIEWS = ["unit", "owner", "building"] as const;
export const arrearsQuerySchema = z.object({
  by: z.enum(ARREARS_VIEWS).catch("unit"),
  asOf: z.string().trim().refine(isIsoDate).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0),
});
