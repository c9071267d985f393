import { z } from "zod";
import { isIsoDate } from "../calendar";
import { BOOKS, type Book } from "../ledger/chart";
import { parseRate, parseYuan } from "../money";
import { isProposalKind } from "./kinds";
import { PROPOSAL_STATUSES } from "./proposal-states";

/**
 * The proposal forms' schemas (used in the browser and by the actions) and
 * the pure checks the services apply to their own inputs. Messages are i18n
 * keys. Line items are posted as items[0].description … (a fixed number of
 * rows, so the form works without JavaScript; empty rows are ignored).
 */
export const ITEM_ROWS = 8;

export interface ProposalItem {
  description: string;
  quantity: string; // "2", "1.5": a decimal string, ≤ 2 decimals
  unit: string;
  estimatedFen: number;
}

export interface ProposalDraftInput {
  book: Book;
  kind: string;
  title: string;
  reason: string;
  items: ProposalItem[];
  isMajorRepair: boolean | null | undefined; // a required answer: null/undefined is refused
  decisionId?: number | null; // the owners' decision cited directly (the register's id)
  budgetLineId?: number | null;
}

export type Problem = { code: string; field?: string; params?: Record<string, string | number> };

const QUANTITY = /^(?:0|[1-9]\d{0,8})(?:\.\d{1,2})?$/;

export function isQuantity(text: string): boolean {
  return QUANTITY.test(text) && !/^0(?:\.0{1,2})?$/.test(text);
}

/** The first problem of a draft, or null. The service's refusal, also behind the form. */
export function checkProposalDraft(input: ProposalDraftInput): Problem | null {
  if (!BOOKS.includes(input.book)) return { code: "spending.errors.book", field: "book" };
  if (!isProposalKind(input.book, input.kind)) return { code: "spending.errors.kindNotOfBook", field: "kind" };
  if (input.title.trim() === "") return { code: "spending.errors.titleRequired", field: "title" };
  if (input.title.trim().length > 100) return { code: "errors.tooLong", field: "title" };
  if (input.reason.trim() === "") return { code: "spending.errors.reasonRequired", field: "reason" };
  if (input.items.length === 0) return { code: "spending.errors.noItems", field: "items" };
  for (const [i, item] of input.items.entries()) {
    const line = { line: i + 1 };
    if (item.description.trim() === "") return { code: "spending.errors.itemDescription", field: "items", params: line };
    if (!isQuantity(item.quantity.trim())) return { code: "spending.errors.itemQuantity", field: "items", params: line };
    if (item.unit.trim() === "") return { code: "spending.errors.itemUnit", field: "items", params: line };
    if (!Number.isSafeInteger(item.estimatedFen) || item.estimatedFen < 0) return { code: "spending.errors.itemAmount", field: "items", params: line };
  }
  if (estimateOf(input.items) <= 0) return { code: "spending.errors.itemAmount", field: "items", params: { line: 1 } };
  if (typeof input.isMajorRepair !== "boolean") return { code: "spending.errors.majorRepairAnswer", field: "isMajorRepair" };
  if (input.isMajorRepair && input.book === "cogoverned") return { code: "spending.errors.majorRepairNotServiceFunds", field: "isMajorRepair" };
  return null;
}

/**
 * Public revenue rests on an owners' decision (DESIGN.md §7): cited directly
 * or through a decision-approved budget line. Only a project above the
 * owners' threshold may be drafted and quoted first, so that the owners
 * decide on it with the quotes in hand; it cannot be submitted before.
 */
export function citationProblem(input: ProposalDraftInput, ownersAboveFen: number): Problem | null {
  if (input.book !== "public_revenue" || input.decisionId != null || input.budgetLineId != null) return null;
  return estimateOf(input.items) > ownersAboveFen ? null : { code: "spending.errors.decisionRefRequired", field: "decisionId" };
}

export function estimateOf(items: readonly ProposalItem[]): number {
  return items.reduce((sum, item) => sum + item.estimatedFen, 0);
}

const text = (max: number) => z.string().trim().max(max, { error: "errors.tooLong" });
const optional = (max: number) => text(max).optional().default("");

const itemRow = z.object({
  description: optional(200),
  quantity: optional(20),
  unit: optional(20),
  estimated: optional(30),
});

