import { z } from "zod";
import { parseYuan } from "../money";
import { METHODS, procurementRulesSchema, type ProcurementRules } from "./tiers";

/**
 * The rules-change form: thresholds in yuan, quotes per tier, the split
 * window; the owners' decision behind the change (a passed decision of the
 * register) is required.
 */
const yuan = (field: string) =>
  z.string({ error: "spending.errors.amount" }).trim().transform((raw, ctx) => {
    const parsed = parseYuan(raw);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: "spending.errors.amount", path: [] });
      return z.NEVER;
    }
    void field;
    return parsed.value;
  });

const quotesNeeded = z.coerce.number({ error: "spending.errors.quotesNeeded" }).int({ error: "spending.errors.quotesNeeded" }).min(1, { error: "spending.errors.quotesNeeded" }).max(10, { error: "spending.errors.quotesNeeded" });

export const rulesFormSchema = z
  .object({
    comparisonFrom: yuan("comparisonFrom"),
    selectionFrom: yuan("selectionFrom"),
    ownersAbove: yuan("ownersAbove"),
    unanimousFrom: yuan("unanimousFrom"),
    ...Object.fromEntries(METHODS.map((m) => [`minQuotes_${m}`, quotesNeeded])) as Record<`minQuotes_${(typeof METHODS)[number]}`, typeof quotesNeeded>,
    splitWindowDays: z.coerce.number({ error: "spending.errors.splitWindow" }).int({ error: "spending.errors.splitWindow" }).min(1, { error: "spending.errors.splitWindow" }).max(366, { error: "spending.errors.splitWindow" }),
    decisionId: z.coerce.number({ error: "spending.errors.rulesDecisionRequired" }).int({ error: "spending.errors.rulesDecisionRequired" }).positive({ error: "spending.errors.rulesDecisionRequired" }),
    reason: z.string({ error: "spending.errors.reasonRequired" }).trim().min(1, { error: "spending.errors.reasonRequired" }).max(1000, { error: "errors.tooLong" }),
  })
  .transform((v, ctx) => {
    const rules: ProcurementRules = {
      comparisonFromFen: v.comparisonFrom, selectionFromFen: v.selectionFrom, ownersAboveFen: v.ownersAbove, unanimousFromFen: v.unanimousFrom,
      minQuotes: { direct: v.minQuotes_direct, comparison: v.minQuotes_comparison, selection: v.minQuotes_selection, selection_owners: v.minQuotes_selection_owners },
      splitWindowDays: v.splitWindowDays,
    };
    const checked = procurementRulesSchema.safeParse(rules);
    if (!checked.success) {
      ctx.addIssue({ code: "custom", message: checked.error.issues[0]?.message.startsWith("spending.") ? checked.error.issues[0].message : "spending.errors.rulesInvalid", path: [] });
      return z.NEVER;
    }
    return { rules: checked.data, decisionId: v.decisionId, reason: v.reason };
  });
export type RulesChangeInput = { rules: ProcurementRules; decisionId: number | null; reason: string };
