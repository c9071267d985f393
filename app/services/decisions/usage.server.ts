import { and, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { budgets, ownerDecisions, proposals, quotes } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { formatFen } from "~/domain/money";
import { budgetUsage } from "../spending/budget-usage.server";

export type DecisionRow = typeof ownerDecisions.$inferSelect;

// A proposal or budget that cites a decision holds part of its amount until it is refused or withdrawn.
const RELEASED_PROPOSALS = ["rejected", "withdrawn"] as const;
const RESERVING_BUDGETS = ["draft", "in_approval", "approved"] as const;

export interface DecisionSpending {
  proposals: { id: number; title: string; status: string; reservedFen: number; paidFen: number }[];
  budgets: { id: number; year: number; title: string; status: string; reservedFen: number; paidFen: number }[];
  reservedFen: number; // what citing proposals and budgets hold
  paidFen: number; // what has been paid under it
  remainingFen: number | null; // authorised − reserved; null when the decision authorises no amount or did not pass
}

/** What a proposal holds of its decision: the approved amount, else the selected quote, else the estimate. */
function reservedBy(p: { approvedFen: number | null; quoteFen: number | null; estimatedFen: number }): number {
  return p.approvedFen ?? p.quoteFen ?? p.estimatedFen;
}

/**
 * What was spent under a decision and what of its authorised amount remains
 * (issue 7): the proposals that cite it directly, and the budgets that cite it
 * (their lines' total, with what was paid on those lines, routine spending
 * and proposals charged to them alike).
 */
export function decisionSpending(db: Db | Tx, decision: DecisionRow, except: { proposalId?: number; budgetId?: number } = {}): DecisionSpending {
  const proposalRows = db
    .select({
      id: proposals.id, title: proposals.title, status: proposals.status, approvedFen: proposals.approvedFen, estimatedFen: proposals.estimatedFen,
      quoteFen: quotes.amountFen,
      paidFen: sql<number>`(SELECT coalesce(sum(pp.amount_fen), 0) FROM proposal_payments pp WHERE pp.proposal_id = "proposals"."id")`.mapWith(Number),
    })
    .from(proposals)
    .leftJoin(quotes, eq(quotes.id, proposals.selectedQuoteId))
    // A proposal charged to a budget line is held by that line's budget (counted below), not twice.
    .where(and(eq(proposals.decisionId, decision.id), isNull(proposals.budgetLineId), notInArray(proposals.status, [...RELEASED_PROPOSALS])))
    .orderBy(proposals.id).all()
    .filter((p) => p.id !== except.proposalId);
  const budgetRows = db.select().from(budgets)
    .where(and(eq(budgets.decisionId, decision.id), inArray(budgets.status, [...RESERVING_BUDGETS])))
    .orderBy(budgets.id).all()
    .filter((b) => b.id !== except.budgetId);
  // A budget holds its lines' total; what was paid on them is the budget page's own usage (routine and proposals alike).
  const budgetFigures = budgetRows.map((b) => {
    const lines = budgetUsage(db, b.id);
    return { id: b.id, year: b.year, title: b.title, status: b.status, reservedFen: lines.reduce((s, l) => s + l.amountFen, 0), paidFen: lines.reduce((s, l) => s + l.spentFen, 0) };
  });
  const proposalFigures = proposalRows.map((p) => ({ id: p.id, title: p.title, status: p.status, reservedFen: reservedBy(p), paidFen: p.paidFen }));
  const reservedFen = [...proposalFigures, ...budgetFigures].reduce((s, r) => s + r.reservedFen, 0);
  const paidFen = [...proposalFigures, ...budgetFigures].reduce((s, r) => s + r.paidFen, 0);
  return {
    proposals: proposalFigures, budgets: budgetFigures, reservedFen, paidFen,
    // A decision that did not pass authorises nothing, whatever amount it proposed.
    remainingFen: decision.authorisedFen === null || decision.outcome !== "passed" ? null : decision.authorisedFen - reservedFen,
  };
}

/**
 * The decision a proposal, budget or rules change cites: it must exist and
 * have passed; for spending (`amountFen` given) it must authorise an amount
 * and that amount, less what others already hold, must cover this one.
 * Throws a DomainError on `field` (default "decisionId") otherwise.
 */
export function requireCitableDecision(
  db: Db | Tx,
  decisionId: number,
  spending?: { amountFen: number; exceptProposalId?: number; exceptBudgetId?: number },
  field = "decisionId",
): DecisionRow {
  const decision = db.select().from(ownerDecisions).where(eq(ownerDecisions.id, decisionId)).get();
  if (!decision) throw new DomainError("decisions.errors.citedNotFound", { field });
  if (decision.outcome !== "passed") throw new DomainError("decisions.errors.citedNotPassed", { field });
  if (spending) requireWithinAmount(db, decision, spending, field);
  return decision;
}

/** A passed decision must authorise an amount, and what others do not already hold of it must cover `amountFen`. */
export function requireWithinAmount(
  db: Db | Tx,
  decision: DecisionRow,
  spending: { amountFen: number; exceptProposalId?: number; exceptBudgetId?: number },
  field = "decisionId",
): void {
  if (decision.authorisedFen === null) throw new DomainError("decisions.errors.citedNoAmount", { field });
  const { remainingFen } = decisionSpending(db, decision, { proposalId: spending.exceptProposalId, budgetId: spending.exceptBudgetId });
  if (spending.amountFen > remainingFen!) {
    throw new DomainError("decisions.errors.aboveRemaining", { field, params: { remaining: formatFen(Math.max(0, remainingFen!)), amount: formatFen(spending.amountFen) } });
  }
}

/** Passed decisions, newest first, for the select boxes of the forms that cite one. */
export function citableDecisions(db: Db | Tx, options: { withAmount?: boolean } = {}) {
  const rows = db.select().from(ownerDecisions).where(eq(ownerDecisions.outcome, "passed")).orderBy(sql`${ownerDecisions.year} DESC, ${ownerDecisions.serial} DESC`).all();
  return rows
    .filter((d) => !options.withAmount || d.authorisedFen !== null)
    .map((d) => ({ id: d.id, year: d.year, serial: d.serial, title: d.title, matter: d.matter, authorisedFen: d.authorisedFen, remainingFen: d.authorisedFen === null ? null : decisionSpending(db, d).remainingFen }));
}
export type CitableDecision = ReturnType<typeof citableDecisions>[number];
