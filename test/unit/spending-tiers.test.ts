/** Procurement tiers and quote rules (DESIGN.md §7, issue 4 item 4–5), from the rules' words. */
import { describe, expect, it } from "vitest";
import {
  checkSelection, collusionFlags, DEFAULT_RULES, lowestValidQuote, methodFor, procurementRulesSchema, quoteDefects, splitCompanions,
  type CollusionFlag, type OtherSelection, type ProcurementRules, type QuoteFacts, type SelectionInput, type SupplierContact,
} from "~/domain/spending/tiers";

describe("methodFor", () => {
  it.each([
    [199_999, "direct"], // ¥1,999.99
    [200_000, "comparison"], // ¥2,000.00
    [4_999_999, "comparison"], // ¥49,999.99
    [5_000_000, "selection"], // ¥50,000.00
    [20_000_000, "selection"], // ¥200,000.00 ("up to and including")
    [20_000_001, "selection_owners"], // ¥200,000.01
    [0, "direct"],
  ] as const)("%i fen → %s under the default rules", (fen, method) => {
    expect(methodFor(fen)).toBe(method);
    expect(methodFor(fen, DEFAULT_RULES)).toBe(method);
  });

  it("follows changed rules", () => {
    const rules: ProcurementRules = { ...DEFAULT_RULES, comparisonFromFen: 100_000, selectionFromFen: 3_000_000, ownersAboveFen: 10_000_000 };
    expect(methodFor(99_999, rules)).toBe("direct");
    expect(methodFor(100_000, rules)).toBe("comparison");
    expect(methodFor(2_999_999, rules)).toBe("comparison");
    expect(methodFor(3_000_000, rules)).toBe("selection");
    expect(methodFor(10_000_000, rules)).toBe("selection");
    expect(methodFor(10_000_001, rules)).toBe("selection_owners");
  });

  it("has the default minimum valid quotes of the table", () => {
    expect(DEFAULT_RULES.minQuotes).toEqual({ direct: 1, comparison: 3, selection: 3, selection_owners: 3 });
    expect(DEFAULT_RULES.unanimousFromFen).toBe(5_000_000);
    expect(DEFAULT_RULES.splitWindowDays).toBe(30);
  });
});

describe("procurementRulesSchema", () => {
  const messages = (value: unknown) => {
    const parsed = procurementRulesSchema.safeParse(value);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  };

  it("accepts the default rules", () => {
    expect(procurementRulesSchema.safeParse(DEFAULT_RULES).success).toBe(true);
  });

  it.each([
    ["comparison above selection", { ...DEFAULT_RULES, comparisonFromFen: 6_000_000 }],
    ["selection above the owners' threshold", { ...DEFAULT_RULES, selectionFromFen: 30_000_000 }],
  ])("refuses thresholds out of order: %s", (_name, rules) => {
    expect(messages(rules)).toContain("spending.errors.rulesOrder");
  });

  it.each([
    ["a fractional threshold", { ...DEFAULT_RULES, comparisonFromFen: 200_000.5 }],
    ["a negative threshold", { ...DEFAULT_RULES, comparisonFromFen: -1 }],
    ["a fractional quote minimum", { ...DEFAULT_RULES, minQuotes: { ...DEFAULT_RULES.minQuotes, comparison: 2.5 } }],
    ["zero quotes", { ...DEFAULT_RULES, minQuotes: { ...DEFAULT_RULES.minQuotes, direct: 0 } }],
    ["a zero split window", { ...DEFAULT_RULES, splitWindowDays: 0 }],
    ["a fractional 会签 threshold", { ...DEFAULT_RULES, unanimousFromFen: 1.5 }],
    ["a missing field", { ...DEFAULT_RULES, minQuotes: { direct: 1, comparison: 3, selection: 3 } }],
  ])("refuses %s", (_name, rules) => {
    expect(procurementRulesSchema.safeParse(rules).success).toBe(false);
  });
});

