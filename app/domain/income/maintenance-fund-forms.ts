import { z } from "zod";
import { isIsoDate } from "../calendar";
import { parsePercent } from "./percent";

/** The /public-revenue page's forms (the browser imports them). Messages are i18n keys. */
const isoDate = z.string({ error: "income.errors.date" }).refine(isIsoDate, { error: "income.errors.date" });

export const fundRuleFormSchema = z.object({
  percent: z.string({ error: "income.errors.percentInvalid" }).transform((value, ctx) => {
    const parsed = parsePercent(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    }
    return parsed.value;
  }),
  decisionId: z.coerce.number({ error: "publicRevenue.errors.decisionRequired" }).int({ error: "publicRevenue.errors.decisionRequired" })
    .positive({ error: "publicRevenue.errors.decisionRequired" }),
  effectiveFrom: isoDate,
});
export type FundRuleFormInput = z.infer<typeof fundRuleFormSchema>;

export const fundTransferFormSchema = z.object({
  period: z.string({ error: "publicRevenue.errors.period" }).regex(/^\d{4}Q[1-4]$/, { error: "publicRevenue.errors.period" }),
  paidOn: isoDate,
  bankReference: z.string({ error: "publicRevenue.errors.bankReferenceRequired" }).trim()
    .min(1, { error: "publicRevenue.errors.bankReferenceRequired" }).max(100, { error: "errors.tooLong" }),
});
export type FundTransferFormInput = z.infer<typeof fundTransferFormSchema>;
