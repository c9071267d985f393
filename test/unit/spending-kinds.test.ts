/** Spending kinds per book (DESIGN.md §1, §5; issue 4 items 1 and 3). */
import { describe, expect, it } from "vitest";
import { ACCOUNT, CHART } from "~/domain/ledger/chart";
import {
  BUDGET_KINDS, isBudgetKind, isProposalKind, PROPOSAL_KINDS, REFUND_KIND, ROUTINE_KIND_NAMES, ROUTINE_KINDS, routineDebitAccount, routineKindFits,
} from "~/domain/spending/kinds";

describe("proposal kinds", () => {
  it("are exactly the nine art. 11 kinds 6601–6609 in the co-managed book (no 酬金, no refund)", () => {
    expect([...PROPOSAL_KINDS.cogoverned]).toEqual(["6601", "6602", "6603", "6604", "6605", "6606", "6607", "6608", "6609"]);
    expect(isProposalKind("cogoverned", "6701")).toBe(false);
    expect(isProposalKind("cogoverned", "2203")).toBe(false);
    expect(isProposalKind("cogoverned", "6801")).toBe(false);
  });

  it("are the public-revenue spending accounts 68xx of the chart in the public-revenue book", () => {
    const chart68 = CHART.filter((a) => a.type === "expense" && a.books.includes("public_revenue")).map((a) => a.code);
    expect([...PROPOSAL_KINDS.public_revenue]).toEqual(chart68);
    expect(chart68.every((c) => /^68\d\d$/.test(c))).toBe(true);
    expect(isProposalKind("public_revenue", "6601")).toBe(false);
  });

  it("each exists in the chart in its own book", () => {
    for (const book of ["cogoverned", "public_revenue"] as const) {
      for (const code of PROPOSAL_KINDS[book]) expect(CHART.find((a) => a.code === code)?.books, code).toContain(book);
    }
  });
});

describe("budget kinds", () => {
  it("add the 酬金 and the refund line to the co-managed proposal kinds", () => {
    expect([...BUDGET_KINDS.cogoverned].sort()).toEqual([...PROPOSAL_KINDS.cogoverned, "6701", "2203"].sort());
    expect(REFUND_KIND).toBe(ACCOUNT.prepaidFees);
    expect([...BUDGET_KINDS.public_revenue]).toEqual([...PROPOSAL_KINDS.public_revenue]);
    expect(isBudgetKind("public_revenue", "6701")).toBe(false);
    expect(isBudgetKind("cogoverned", "6701")).toBe(true);
  });
});

describe("routine spending", () => {
  it("draws each kind only on budget lines of some book", () => {
    for (const name of ROUTINE_KIND_NAMES) {
      for (const line of ROUTINE_KINDS[name]) expect(isBudgetKind("cogoverned", line) || isBudgetKind("public_revenue", line), `${name} ${line}`).toBe(true);
    }
  });

  it("fits the right lines", () => {
    expect(routineKindFits("payroll", "6601")).toBe(true);
    expect(routineKindFits("payroll", "6603")).toBe(false);
    expect(routineKindFits("remuneration", "6701")).toBe(true);
    expect(routineKindFits("refund", "2203")).toBe(true);
    expect(routineKindFits("refund", "6601")).toBe(false);
    expect(routineKindFits("insurance", "6608")).toBe(true);
  });

  it("settles the 酬金 payable (2241) and debits every other line's own account", () => {
    expect(routineDebitAccount("6701")).toBe("2241");
    expect(routineDebitAccount("2203")).toBe("2203");
    expect(routineDebitAccount("6601")).toBe("6601");
    expect(routineDebitAccount("6804")).toBe("6804");
  });
});
