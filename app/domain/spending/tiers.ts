/**
 * Procurement tiers and quote rules (DESIGN.md §7). Pure: the service passes
 * the quotes, suppliers, other proposals and the date in.
 */
import { z } from "zod";
import { daysBetween } from "../calendar";

export const METHODS = ["direct", "comparison", "selection", "selection_owners"] as const;
export type Method = (typeof METHODS)[number];

export interface ProcurementRules {
  comparisonFromFen: number; // from this amount, price comparison 比价
  selectionFromFen: number; // from this amount, selection 遴选 with scores
  ownersAboveFen: number; // above this amount, an owners' decision must authorise it
  minQuotes: Record<Method, number>;
  splitWindowDays: number; // 拆单: same supplier, same kind, within this many days
  unanimousFromFen: number; // 会签: from this amount every voter must approve
}

export const DEFAULT_RULES: ProcurementRules = {
  comparisonFromFen: 200_000,
  selectionFromFen: 5_000_000,
  ownersAboveFen: 20_000_000,
  minQuotes: { direct: 1, comparison: 3, selection: 3, selection_owners: 3 },
  splitWindowDays: 30,
  unanimousFromFen: 5_000_000,
};

const fen = z.number().int().min(0).max(100_000_000_000);
const quotesNeeded = z.number().int().min(1).max(10);

/** The stored form of a rules change; thresholds must rise with the tiers. */
export const procurementRulesSchema = z
  .object({
    comparisonFromFen: fen,
    selectionFromFen: fen,
    ownersAboveFen: fen,
    minQuotes: z.object({ direct: quotesNeeded, comparison: quotesNeeded, selection: quotesNeeded, selection_owners: quotesNeeded }),
    splitWindowDays: z.number().int().min(1).max(366),
    unanimousFromFen: fen,
  })
  .refine((r) => r.comparisonFromFen <= r.selectionFromFen && r.selectionFromFen <= r.ownersAboveFen, {
    message: "spending.errors.rulesOrder",
  });

/** The tier of an amount: below ¥2,000 direct; below ¥50,000 comparison; up to ¥200,000 selection; above, with owners. */
export function methodFor(amountFen: number, rules: ProcurementRules = DEFAULT_RULES): Method {
  if (amountFen < rules.comparisonFromFen) return "direct";
  if (amountFen < rules.selectionFromFen) return "comparison";
  if (amountFen <= rules.ownersAboveFen) return "selection";
  return "selection_owners";
}

export interface OtherSelection {
  proposalId: number;
  supplierId: number;
  kind: string;
  selectedOn: string; // YYYY-MM-DD
  amountFen: number;
}

function daysApart(a: string, b: string): number {
  return Math.abs(daysBetween(a, b));
}

/**
 * 拆单: a proposal is judged with every other live proposal to the same
 * supplier of the same kind selected within the window before or after it.
 */
export function splitCompanions(
  current: { supplierId: number; kind: string; selectedOn: string },
  others: readonly OtherSelection[],
  windowDays: number,
): OtherSelection[] {
  return others.filter(
    (o) => o.supplierId === current.supplierId && o.kind === current.kind && daysApart(o.selectedOn, current.selectedOn) <= windowDays,
  );
}

export interface QuoteFacts {
  id: number;
  supplierId: number;
  amountFen: number;
  validUntil: string;
  supplierActive: boolean;
  supplierRelatedToCompany: boolean;
}

export type QuoteDefect = "expired" | "inactiveSupplier" | "companyRelated" | "duplicateSupplier";

/** Why each quote does not count toward the minimum on `onDate` (empty: it counts). */
export function quoteDefects(quotes: readonly QuoteFacts[], onDate: string): Map<number, QuoteDefect[]> {
  const seen = new Set<number>();
  const out = new Map<number, QuoteDefect[]>();
  for (const q of [...quotes].sort((a, b) => a.id - b.id)) {
    const defects: QuoteDefect[] = [];
    if (q.validUntil < onDate) defects.push("expired");
    if (!q.supplierActive) defects.push("inactiveSupplier");
    if (q.supplierRelatedToCompany) defects.push("companyRelated");
    if (seen.has(q.supplierId)) defects.push("duplicateSupplier");
    seen.add(q.supplierId);
    out.set(q.id, defects);
  }
  return out;
}

/** The lowest valid quote (the earliest on a tie), or null when none is valid. */
export function lowestValidQuote(quotes: readonly QuoteFacts[], onDate: string): QuoteFacts | null {
  const defects = quoteDefects(quotes, onDate);
  const valid = quotes.filter((q) => defects.get(q.id)!.length === 0);
  return valid.reduce<QuoteFacts | null>((best, q) => (!best || q.amountFen < best.amountFen || (q.amountFen === best.amountFen && q.id < best.id) ? q : best), null);
}

export interface SupplierContact {
  id: number;
  legalRepresentative: string;
  phone: string;
  address: string;
  bankAccount: string;
}

