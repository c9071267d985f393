import { and, eq, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import type { Db } from "~db/connection";
import { approvals, proposals, quotes, selectionScores, votes } from "~db/schema";
import { retentionFen } from "~/domain/spending/payments";
import { methodFor } from "~/domain/spending/tiers";
import { currentRules, parseVoters } from "./approvals.server";
import { isRelatedTo, selectedSupplier } from "./proposal-payments.server";
import { prospectiveVoters } from "./selection.server";

const SELECTION_METHODS = ["selection", "selection_owners"];

/**
 * What waits for a committee member: votes to cast, quotes to score in the
 * selection tier, approved work to accept, retentions due for release.
 */
export function waitingFor(db: Db, userId: number, today: string) {
  const open = db.select().from(approvals).where(eq(approvals.status, "open")).orderBy(approvals.openedAt).all();
  const voted = new Set(db.select({ approvalId: votes.approvalId }).from(votes).where(eq(votes.userId, userId)).all().map((v) => v.approvalId));
  const titles = (ids: number[]) => new Map(ids.length ? db.select({ id: proposals.id, title: proposals.title }).from(proposals).where(inArray(proposals.id, ids)).all().map((p) => [p.id, p.title]) : []);
  const mine = open.filter((a) => parseVoters(a).some((v) => v.userId === userId) && !voted.has(a.id));
  const proposalTitles = titles(mine.filter((a) => a.subjectKind === "proposal" || a.subjectKind === "increase").map((a) => a.subjectId));
  const toVote = mine.map((a) => ({
    approvalId: a.id, subjectKind: a.subjectKind, subjectId: a.subjectId, title: proposalTitles.get(a.subjectId) ?? null,
    amountFen: a.amountFen, openedAt: a.openedAt, href: `/approvals/${a.id}`,
  }));

  const { rules } = currentRules(db);
  const toScore = db.select().from(proposals).where(eq(proposals.status, "selecting")).all().flatMap((p) => {
    const quoted = db.select().from(quotes).where(eq(quotes.proposalId, p.id)).all();
    if (quoted.length === 0) return [];
    const basis = Math.max(p.estimatedFen, Math.min(...quoted.map((q) => q.amountFen)));
    if (!SELECTION_METHODS.includes(methodFor(basis, rules))) return [];
    if (!prospectiveVoters(db, p).voters.some((v) => v.userId === userId)) return [];
    const scored = db.select({ quoteId: selectionScores.quoteId }).from(selectionScores)
      .where(and(eq(selectionScores.proposalId, p.id), eq(selectionScores.userId, userId))).all().length;
    if (scored >= quoted.length) return [];
    return [{ proposalId: p.id, title: p.title, quotes: quoted.length, scored, href: `/spending/${p.id}/score` }];
  });

  const toAccept = db.select().from(proposals).where(inArray(proposals.status, ["approved", "advance_paid"])).orderBy(proposals.approvedAt).all()
    .filter((p) => {
      const supplier = selectedSupplier(db, p);
      return !supplier || !isRelatedTo(db, userId, supplier.id);
    })
    .map((p) => ({ proposalId: p.id, title: p.title, approvedFen: p.approvedFen, approvedAt: p.approvedAt, href: `/spending/${p.id}/accept` }));

  const toRelease = db.select().from(proposals)
    .where(and(eq(proposals.status, "paid"), isNull(proposals.retentionReleasedAt), isNotNull(proposals.warrantyUntil), lte(proposals.warrantyUntil, today)))
    .orderBy(proposals.warrantyUntil).all()
    .filter((p) => p.approvedFen !== null && retentionFen({ approvedFen: p.approvedFen, retentionPercent: p.retentionPercent }) > 0)
    .map((p) => ({
      proposalId: p.id, title: p.title, warrantyUntil: p.warrantyUntil, href: `/spending/${p.id}/retention`,
      retentionFen: retentionFen({ approvedFen: p.approvedFen ?? 0, retentionPercent: p.retentionPercent }),
    }));

  return { toVote, toScore, toAccept, toRelease };
}
export type Waiting = ReturnType<typeof waitingFor>;