describe("splitCompanions (拆单)", () => {
  const other = (proposalId: number, selectedOn: string, fields: Partial<OtherSelection> = {}): OtherSelection => ({
    proposalId, supplierId: 7, kind: "6602", selectedOn, amountFen: 150_000, ...fields,
  });
  const current = { supplierId: 7, kind: "6602", selectedOn: "2026-03-31" };

  it("finds the same supplier and kind within 30 days before and after, day 30 included, day 31 not", () => {
    const others = [
      other(1, "2026-03-01"), // 30 days before
      other(2, "2026-02-28"), // 31 days before
      other(3, "2026-04-30"), // 30 days after
      other(4, "2026-05-01"), // 31 days after
      other(5, "2026-03-31"), // same day
    ];
    expect(splitCompanions(current, others, 30).map((o) => o.proposalId)).toEqual([1, 3, 5]);
  });

  it("ignores another supplier or another kind", () => {
    const others = [other(1, "2026-03-30", { supplierId: 8 }), other(2, "2026-03-30", { kind: "6603" }), other(3, "2026-03-30")];
    expect(splitCompanions(current, others, 30).map((o) => o.proposalId)).toEqual([3]);
  });

  it("uses the window it is given", () => {
    expect(splitCompanions(current, [other(1, "2026-03-21"), other(2, "2026-03-20")], 10).map((o) => o.proposalId)).toEqual([1]);
  });
});

const quote = (id: number, supplierId: number, amountFen: number, fields: Partial<QuoteFacts> = {}): QuoteFacts => ({
  id, supplierId, amountFen, validUntil: "2026-06-30", supplierActive: true, supplierRelatedToCompany: false, ...fields,
});

describe("quoteDefects", () => {
  it("counts a quote on its validUntil day and refuses it the day after", () => {
    const quotes = [quote(1, 1, 1000, { validUntil: "2026-06-30" })];
    expect(quoteDefects(quotes, "2026-06-30").get(1)).toEqual([]);
    expect(quoteDefects(quotes, "2026-07-01").get(1)).toEqual(["expired"]);
  });

  it("refuses an inactive supplier, a supplier related to the property company, and a second quote of one supplier", () => {
    const quotes = [quote(3, 1, 900), quote(1, 1, 1000), quote(2, 2, 1000, { supplierActive: false }), quote(4, 3, 1000, { supplierRelatedToCompany: true })];
    const defects = quoteDefects(quotes, "2026-06-01");
    expect(defects.get(1)).toEqual([]);
    expect(defects.get(3)).toEqual(["duplicateSupplier"]); // the earlier quote (lower id) counts
    expect(defects.get(2)).toEqual(["inactiveSupplier"]);
    expect(defects.get(4)).toEqual(["companyRelated"]);
  });

  it("lists every defect of one quote", () => {
    const quotes = [quote(1, 1, 1000), quote(2, 1, 900, { validUntil: "2026-01-01", supplierActive: false, supplierRelatedToCompany: true })];
    expect(quoteDefects(quotes, "2026-06-01").get(2)).toEqual(["expired", "inactiveSupplier", "companyRelated", "duplicateSupplier"]);
  });
});

describe("lowestValidQuote", () => {
  it("picks the lowest valid quote, the earliest id on a tie", () => {
    const quotes = [quote(5, 1, 1000), quote(3, 2, 1000), quote(4, 3, 1200), quote(1, 4, 500, { validUntil: "2026-01-01" })];
    expect(lowestValidQuote(quotes, "2026-06-01")?.id).toBe(3);
  });

  it("is null when no quote is valid", () => {
    expect(lowestValidQuote([quote(1, 1, 500, { supplierActive: false })], "2026-06-01")).toBeNull();
    expect(lowestValidQuote([], "2026-06-01")).toBeNull();
  });
});