export const COLLUSION_FIELDS = ["legalRepresentative", "phone", "address", "bankAccount"] as const;
export type CollusionField = (typeof COLLUSION_FIELDS)[number];
export interface CollusionFlag {
  field: CollusionField;
  supplierIds: number[];
}

/**
 * A phone number's digits, with China's country code dropped: "+86 138-1234-5678",
 * "0086 13812345678", "8613812345678" and "138 1234 5678" are one number;
 * "+86 21 8888 8888" is the landline "021 8888 8888".
 */
function phoneKey(value: string): string {
  let digits = value.replace(/\D/g, "");
  const international = /^\s*(\+|00)\s*86/.test(value);
  if (international) digits = digits.replace(/^(00)?86/, "");
  else if (digits.length === 13 && digits.startsWith("861")) digits = digits.slice(2);
  if (international && digits !== "" && !digits.startsWith("1") && !digits.startsWith("0")) digits = `0${digits}`;
  return digits;
}

/** Full-width and half-width forms, spaces and case do not hide a shared value; phones and bank accounts compare by their digits (and letters). */
function normalise(field: CollusionField, value: string): string {
  const compact = value.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  if (field === "phone") return phoneKey(compact);
  return field === "bankAccount" ? compact.replace(/[^0-9a-z]/g, "") : compact;
}

/** 陪标 signs: quoting suppliers that share a legal representative, phone, address or bank account. */
export function collusionFlags(suppliers: readonly SupplierContact[]): CollusionFlag[] {
  const flags: CollusionFlag[] = [];
  for (const field of COLLUSION_FIELDS) {
    const groups = new Map<string, number[]>();
    for (const s of suppliers) {
      const key = normalise(field, s[field]);
      if (key === "") continue;
      groups.set(key, [...(groups.get(key) ?? []), s.id]);
    }
    for (const ids of groups.values()) if (new Set(ids).size > 1) flags.push({ field, supplierIds: [...new Set(ids)].sort((a, b) => a - b) });
  }
  return flags;
}

export interface SelectionInput {
  estimatedFen: number;
  selectedQuoteId: number;
  quotes: readonly QuoteFacts[];
  onDate: string;
  companionsFen: number; // the amounts of split companions (0 when none)
  rules: ProcurementRules;
  flags: readonly CollusionFlag[];
  selectionReason: string;
  exceptionReason: string;
  collusionReason: string;
  decisionCited: boolean; // a passed owners' decision is cited (directly or through the budget line), checked by the service
}

export type SelectionProblem =
  | "spending.errors.unknownQuote"
  | "spending.errors.selectedInvalid"
  | "spending.errors.notEnoughQuotes"
  | "spending.errors.nonLowestNeedsReason"
  | "spending.errors.collusionNeedsReason"
  | "spending.errors.ownersDecisionNeeded";

export interface SelectionCheck {
  method: Method;
  basisFen: number;
  validCount: number;
  needed: number;
  lowestQuoteId: number | null;
  problems: { code: SelectionProblem; params?: Record<string, string | number> }[];
}

/**
 * The tier and the rules of §7 applied to a selection: the basis is the
 * selected quote or the estimate, whichever is higher, plus split companions.
 */
export function checkSelection(input: SelectionInput): SelectionCheck {
  const selected = input.quotes.find((q) => q.id === input.selectedQuoteId);
  const basisFen = Math.max(selected?.amountFen ?? 0, input.estimatedFen) + input.companionsFen;
  const method = methodFor(basisFen, input.rules);
  const needed = input.rules.minQuotes[method];
  const defects = quoteDefects(input.quotes, input.onDate);
  const validCount = [...defects.values()].filter((d) => d.length === 0).length;
  const lowest = lowestValidQuote(input.quotes, input.onDate);
  const problems: SelectionCheck["problems"] = [];
  if (!selected) problems.push({ code: "spending.errors.unknownQuote" });
  else if (defects.get(selected.id)!.length > 0) problems.push({ code: "spending.errors.selectedInvalid", params: { defects: defects.get(selected.id)!.join(",") } });
  if (validCount < needed && input.exceptionReason.trim() === "") problems.push({ code: "spending.errors.notEnoughQuotes", params: { valid: validCount, needed } });
  if (selected && lowest && selected.id !== lowest.id && selected.amountFen > lowest.amountFen && input.selectionReason.trim() === "") {
    problems.push({ code: "spending.errors.nonLowestNeedsReason" });
  }
  if (input.flags.length > 0 && input.collusionReason.trim() === "") problems.push({ code: "spending.errors.collusionNeedsReason" });
  if (method === "selection_owners" && !input.decisionCited) problems.push({ code: "spending.errors.ownersDecisionNeeded" });
  return { method, basisFen, validCount, needed, lowestQuoteId: lowest?.id ?? null, problems };
}