/** The draft and edit form. */
export const proposalFormSchema = z
  .object({
    book: z.enum(BOOKS, { error: "spending.errors.book" }),
    kind: z.string({ error: "spending.errors.kindNotOfBook" }).trim().max(20, { error: "spending.errors.kindNotOfBook" }),
    title: z.string({ error: "spending.errors.titleRequired" }).trim().min(1, { error: "spending.errors.titleRequired" }).max(100, { error: "errors.tooLong" }),
    reason: z.string({ error: "spending.errors.reasonRequired" }).trim().min(1, { error: "spending.errors.reasonRequired" }).max(2000, { error: "errors.tooLong" }),
    items: z.array(itemRow.optional()).max(ITEM_ROWS).optional().default([]),
    isMajorRepair: z.enum(["yes", "no"], { error: "spending.errors.majorRepairAnswer" }),
    decisionId: z.coerce.number().int().positive().optional(),
    budgetLineId: z.coerce.number().int().positive().optional(),
  })
  .transform((value, ctx) => {
    const items: ProposalItem[] = [];
    value.items.forEach((row, i) => {
      if (!row || (row.description === "" && row.quantity === "" && row.unit === "" && row.estimated === "")) return;
      const amount = parseYuan(row.estimated);
      if (!amount.ok) {
        ctx.addIssue({ code: "custom", message: "spending.errors.itemAmount", path: ["items", i, "estimated"] });
        return;
      }
      if (!isQuantity(row.quantity)) ctx.addIssue({ code: "custom", message: "spending.errors.itemQuantity", path: ["items", i, "quantity"] });
      if (row.description === "") ctx.addIssue({ code: "custom", message: "spending.errors.itemDescription", path: ["items", i, "description"] });
      if (row.unit === "") ctx.addIssue({ code: "custom", message: "spending.errors.itemUnit", path: ["items", i, "unit"] });
      items.push({ description: row.description, quantity: row.quantity, unit: row.unit, estimatedFen: amount.value });
    });
    if (items.length === 0) ctx.addIssue({ code: "custom", message: "spending.errors.noItems", path: ["items"] });
    if (!isProposalKind(value.book, value.kind)) ctx.addIssue({ code: "custom", message: "spending.errors.kindNotOfBook", path: ["kind"] });
    if (value.book === "cogoverned" && value.isMajorRepair === "yes") ctx.addIssue({ code: "custom", message: "spending.errors.majorRepairNotServiceFunds", path: ["isMajorRepair"] });
    const input: ProposalDraftInput = {
      book: value.book, kind: value.kind, title: value.title, reason: value.reason, items,
      isMajorRepair: value.isMajorRepair === "yes", decisionId: value.decisionId ?? null, budgetLineId: value.budgetLineId ?? null,
    };
    return input;
  });

/** A quote: one amount per line item, in yuan (quote[0] …). */
export const quoteFormSchema = z
  .object({
    supplierId: z.coerce.number({ error: "spending.errors.supplierUnknown" }).int().positive({ error: "spending.errors.supplierUnknown" }),
    amounts: z.array(text(30).optional()).max(ITEM_ROWS).optional().default([]),
    validUntil: z.string({ error: "spending.errors.validUntil" }).trim().refine(isIsoDate, { error: "spending.errors.validUntil" }),
    note: optional(500),
  })
  .transform((value, ctx) => {
    const itemAmounts: number[] = [];
    value.amounts.forEach((raw, i) => {
      const parsed = parseYuan(raw ?? "");
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: "spending.errors.itemAmount", path: ["amounts", i] });
      else itemAmounts.push(parsed.value);
    });
    return { supplierId: value.supplierId, itemAmounts, validUntil: value.validUntil, note: value.note };
  });

const score = (max: number) => z.coerce.number({ error: "spending.errors.scoreRange" }).int({ error: "spending.errors.scoreRange" }).min(0, { error: "spending.errors.scoreRange" }).max(max, { error: "spending.errors.scoreRange" });

export const SCORE_MAX = { price: 40, qualification: 30, service: 30 } as const;

export const scoreFormSchema = z.object({
  quoteId: z.coerce.number({ error: "spending.errors.unknownQuote" }).int().positive(),
  price: score(SCORE_MAX.price),
  qualification: score(SCORE_MAX.qualification),
  service: score(SCORE_MAX.service),
  comment: optional(500),
});
export type ScoreInput = z.output<typeof scoreFormSchema>;

const percent = (max: number, code: string) =>
  optional(10).transform((raw, ctx) => {
    const parsed = parseRate(raw === "" ? "0" : raw, 2);
    if (!parsed.ok || Number(parsed.value) > max) {
      ctx.addIssue({ code: "custom", message: code });
      return z.NEVER;
    }
    return parsed.value;
  });

/** Selection and submission. Percentages are stored as "30.00". */
export const submitFormSchema = z
  .object({
    selectedQuoteId: z.coerce.number({ error: "spending.errors.unknownQuote" }).int().positive({ error: "spending.errors.unknownQuote" }),
    selectionReason: optional(1000),
    exceptionReason: optional(1000),
    collusionReason: optional(1000),
    decisionId: z.coerce.number().int().positive().optional(), // cites (or changes) the owners' decision at submission
    advancePercent: percent(50, "spending.errors.advancePercent"),
    retentionPercent: percent(10, "spending.errors.retentionPercent"),
    warrantyMonths: z.coerce.number({ error: "spending.errors.warrantyMonths" }).int({ error: "spending.errors.warrantyMonths" }).min(0, { error: "spending.errors.warrantyMonths" }).max(60, { error: "spending.errors.warrantyMonths" }).optional().default(0),
  })
  .refine((v) => Number(v.retentionPercent) === 0 || v.warrantyMonths > 0, { message: "spending.errors.warrantyNeeded", path: ["warrantyMonths"] });
export type SubmitInput = z.output<typeof submitFormSchema> & { onDate?: string };

export const withdrawFormSchema = z.object({
  reason: z.string({ error: "spending.errors.reasonRequired" }).trim().min(1, { error: "spending.errors.reasonRequired" }).max(1000, { error: "errors.tooLong" }),
});

/** The page's buttons: intent + (for withdraw) a reason. */
export const proposalIntentSchema = z.object({
  intent: z.enum(["openQuoting", "closeQuoting", "reopenQuoting", "withdraw"], { error: "spending.errors.intent" }),
  reason: optional(1000),
});

export const proposalListQuerySchema = z.object({
  status: z.enum(PROPOSAL_STATUSES).optional().catch(undefined),
  book: z.enum(BOOKS).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0),
});
export type ProposalListQuery = z.output<typeof proposalListQuerySchema>;
