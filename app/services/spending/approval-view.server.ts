import { desc, eq, inArray, and, ne, lt } from "drizzle-orm";
import type { Db } from "~db/connection";
import { budgetLines, budgets, procurementRules, proposals, publishedStatements, suppliers, users } from "~db/schema";
import type { Excluded } from "~/domain/spending/approval";
import { DEFAULT_RULES } from "~/domain/spending/tiers";
import { approvalState, parseVoters, type ApprovalRow } from "./approvals.server";
import { decisionLink } from "./decision-citation.server";
import { selectedSupplier } from "./proposal-payments.server";

function namesOf(db: Db, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  return new Map(db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...ids])).all().map((u) => [u.id, u.name]));
}

function supplierNames(db: Db, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  return new Map(db.select({ id: suppliers.id, name: suppliers.name }).from(suppliers).where(inArray(suppliers.id, [...ids])).all().map((s) => [s.id, s.name]));
}

/**
 * Who votes, who was left out and why, the votes, the tally and the outcome
 * with its reason: everything a voter or reader needs, serialisable (the
 * proposal page renders it too).
 */
export function approvalSummary(db: Db, approvalId: number) {
  const state = approvalState(db, approvalId);
  if (!state) return null;
  const { approval, votes, outcome } = state;
  const voters = parseVoters(approval);
  const excluded = JSON.parse(approval.excluded) as Excluded[];
  const names = namesOf(db, [...voters.map((v) => v.userId), ...excluded.map((e) => e.userId), ...votes.map((v) => v.userId)]);
  const supplierName = supplierNames(db, excluded.flatMap((e) => e.supplierIds));
  const nameOf = (id: number) => names.get(id) ?? `#${id}`;
  return {
    id: approval.id, subjectKind: approval.subjectKind, subjectId: approval.subjectId, status: approval.status,
    amountFen: approval.amountFen, unanimous: approval.unanimous, committeeSize: approval.committeeSize, reason: approval.reason,
    openedAt: approval.openedAt, decidedAt: approval.decidedAt,
    voters: voters.map((v) => ({ userId: v.userId, name: nameOf(v.userId), isDirector: v.isDirector, voted: votes.some((c) => c.userId === v.userId) })),
    excluded: excluded.map((e) => ({ userId: e.userId, name: nameOf(e.userId), reason: e.reason, suppliers: e.supplierIds.map((id) => supplierName.get(id) ?? `#${id}`) })),
    votes: votes.map((v) => ({ userId: v.userId, name: nameOf(v.userId), isDirector: voters.some((m) => m.userId === v.userId && m.isDirector), choice: v.choice, comment: v.comment, castAt: v.castAt })),
    outcome,
  };
}
export type ApprovalSummary = NonNullable<ReturnType<typeof approvalSummary>>;

function subjectOf(db: Db, approval: ApprovalRow) {
  if (approval.subjectKind === "proposal" || approval.subjectKind === "increase") {
    const p = db.select().from(proposals).where(eq(proposals.id, approval.subjectId)).get();
    if (!p) return null;
    return {
      kind: approval.subjectKind, id: p.id, title: p.title, reason: p.reason, book: p.book, accountKind: p.kind, isMajorRepair: p.isMajorRepair,
      method: p.method, supplier: selectedSupplier(db, p)?.name ?? null, selectionReason: p.selectionReason, exceptionReason: p.exceptionReason,
      collusionReason: p.collusionReason, decisionRef: p.decisionRef, decision: decisionLink(db, p.decisionId), status: p.status,
      // For an increase: what was approved when it opened is the current amount until it passes.
      approvedFen: p.approvedFen,
    } as const;
  }
  if (approval.subjectKind === "budget") {
    const b = db.select().from(budgets).where(eq(budgets.id, approval.subjectId)).get();
    if (!b) return null;
    const lines = db.select().from(budgetLines).where(eq(budgetLines.budgetId, b.id)).orderBy(budgetLines.kind).all();
    return { kind: "budget", id: b.id, title: b.title, year: b.year, book: b.book, note: b.note, decisionRef: b.decisionRef, decision: decisionLink(db, b.decisionId), lines: lines.map((l) => ({ kind: l.kind, amountFen: l.amountFen, note: l.note })) } as const;
  }
  if (approval.subjectKind === "reopen") {
    const s = db.select().from(publishedStatements).where(eq(publishedStatements.id, approval.subjectId)).get();
    if (!s) return null;
    return { kind: "reopen", id: s.id, period: s.period, revision: s.revision, hash: s.hash } as const;
  }
  const r = db.select().from(procurementRules).where(eq(procurementRules.id, approval.subjectId)).get();
  if (!r) return null;
  // The rules in force when the change was proposed: the last adopted before it (or the defaults).
  const previous = db.select().from(procurementRules)
    .where(and(lt(procurementRules.id, r.id), ne(procurementRules.status, "rejected"), ne(procurementRules.status, "in_approval")))
    .orderBy(desc(procurementRules.id)).get();
  return { kind: "rules", id: r.id, decisionRef: r.decisionRef, decision: decisionLink(db, r.decisionId), reason: r.reason, rulesNew: r.rules, rulesOld: previous ? previous.rules : JSON.stringify(DEFAULT_RULES) } as const;
}

/** The approval page: the subject, the summary, and whether this user may vote now. */
export function approvalPage(db: Db, approvalId: number, userId: number) {
  const summary = approvalSummary(db, approvalId);
  if (!summary) return null;
  const state = approvalState(db, approvalId)!;
  const canVote = summary.status === "open" && summary.voters.some((v) => v.userId === userId && !v.voted);
  return { summary, subject: subjectOf(db, state.approval), canVote };
}
