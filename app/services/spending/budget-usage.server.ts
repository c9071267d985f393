import { and, asc, eq, inArray, sql, sum } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { budgetLines, budgets, proposalPayments, proposals, routineSpendings } from "~db/schema";
import { lineUsage } from "~/domain/spending/budget";
import type { Book } from "~/domain/ledger/chart";

export type BudgetLineRow = typeof budgetLines.$inferSelect;

// Proposals whose approved amount still binds the line until paid.
const COMMITTING = ["approved", "advance_paid", "accepted", "paid"] as const;

/** Routine spending, proposal payments and approved-but-unpaid amounts of some lines. */
function usageOf(db: Db | Tx, lineIds: readonly number[]) {
  const routine = new Map<number, number>();
  const paid = new Map<number, number>();
  const committed = new Map<number, number>();
  if (lineIds.length === 0) return { routine, paid, committed };
  for (const row of db
    .select({ lineId: routineSpendings.budgetLineId, fen: sum(routineSpendings.amountFen).mapWith(Number) })
    .from(routineSpendings).where(inArray(routineSpendings.budgetLineId, [...lineIds])).groupBy(routineSpendings.budgetLineId).all()) {
    routine.set(row.lineId, row.fen);
  }
  // A join on an aggregate, not a correlated subquery: drizzle drops the table names inside sql``
  // (proposal_id = id would compare a payment with itself).
  const paidByProposal = db
    .select({ proposalId: proposalPayments.proposalId, fen: sum(proposalPayments.amountFen).as("paid_fen") })
    .from(proposalPayments).groupBy(proposalPayments.proposalId).as("paid_by_proposal");
  const charged = db
    .select({
      lineId: proposals.budgetLineId, status: proposals.status, approvedFen: proposals.approvedFen,
      paidFen: sql<number>`coalesce(${paidByProposal.fen}, 0)`.mapWith(Number),
    })
    .from(proposals)
    .leftJoin(paidByProposal, eq(paidByProposal.proposalId, proposals.id))
    .where(inArray(proposals.budgetLineId, [...lineIds])).all();
  for (const p of charged) {
    if (p.lineId === null) continue;
    paid.set(p.lineId, (paid.get(p.lineId) ?? 0) + p.paidFen);
    if ((COMMITTING as readonly string[]).includes(p.status) && p.approvedFen !== null) {
      committed.set(p.lineId, (committed.get(p.lineId) ?? 0) + Math.max(0, p.approvedFen - p.paidFen));
    }
  }
  return { routine, paid, committed };
}

function withUsage(db: Db | Tx, lines: BudgetLineRow[]) {
  const { routine, paid, committed } = usageOf(db, lines.map((l) => l.id));
  return lines.map((line) => ({
    ...line,
    ...lineUsage({ amountFen: line.amountFen, routineFen: routine.get(line.id) ?? 0, proposalFen: paid.get(line.id) ?? 0, committedFen: committed.get(line.id) ?? 0 }),
  }));
}
export type LineUsage = ReturnType<typeof withUsage>[number];

/**
 * Per line of a budget: the amount, routine spending, payments of proposals
 * charged to it, what approved proposals still commit, what is spent, and
 * what remains (negative after an overrun a proposal's approval allowed).
 */
export function budgetUsage(db: Db | Tx, budgetId: number): LineUsage[] {
  const lines = db.select().from(budgetLines).where(eq(budgetLines.budgetId, budgetId)).orderBy(asc(budgetLines.kind)).all();
  return withUsage(db, lines);
}

/** What a line has left: amount − routine − proposal payments − committed. Null for an unknown line. */
export function lineRemainingFen(db: Db | Tx, lineId: number): number | null {
  const line = db.select().from(budgetLines).where(eq(budgetLines.id, lineId)).get();
  if (!line) return null;
  return withUsage(db, [line])[0]!.remainingFen;
}

/** Lines of approved budgets (for select boxes), with the budget they belong to and what remains. */
export function approvedLinesFor(db: Db | Tx, query: { year?: number; book?: Book } = {}) {
  const where = [eq(budgets.status, "approved")];
  if (query.year !== undefined) where.push(eq(budgets.year, query.year));
  if (query.book) where.push(eq(budgets.book, query.book));
  const rows = db
    .select({ line: budgetLines, budget: { id: budgets.id, year: budgets.year, book: budgets.book, title: budgets.title } })
    .from(budgetLines).innerJoin(budgets, eq(budgets.id, budgetLines.budgetId))
    .where(and(...where)).orderBy(asc(budgets.year), asc(budgets.book), asc(budgetLines.kind)).all();
  const usage = new Map(withUsage(db, rows.map((r) => r.line)).map((u) => [u.id, u]));
  return rows.map(({ line, budget }) => ({ ...usage.get(line.id)!, budget }));
}
