import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { budgetLines, budgets, ownerDecisions } from "~db/schema";
import { decisionLabel, decisionNumber } from "~/domain/decisions/matters";
import { DomainError } from "~/domain/errors";
import type { Book } from "~/domain/ledger/chart";
import { requireCitableDecision, requireWithinAmount, type DecisionRow } from "../decisions/usage.server";

/**
 * How spending and rules cite the owners' decisions register (issue 7,
 * DESIGN.md §7): public revenue always within the amount the decision
 * authorises; any other citation of a decision that authorises an amount
 * stays within it too. Run inside the transaction that writes the citation.
 */
export function citeDecision(
  tx: Db | Tx,
  decisionId: number,
  book: Book,
  spending: { amountFen: number; exceptProposalId?: number; exceptBudgetId?: number },
  field = "decisionId",
): DecisionRow {
  const decision = requireCitableDecision(tx, decisionId, undefined, field);
  if (book === "public_revenue" || decision.authorisedFen !== null) requireWithinAmount(tx, decision, spending, field);
  return decision;
}

/** The approved budget line a proposal is charged to, with its budget's cited decision (null when it cites none). */
export function approvedBudgetLine(tx: Db | Tx, lineId: number, book: Book, kind: string) {
  return tx
    .select({ lineId: budgetLines.id, budgetId: budgets.id, decisionId: budgets.decisionId, decisionRef: budgets.decisionRef })
    .from(budgetLines)
    .innerJoin(budgets, eq(budgets.id, budgetLines.budgetId))
    .where(and(eq(budgetLines.id, lineId), eq(budgets.status, "approved"), eq(budgets.book, book), eq(budgetLines.kind, kind)))
    .get();
}

/** A cited decision for display: its label (as stored beside the citation) and its link. */
export function decisionLink(db: Db | Tx, decisionId: number | null): { id: number; number: string; label: string; href: string } | null {
  if (decisionId === null) return null;
  const d = db.select().from(ownerDecisions).where(eq(ownerDecisions.id, decisionId)).get();
  if (!d) return null;
  return { id: d.id, number: decisionNumber(d), label: decisionLabel(d), href: `/decisions/${d.id}` };
}

/** Refusal when a public-revenue budget line rests on no decision of the register. */
export function lineWithoutDecision(): DomainError {
  return new DomainError("spending.errors.budgetLineWithoutDecision", { field: "budgetLineId" });
}
