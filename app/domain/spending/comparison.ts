/**
 * 比价 side by side (pure): rows are the proposal's line items plus a total,
 * columns the quotes. Each quote carries why it does not count (defects on
 * the comparison date) and the 陪标 flags of the quoting suppliers; the
 * lowest valid quote and the tier it would lead to are previews — the
 * service checks again at submission.
 */
import {
  collusionFlags, lowestValidQuote, methodFor, quoteDefects,
  type CollusionFlag, type Method, type ProcurementRules, type QuoteDefect, type SupplierContact,
} from "./tiers";

export interface ComparisonQuote {
  id: number;
  supplierId: number;
  supplierName: string;
  supplierActive: boolean;
  supplierRelatedToCompany: boolean;
  amountFen: number;
  itemAmounts: number[];
  validUntil: string;
  attachmentId: number | null;
  note: string;
}

export interface ComparisonColumn extends ComparisonQuote {
  defects: QuoteDefect[];
  flaggedFields: CollusionFlag["field"][];
  lowestValid: boolean;
}

export interface Comparison {
  onDate: string;
  rows: { label: string; estimatedFen: number; cells: number[] }[]; // one per line item, then the total
  columns: ComparisonColumn[];
  flags: CollusionFlag[];
  lowestQuoteId: number | null;
  validCount: number;
  method: Method;
  basisFen: number;
  needed: number;
}

export function buildComparison(input: {
  items: readonly { description: string; estimatedFen: number }[];
  estimatedFen: number;
  quotes: readonly ComparisonQuote[];
  contacts: readonly SupplierContact[];
  onDate: string;
  rules: ProcurementRules;
  totalLabel: string;
}): Comparison {
  const facts = input.quotes.map((q) => ({
    id: q.id, supplierId: q.supplierId, amountFen: q.amountFen, validUntil: q.validUntil,
    supplierActive: q.supplierActive, supplierRelatedToCompany: q.supplierRelatedToCompany,
  }));
  const defects = quoteDefects(facts, input.onDate);
  const lowest = lowestValidQuote(facts, input.onDate);
  const flags = collusionFlags(input.contacts);
  const columns = input.quotes.map((q) => ({
    ...q,
    defects: defects.get(q.id) ?? [],
    flaggedFields: flags.filter((f) => f.supplierIds.includes(q.supplierId)).map((f) => f.field),
    lowestValid: lowest?.id === q.id,
  }));
  const rows = input.items.map((item, i) => ({ label: item.description, estimatedFen: item.estimatedFen, cells: input.quotes.map((q) => q.itemAmounts[i] ?? 0) }));
  rows.push({ label: input.totalLabel, estimatedFen: input.estimatedFen, cells: input.quotes.map((q) => q.amountFen) });
  const basisFen = Math.max(input.estimatedFen, lowest?.amountFen ?? 0);
  const method = methodFor(basisFen, input.rules);
  return {
    onDate: input.onDate, rows, columns, flags, lowestQuoteId: lowest?.id ?? null,
    validCount: columns.filter((c) => c.defects.length === 0).length, method, basisFen, needed: input.rules.minQuotes[method],
  };
}

/** Scoring applies in the selection tiers. */
export function isSelectionTier(method: Method): boolean {
  return method === "selection" || method === "selection_owners";
}
