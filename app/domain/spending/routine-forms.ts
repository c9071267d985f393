import { z } from "zod";
import { BOOKS } from "../ledger/chart";
import { isIsoDate } from "../calendar";
import { BUDGET_YEAR_MAX, BUDGET_YEAR_MIN } from "./budget";
import { ROUTINE_KIND_NAMES } from "./kinds";
import { positiveYuanField } from "../money-fields";

/**
 * The routine spending form (日常支出) and its list's filters. The voucher
 * file is not part of the schema: the action reads it from the multipart
 * body and the service refuses a payment without one.
 */
const routineKinds = ROUTINE_KIND_NAMES as unknown as [string, ...string[]];

const positiveYuan = positiveYuanField("budget.errors.amountPositive");

const optionalText = (max: number) => z.string().trim().max(max, { error: "errors.tooLong" }).optional().default("");

export const routineFormSchema = z.object({
  budgetLineId: z.coerce.number({ error: "budget.errors.lineRequired" }).int({ error: "budget.errors.lineRequired" }).positive({ error: "budget.errors.lineRequired" }),
  routineKind: z.enum(routineKinds, { error: "budget.errors.routineKind" }),
  paidOn: z.string({ error: "budget.errors.date" }).refine(isIsoDate, { error: "budget.errors.date" }),
  amount: positiveYuan,
  payee: z.string({ error: "budget.errors.payeeRequired" }).trim().min(1, { error: "budget.errors.payeeRequired" }).max(100, { error: "errors.tooLong" }),
  bankReference: optionalText(100),
  invoiceNumber: optionalText(100),
  memo: optionalText(200),
  idempotencyKey: z.string().trim().max(100).optional(),
});
export type RoutineForm = z.infer<typeof routineFormSchema>;

export const routineListQuerySchema = z.object({
  year: z.coerce.number().int().min(BUDGET_YEAR_MIN).max(BUDGET_YEAR_MAX).optional().catch(undefined),
  book: z.enum(BOOKS).optional().catch(undefined),
  kind: z.enum(routineKinds).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0),
});
export type RoutineListQuery = z.infer<typeof routineListQuerySchema>;
