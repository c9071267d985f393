import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import Decimal from "decimal.js";
import type { Db } from "~db/connection";
import { acceptances, approvals, attachments, budgetLines, budgets, proposalPayments, proposals, selectionScores, spendingAttachments, users } from "~db/schema";
import { shanghaiDate } from "~/domain/calendar";
import { multiplyRate } from "~/domain/money";
import type { ProposalItem, ProposalListQuery } from "~/domain/spending/proposal-forms";
import { currentRules } from "./approvals.server";
import { decisionLink } from "./decision-citation.server";
import { loadProposal } from "./proposal-common.server";
import { comparisonFor, prospectiveVoters } from "./selection.server";

export const PROPOSAL_PAGE_SIZE = 30;

/** Proposals matching the filters, most recently changed first. */
export function listProposals(db: Db, query: Partial<ProposalListQuery> & { limit?: number } = {}) {
  const where: SQL[] = [];
  if (query.status) where.push(eq(proposals.status, query.status));
  if (query.book) where.push(eq(proposals.book, query.book));
  const filter = where.length ? and(...where) : undefined;
  const limit = query.limit ?? PROPOSAL_PAGE_SIZE;
  const offset = query.offset ?? 0;
  const rows = db
    .select({ p: proposals, drafter: users.displayName, updatedAt: proposals.auditSeq })
    .from(proposals)
    .innerJoin(users, eq(users.id, proposals.drafterId))
    .where(filter)
    .orderBy(desc(proposals.auditSeq), desc(proposals.id))
    .limit(limit)
    .offset(offset)
    .all();
  const seqTimes = new Map<number, string>();
  for (const r of rows) {
    const at = db.$client.prepare("SELECT at FROM audit_events WHERE seq = ?").get(r.p.auditSeq) as { at?: string } | undefined;
    seqTimes.set(r.p.auditSeq, at?.at ?? r.p.createdAt);
  }
  const total = db.select({ n: count() }).from(proposals).where(filter).get()?.n ?? 0;
  return {
    total, limit, offset,
    rows: rows.map(({ p, drafter }) => ({
      id: p.id, book: p.book, kind: p.kind, title: p.title, status: p.status, estimatedFen: p.estimatedFen, approvedFen: p.approvedFen,
      drafter, updatedAt: seqTimes.get(p.auditSeq) ?? p.createdAt,
    })),
  };
}

/**
 * Everything the proposal page shows, serialisable: the row, its items,
 * attachments, the comparison on `onDate`, scores, approvals, acceptance and
 * payments with their totals. Null when there is no such proposal.
 */
export function getProposalDetail(db: Db, id: number, now = new Date()) {
  let proposal;
  try {
    proposal = loadProposal(db, id);
  } catch {
    return null;
  }
  const drafter = db.select({ displayName: users.displayName }).from(users).where(eq(users.id, proposal.drafterId)).get();
  const items = JSON.parse(proposal.items) as ProposalItem[];
  const files = db
    .select({ id: attachments.id, filename: attachments.filename, mime: attachments.mime })
    .from(spendingAttachments)
    .innerJoin(attachments, eq(attachments.id, spendingAttachments.attachmentId))
    .where(and(eq(spendingAttachments.subjectKind, "proposal"), eq(spendingAttachments.subjectId, id)))
    .orderBy(asc(spendingAttachments.id))
    .all();
  const onDate = proposal.selectedOn ?? shanghaiDate(now);
  const comparison = comparisonFor(db, proposal, onDate, currentRules(db).rules);
  const scorer = alias(users, "scorer");
  const scores = db
    .select({ score: selectionScores, name: scorer.displayName })
    .from(selectionScores)
    .innerJoin(scorer, eq(scorer.id, selectionScores.userId))
    .where(eq(selectionScores.proposalId, id))
    .orderBy(asc(selectionScores.id))
    .all()
    .map(({ score, name }) => ({
      id: score.id, quoteId: score.quoteId, userId: score.userId, name, price: score.price, qualification: score.qualification,
      service: score.service, total: score.price + score.qualification + score.service, comment: score.comment,
    }));
  const budgetLine = proposal.budgetLineId
    ? db.select({ id: budgetLines.id, kind: budgetLines.kind, amountFen: budgetLines.amountFen, budgetId: budgets.id, year: budgets.year, title: budgets.title })
      .from(budgetLines).innerJoin(budgets, eq(budgets.id, budgetLines.budgetId)).where(eq(budgetLines.id, proposal.budgetLineId)).get() ?? null
    : null;
  const approvalRows = db.select().from(approvals).where(and(eq(approvals.subjectKind, "proposal"), eq(approvals.subjectId, id))).orderBy(asc(approvals.id)).all();
  const increaseRows = db.select().from(approvals).where(and(eq(approvals.subjectKind, "increase"), eq(approvals.subjectId, id))).orderBy(asc(approvals.id)).all();
  const acceptance = db.select().from(acceptances).where(eq(acceptances.proposalId, id)).get() ?? null;
  const payments = db.select().from(proposalPayments).where(eq(proposalPayments.proposalId, id)).orderBy(asc(proposalPayments.paidOn), asc(proposalPayments.id)).all();
  const paidFen = payments.reduce((s, p) => s + p.amountFen, 0);
  const approvedFen = proposal.approvedFen;
  const { voters } = prospectiveVoters(db, proposal);
  return {
    proposal: { ...proposal, drafterName: drafter?.displayName ?? "" },
    items,
    files,
    comparison,
    scores,
    scoringVoterIds: voters.map((v) => v.userId),
    budgetLine,
    decision: decisionLink(db, proposal.decisionId),
    approvals: [...approvalRows, ...increaseRows].map((a) => ({ id: a.id, subjectKind: a.subjectKind, status: a.status, amountFen: a.amountFen, openedAt: a.openedAt, decidedAt: a.decidedAt })),
    openApprovalId: [...approvalRows, ...increaseRows].find((a) => a.status === "open")?.id ?? null,
    acceptance,
    payments: payments.map((p) => ({ id: p.id, stage: p.stage, paidOn: p.paidOn, amountFen: p.amountFen, bankReference: p.bankReference, invoiceNumber: p.invoiceNumber, entryId: p.entryId })),
    totals: {
      approvedFen,
      paidFen,
      advanceLimitFen: approvedFen === null ? null : multiplyRate(approvedFen, new Decimal(proposal.advancePercent).div(100)),
      retentionFen: approvedFen === null ? null : multiplyRate(approvedFen, new Decimal(proposal.retentionPercent).div(100)),
    },
  };
}
export type ProposalDetail = NonNullable<ReturnType<typeof getProposalDetail>>;

/** The owners' decision a proposal cites, for pages that show a frozen copy of it (the statement drill-down). */
export function proposalDecision(db: Db, proposalId: number) {
  const row = db.select({ decisionId: proposals.decisionId }).from(proposals).where(eq(proposals.id, proposalId)).get();
  return row ? decisionLink(db, row.decisionId) : null;
}
