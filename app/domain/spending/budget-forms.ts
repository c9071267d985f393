import { z } from "zod";
import { BOOKS } from "../ledger/chart";
import { parseYuan } from "../money";
import { BUDGET_YEAR_MAX, BUDGET_YEAR_MIN, type BudgetLineInput } from "./budget";
import { BUDGET_KINDS } from "./kinds";

/**
 * The budget forms' schemas, used by the pages (in the browser) and the
 * actions alike. Messages are i18n keys. The draft form has one amount field
 * per kind (`line_<kind>`, typed in yuan; empty means no line) and a note per
 * kind (`note_<kind>`).
 */
export const ALL_BUDGET_KINDS: readonly string[] = [...new Set([...BUDGET_KINDS.cogoverned, ...BUDGET_KINDS.public_revenue])];

const optionalText = (max: number) => z.string().trim().max(max, { error: "errors.tooLong" }).optional().default("");

const year = z.coerce
  .number({ error: "budget.errors.year" })
  .int({ error: "budget.errors.year" })
  .min(BUDGET_YEAR_MIN, { error: "budget.errors.year" })
  .max(BUDGET_YEAR_MAX, { error: "budget.errors.year" });

const lineFields = Object.fromEntries(
  ALL_BUDGET_KINDS.flatMap((kind) => [
    [`line_${kind}`, z.string().trim().max(30, { error: "errors.tooLong" }).optional()],
    [`note_${kind}`, z.string().trim().max(200, { error: "errors.tooLong" }).optional()],
  ]),
) as Record<string, z.ZodOptional<z.ZodString>>;

/** The draft form's fields as typed (for the page's constraints); `budgetDraftFormSchema` turns them into a draft. */
export const budgetDraftFieldsSchema = z.object({
    year,
    book: z.enum(BOOKS, { error: "budget.errors.book" }),
    title: z.string({ error: "budget.errors.titleRequired" }).trim().min(1, { error: "budget.errors.titleRequired" }).max(100, { error: "errors.tooLong" }),
    note: optionalText(500),
    decisionId: z.coerce.number().int().positive().optional(), // the owners' decision in the register
    ...lineFields,
  });

export const budgetDraftFormSchema = budgetDraftFieldsSchema
  .transform((value, ctx) => {
    const fields = value as unknown as Record<string, string | undefined>;
    const lines: BudgetLineInput[] = [];
    for (const kind of ALL_BUDGET_KINDS) {
      const text = fields[`line_${kind}`] ?? "";
      if (text === "") continue;
      if (!BUDGET_KINDS[value.book].includes(kind)) {
        ctx.addIssue({ code: "custom", message: "budget.errors.kindNotOfBook", path: [`line_${kind}`] });
        continue;
      }
      const parsed = parseYuan(text);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: `errors.${parsed.error.code}`, path: [`line_${kind}`] });
        continue;
      }
      lines.push({ kind, amountFen: parsed.value, note: fields[`note_${kind}`] ?? "" });
    }
    if (value.book === "public_revenue" && value.decisionId === undefined) {
      ctx.addIssue({ code: "custom", message: "budget.errors.decisionRequired", path: ["decisionId"] });
    }
    if (lines.length === 0) ctx.addIssue({ code: "custom", message: "budget.errors.noLines", path: [] });
    return {
      year: value.year, book: value.book, title: value.title, note: value.note,
      decisionId: value.decisionId ?? null, lines,
    };
  });
export type BudgetDraftForm = z.infer<typeof budgetDraftFormSchema>;

/** Submit, withdraw or copy, from the budget's page. */
export const budgetActionFormSchema = z.object({
  intent: z.enum(["submit", "withdraw"], { error: "errors.invalid" }),
});

const optionalYear = z.coerce.number().int().min(BUDGET_YEAR_MIN).max(BUDGET_YEAR_MAX).optional().catch(undefined);
const optionalBook = z.enum(BOOKS).optional().catch(undefined);

export const budgetListQuerySchema = z.object({ year: optionalYear, book: optionalBook });
export type BudgetListQuery = z.infer<typeof budgetListQuerySchema>;

/** ?line=<id>: a budget page's line filter (an id; whether the line is the budget's is the page's business). */
export const lineFilterSchema = z.object({ line: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined) });