describe("collusionFlags (陪标)", () => {
  const supplier = (id: number, fields: Partial<SupplierContact> = {}): SupplierContact => ({
    id, legalRepresentative: `法人${id}`, phone: `1390000000${id}`, address: `测试路 ${id} 号`, bankAccount: `62220000${id}`, ...fields,
  });

  it("flags nothing among unrelated suppliers", () => {
    expect(collusionFlags([supplier(1), supplier(2), supplier(3)])).toEqual([]);
  });

  it("flags a shared legal representative, whatever the spaces and width", () => {
    expect(collusionFlags([supplier(1, { legalRepresentative: "张 三" }), supplier(2, { legalRepresentative: "张三" }), supplier(3)])).toEqual([{ field: "legalRepresentative", supplierIds: [1, 2] }]);
  });

  it.each([
    ["spaces and dashes", "138 1234 5678", "138-1234-5678"],
    ["the country code with +", "+86 138 1234 5678", "13812345678"],
    ["the country code with 00", "0086-13812345678", "13812345678"],
    ["the country code without +", "8613812345678", "13812345678"],
    ["full-width digits", "１３８１２３４５６７８", "13812345678"],
    ["a landline with the country code", "+86 21 8888 8888", "021-88888888"],
    ["a landline in brackets", "(021) 8888 8888", "02188888888"],
  ])("flags a shared phone across %s", (_name, a, b) => {
    expect(collusionFlags([supplier(1, { phone: a }), supplier(2, { phone: b })])).toEqual([{ field: "phone", supplierIds: [1, 2] }]);
  });

  it("does not confuse different phones", () => {
    expect(collusionFlags([supplier(1, { phone: "13812345678" }), supplier(2, { phone: "13812345679" }), supplier(3, { phone: "021-88888888" }), supplier(4, { phone: "0755-88888888" })])).toEqual([]);
  });

  it("flags a shared address across whitespace and full-width differences", () => {
    const flags = collusionFlags([supplier(1, { address: "幸福路１２号 Ａ座" }), supplier(2, { address: "幸福路12号A座" }), supplier(3, { address: "幸福路 12 号　a 座" })]);
    expect(flags).toEqual([{ field: "address", supplierIds: [1, 2, 3] }]);
  });

  it("flags a shared bank account across spaces and dashes", () => {
    expect(collusionFlags([supplier(1, { bankAccount: "6222 0212 3456 7890" }), supplier(2, { bankAccount: "6222-0212-3456-7890" })])).toEqual([{ field: "bankAccount", supplierIds: [1, 2] }]);
  });

  it("never flags empty values", () => {
    const empty = { legalRepresentative: "", phone: " ", address: "　", bankAccount: "-" };
    expect(collusionFlags([supplier(1, empty), supplier(2, empty), supplier(3, { phone: "+86" }), supplier(4, { phone: "+86" })])).toEqual([]);
  });

  it("gives one flag with three ids when three suppliers share one phone, and one flag per shared field", () => {
    const flags = collusionFlags([
      supplier(3, { phone: "13812345678", bankAccount: "1" }),
      supplier(1, { phone: "138 1234 5678", bankAccount: "1" }),
      supplier(2, { phone: "+86 13812345678" }),
    ]);
    expect(flags).toEqual([{ field: "phone", supplierIds: [1, 2, 3] }, { field: "bankAccount", supplierIds: [1, 3] }]);
  });
});

