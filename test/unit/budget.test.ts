import { describe, expect, it } from "vitest";
import { budgetTotalFen, checkBudgetDraft, checkRoutine, kindLabel, lineUsage, mayDraftBudget, type RoutineFacts } from "~/domain/spending/budget";

const draft = { year: 2026, book: "cogoverned" as const, title: "2026 预算", note: "", lines: [{ kind: "6601", amountFen: 100, note: "" }] };

describe("checkBudgetDraft", () => {
  it("accepts the years 2000 and 2100 and refuses 1999 and 2101", () => {
    expect(checkBudgetDraft({ ...draft, year: 2000 })).toBeNull();
    expect(checkBudgetDraft({ ...draft, year: 2100 })).toBeNull();
    expect(checkBudgetDraft({ ...draft, year: 1999 })?.code).toBe("budget.errors.year");
    expect(checkBudgetDraft({ ...draft, year: 2101 })?.code).toBe("budget.errors.year");
    expect(checkBudgetDraft({ ...draft, year: 2026.5 })?.code).toBe("budget.errors.year");
  });
  it("refuses kinds of the other book, a kind twice, negative or fractional fen, no lines, no title", () => {
    expect(checkBudgetDraft({ ...draft, lines: [{ kind: "6801", amountFen: 1, note: "" }] })?.code).toBe("budget.errors.kindNotOfBook");
    expect(checkBudgetDraft({ ...draft, lines: [...draft.lines, ...draft.lines] })?.code).toBe("budget.errors.duplicateKind");
    expect(checkBudgetDraft({ ...draft, lines: [{ kind: "6601", amountFen: -1, note: "" }] })?.code).toBe("budget.errors.amountInvalid");
    expect(checkBudgetDraft({ ...draft, lines: [{ kind: "6601", amountFen: 0.5, note: "" }] })?.code).toBe("budget.errors.amountInvalid");
    expect(checkBudgetDraft({ ...draft, lines: [{ kind: "6601", amountFen: 0, note: "" }] })).toBeNull();
    expect(checkBudgetDraft({ ...draft, lines: [] })?.code).toBe("budget.errors.noLines");
    expect(checkBudgetDraft({ ...draft, title: "  " })?.code).toBe("budget.errors.titleRequired");
  });
  it("has the co-managed book take the 酬金 and refund lines, and public revenue cite the owners' decision", () => {
    expect(checkBudgetDraft({ ...draft, lines: [{ kind: "6701", amountFen: 1, note: "" }, { kind: "2203", amountFen: 1, note: "" }] })).toBeNull();
    const pr = { ...draft, book: "public_revenue" as const, lines: [{ kind: "6803", amountFen: 1, note: "" }] };
    expect(checkBudgetDraft(pr)?.code).toBe("budget.errors.decisionRequired");
    expect(checkBudgetDraft({ ...pr, decisionId: 1 })).toBeNull();
    expect(checkBudgetDraft({ ...pr, decisionId: 1, lines: [{ kind: "6701", amountFen: 1, note: "" }] })?.code).toBe("budget.errors.kindNotOfBook");
  });
});

describe("who drafts", () => {
  it("managers draft any book; committee members only public revenue; others none", () => {
    expect(mayDraftBudget(["manager"], "cogoverned")).toBe(true);
    expect(mayDraftBudget(["committee", "owner"], "public_revenue")).toBe(true);
    expect(mayDraftBudget(["committee"], "cogoverned")).toBe(false);
    expect(mayDraftBudget(["auditor"], "public_revenue")).toBe(false);
    expect(mayDraftBudget(["admin"], "cogoverned")).toBe(false);
  });
});

describe("lineUsage and totals", () => {
  it("spent is routine + proposal payments; remaining subtracts what is committed and may go negative", () => {
    expect(lineUsage({ amountFen: 1000, routineFen: 300, proposalFen: 200, committedFen: 100 })).toMatchObject({ spentFen: 500, remainingFen: 400 });
    expect(lineUsage({ amountFen: 1000, routineFen: 0, proposalFen: 900, committedFen: 300 }).remainingFen).toBe(-200);
    expect(budgetTotalFen([{ amountFen: 1 }, { amountFen: 2 }])).toBe(3);
  });
  it("names a kind by its account", () => {
    expect(kindLabel("6601", false)).toBe("6601 人员费用（工资、社保、福利）");
    expect(kindLabel("6701", true)).toBe("6701 Remuneration of the property company");
    expect(kindLabel("9999", true)).toBe("9999");
    expect(kindLabel("2203", false)).toBe("2203 退还预收物业费");
  });
});

describe("checkRoutine", () => {
  const facts: RoutineFacts = { budgetStatus: "approved", budgetYear: 2026, lineKind: "6601", routineKind: "payroll", paidOn: "2026-06-30", amountFen: 500, remainingFen: 500, payableFen: null };
  it("allows exactly the remaining amount, and refuses one fen more as an overrun", () => {
    expect(checkRoutine(facts)).toBeNull();
    expect(checkRoutine({ ...facts, amountFen: 501 })).toMatchObject({ code: "budget.errors.overrun", params: { remainingFen: 500 } });
    expect(checkRoutine({ ...facts, remainingFen: -5 })).toMatchObject({ code: "budget.errors.overrun", params: { remainingFen: 0 } });
  });
  it("refuses budgets not approved, dates outside the year, kinds that do not fit, amounts not above zero", () => {
    for (const status of ["draft", "in_approval", "rejected", "referred", "withdrawn"] as const) {
      expect(checkRoutine({ ...facts, budgetStatus: status })?.code).toBe("budget.errors.budgetNotApproved");
    }
    expect(checkRoutine({ ...facts, paidOn: "2026-01-01" })).toBeNull();
    expect(checkRoutine({ ...facts, paidOn: "2026-12-31" })).toBeNull();
    expect(checkRoutine({ ...facts, paidOn: "2025-12-31" })?.code).toBe("budget.errors.dateOutsideYear");
    expect(checkRoutine({ ...facts, paidOn: "2027-01-01" })?.code).toBe("budget.errors.dateOutsideYear");
    expect(checkRoutine({ ...facts, paidOn: "2026-02-30" })?.code).toBe("budget.errors.date");
    expect(checkRoutine({ ...facts, routineKind: "utilities" })?.code).toBe("budget.errors.kindDoesNotFit");
    expect(checkRoutine({ ...facts, amountFen: 0 })?.code).toBe("budget.errors.amountPositive");
    expect(checkRoutine({ ...facts, amountFen: -1 })?.code).toBe("budget.errors.amountPositive");
  });
  it("caps the 酬金 by what is payable and refunds by the prepaid fees held", () => {
    const rem = { ...facts, lineKind: "6701", routineKind: "remuneration" as const, payableFen: 500 };
    expect(checkRoutine(rem)).toBeNull();
    expect(checkRoutine({ ...rem, payableFen: 499 })?.code).toBe("budget.errors.remunerationAbovePayable");
    const refund = { ...facts, lineKind: "2203", routineKind: "refund" as const, payableFen: 0 };
    expect(checkRoutine(refund)?.code).toBe("budget.errors.refundAbovePrepaid");
  });
});