describe("checkSelection", () => {
  const three = [quote(1, 1, 300_000), quote(2, 2, 320_000), quote(3, 3, 350_000)];
  const base = (fields: Partial<SelectionInput> = {}): SelectionInput => ({
    estimatedFen: 300_000, selectedQuoteId: 1, quotes: three, onDate: "2026-06-01", companionsFen: 0, rules: DEFAULT_RULES, flags: [],
    selectionReason: "", exceptionReason: "", collusionReason: "", decisionCited: false, ...fields,
  });
  const codes = (fields: Partial<SelectionInput> = {}) => checkSelection(base(fields)).problems.map((p) => p.code);
  const flag: CollusionFlag = { field: "phone", supplierIds: [1, 2] };

  it("accepts the lowest of three valid quotes in the comparison tier", () => {
    expect(checkSelection(base())).toEqual({ method: "comparison", basisFen: 300_000, validCount: 3, needed: 3, lowestQuoteId: 1, problems: [] });
  });

  it("refuses an unknown quote and an invalid selected quote", () => {
    expect(codes({ selectedQuoteId: 9 })).toEqual(["spending.errors.unknownQuote"]);
    const expired = [quote(1, 1, 300_000, { validUntil: "2026-05-31" }), ...three.slice(1), quote(4, 4, 400_000)];
    expect(checkSelection(base({ quotes: expired })).problems).toEqual([{ code: "spending.errors.selectedInvalid", params: { defects: "expired" } }]);
  });

  it("refuses too few valid quotes, counting only valid ones; a written exception lifts only that", () => {
    const twoValid = [quote(1, 1, 300_000), quote(2, 2, 320_000), quote(3, 2, 350_000)];
    expect(checkSelection(base({ quotes: twoValid })).problems).toEqual([{ code: "spending.errors.notEnoughQuotes", params: { valid: 2, needed: 3 } }]);
    expect(codes({ quotes: twoValid, exceptionReason: "唯一厂家维保" })).toEqual([]);
    expect(codes({ quotes: twoValid, exceptionReason: "   " })).toEqual(["spending.errors.notEnoughQuotes"]);
    // The exception does not excuse a higher choice without reason, nor collusion, nor the owners' decision.
    expect(codes({ quotes: twoValid, exceptionReason: "紧急", selectedQuoteId: 2, flags: [flag] })).toEqual(["spending.errors.nonLowestNeedsReason", "spending.errors.collusionNeedsReason"]);
  });

  it("needs one valid quote below ¥2,000", () => {
    expect(codes({ estimatedFen: 150_000, quotes: [quote(1, 1, 150_000)] })).toEqual([]);
    expect(codes({ estimatedFen: 150_000, quotes: [quote(1, 1, 150_000, { validUntil: "2026-01-01" })] })).toEqual(["spending.errors.selectedInvalid", "spending.errors.notEnoughQuotes"]);
  });

  it("needs a reason for a non-lowest choice, but not for one at the same amount as the lowest", () => {
    expect(codes({ selectedQuoteId: 2 })).toEqual(["spending.errors.nonLowestNeedsReason"]);
    expect(codes({ selectedQuoteId: 2, selectionReason: "售后更近" })).toEqual([]);
    const tie = [quote(1, 1, 300_000), quote(2, 2, 300_000), quote(3, 3, 350_000)];
    expect(checkSelection(base({ quotes: tie, selectedQuoteId: 2 })).problems).toEqual([]);
  });

  it("needs a reason to go on despite collusion flags", () => {
    expect(codes({ flags: [flag] })).toEqual(["spending.errors.collusionNeedsReason"]);
    expect(codes({ flags: [flag], collusionReason: "已核实为不同公司" })).toEqual([]);
  });

  it("judges by the selected quote or the estimate, whichever is higher, plus split companions", () => {
    expect(checkSelection(base({ estimatedFen: 100_000 })).basisFen).toBe(300_000);
    expect(checkSelection(base({ estimatedFen: 5_000_000 }))).toMatchObject({ basisFen: 5_000_000, method: "selection" });
    const split = checkSelection(base({ estimatedFen: 150_000, quotes: [quote(1, 1, 150_000)], companionsFen: 150_000 }));
    expect(split).toMatchObject({ basisFen: 300_000, method: "comparison", needed: 3, validCount: 1 });
    expect(split.problems.map((p) => p.code)).toEqual(["spending.errors.notEnoughQuotes"]);
  });

  it("above ¥200,000 needs the owners' decision cited", () => {
    const big = [quote(1, 1, 20_000_001), quote(2, 2, 21_000_000), quote(3, 3, 22_000_000)];
    expect(codes({ quotes: big, estimatedFen: 20_000_000 })).toEqual(["spending.errors.ownersDecisionNeeded"]);
    expect(codes({ quotes: big, estimatedFen: 20_000_000, decisionCited: true })).toEqual([]);
    expect(codes({ quotes: big.map((q) => ({ ...q, amountFen: 20_000_000 })), estimatedFen: 20_000_000 })).toEqual([]);
  });

  it("reports every problem together", () => {
    const bad = [quote(1, 1, 30_000_000), quote(2, 2, 25_000_000)];
    expect(codes({ quotes: bad, estimatedFen: 0, flags: [flag] })).toEqual([
      "spending.errors.notEnoughQuotes", "spending.errors.nonLowestNeedsReason", "spending.errors.collusionNeedsReason", "spending.errors.ownersDecisionNeeded",
    ]);
  });
});
