import { and, eq, inArray, isNotNull, ne, notInArray } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { proposals, quotes, selectionScores, suppliers } from "~db/schema";
import { shanghaiDate } from "~/domain/calendar";
import { buildComparison, isSelectionTier, type Comparison } from "~/domain/spending/comparison";
import { DomainError } from "~/domain/errors";
import { chooseVoters } from "~/domain/spending/approval";
import { formatFen } from "~/domain/money";
import { decisionLabel } from "~/domain/decisions/matters";
import type { ProposalItem, ScoreInput, SubmitInput } from "~/domain/spending/proposal-forms";
import { checkSelection, quoteDefects, splitCompanions, type OtherSelection, type ProcurementRules } from "~/domain/spending/tiers";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { requireCitableDecision } from "../decisions/usage.server";
import { approvedBudgetLine, citeDecision } from "./decision-citation.server";
import { activeRelations, committeeMembers, currentRules, openApproval } from "./approvals.server";
import { actingUser, loadProposal, requireRole, transition, type ProposalRow } from "./proposal-common.server";

const METHOD_ZH = { direct: "直接采购", comparison: "比价", selection: "遴选", selection_owners: "遴选（业主决定）" } as const;

/** A refusal listing every problem of a selection (the first is the code). */
export class SelectionRefused extends DomainError {
  constructor(readonly problems: { code: string; params?: Record<string, string | number> }[]) {
    super(problems[0]!.code, { params: problems[0]!.params, status: 400 });
  }
}

/** The proposal's quotes with what the rules look at about their suppliers. */
export function quotesWithSuppliers(db: Db | Tx, proposalId: number) {
  return db
    .select({ quote: quotes, supplier: suppliers })
    .from(quotes)
    .innerJoin(suppliers, eq(suppliers.id, quotes.supplierId))
    .where(eq(quotes.proposalId, proposalId))
    .orderBy(quotes.id)
    .all();
}

/** The side-by-side comparison of a proposal's quotes on a date. */
export function comparisonFor(db: Db | Tx, proposal: ProposalRow, onDate: string, rules: ProcurementRules = currentRules(db).rules): Comparison {
  const rows = quotesWithSuppliers(db, proposal.id);
  const items = JSON.parse(proposal.items) as ProposalItem[];
  return buildComparison({
    items, estimatedFen: proposal.estimatedFen, onDate, rules, totalLabel: "合计",
    quotes: rows.map(({ quote, supplier }) => ({
      id: quote.id, supplierId: supplier.id, supplierName: supplier.name, supplierActive: supplier.active,
      supplierRelatedToCompany: supplier.relatedToCompany, amountFen: quote.amountFen, itemAmounts: JSON.parse(quote.itemAmounts) as number[],
      validUntil: quote.validUntil, attachmentId: quote.attachmentId, note: quote.note,
    })),
    contacts: rows.map(({ supplier }) => ({
      id: supplier.id, legalRepresentative: supplier.legalRepresentative, phone: supplier.phone, address: supplier.address, bankAccount: supplier.bankAccount,
    })),
  });
}

/** Who would vote on the proposal now: committee minus the drafter minus members related to a quoting supplier. */
export function prospectiveVoters(db: Db | Tx, proposal: ProposalRow) {
  const supplierIds = [...new Set(quotesWithSuppliers(db, proposal.id).map((r) => r.quote.supplierId))];
  const members = committeeMembers(db);
  return { members, supplierIds, ...chooseVoters(members, proposal.drafterId, activeRelations(db), supplierIds) };
}

/**
 * 遴选 scoring (action proposal.score): a committee member who would vote
 * scores one quote once (price 0–40, qualification 0–30, service 0–30), when
 * the tier previewed from the quotes is a selection tier.
 */
export function scoreQuote(db: Db, input: ScoreInput & { proposalId: number }, actor: Actor, now = new Date()) {
  const parts = { price: 40, qualification: 30, service: 30 } as const;
  for (const [k, max] of Object.entries(parts)) {
    const v = input[k as keyof typeof parts];
    if (!Number.isInteger(v) || v < 0 || v > max) throw new DomainError("spending.errors.scoreRange", { field: k });
  }
  return auditedWrite(db, { actor, action: "proposal.score" }, (tx, seq) => {
    const user = actingUser(tx, actor);
    requireRole(user, ["committee"]);
    const proposal = loadProposal(tx, input.proposalId);
    if (proposal.status !== "quoting" && proposal.status !== "selecting") {
      throw new DomainError("spending.errors.illegalTransition", { params: { action: "score", from: proposal.status }, status: 409 });
    }
    const quote = tx.select().from(quotes).where(and(eq(quotes.id, input.quoteId), eq(quotes.proposalId, proposal.id))).get();
    if (!quote) throw new DomainError("spending.errors.unknownQuote", { field: "quoteId" });
    if (!isSelectionTier(comparisonFor(tx, proposal, shanghaiDate(now)).method)) throw new DomainError("spending.errors.notSelectionTier", { status: 409 });
    if (!prospectiveVoters(tx, proposal).voters.some((v) => v.userId === user.id)) throw new DomainError("spending.errors.notAVoter", { status: 403 });
    const done = tx.select({ id: selectionScores.id }).from(selectionScores).where(and(eq(selectionScores.quoteId, quote.id), eq(selectionScores.userId, user.id))).get();
    if (done) throw new DomainError("spending.errors.alreadyScored", { field: "quoteId", status: 409 });
    const score = tx.insert(selectionScores).values({
      proposalId: proposal.id, quoteId: quote.id, userId: user.id, price: input.price, qualification: input.qualification, service: input.service,
      comment: input.comment.trim(), auditSeq: seq,
    }).returning().get();
    return {
      result: { score },
      subject: `proposal:${proposal.id}`,
      rows: { selection_scores: [rowViews.selection_scores(score)] },
      extra: { quoteId: quote.id, total: score.price + score.qualification + score.service },
    };
  });
}

/** Other live proposals' selections (split-order companions are picked among them). */
function otherSelections(tx: Tx, proposalId: number): OtherSelection[] {
  return tx
    .select({ proposalId: proposals.id, supplierId: quotes.supplierId, kind: proposals.kind, selectedOn: proposals.selectedOn, quoteFen: quotes.amountFen, approvedFen: proposals.approvedFen })
    .from(proposals)
    .innerJoin(quotes, eq(quotes.id, proposals.selectedQuoteId))
    .where(and(ne(proposals.id, proposalId), isNotNull(proposals.selectedOn), notInArray(proposals.status, ["draft", "rejected", "withdrawn", "referred"])))
    .all()
    .map((r) => ({ proposalId: r.proposalId, supplierId: r.supplierId, kind: r.kind, selectedOn: r.selectedOn!, amountFen: r.approvedFen ?? r.quoteFen }));
}

/**
 * The decision a proposal rests on at submission. Charged to a budget line
 * that cites a decision: that one (the budget holds the amount). Otherwise
 * the decision chosen now, else the one cited at drafting: it must have
 * passed and, for public revenue or when it authorises an amount, its
 * remaining amount (without this proposal) must cover the selected quote.
 */
function submittedCitation(tx: Tx, proposal: ProposalRow, chosen: number | null, amountFen: number | undefined) {
  const line = proposal.budgetLineId === null ? undefined : approvedBudgetLine(tx, proposal.budgetLineId, proposal.book, proposal.kind);
  if (line && line.decisionId !== null) {
    return { decisionId: line.decisionId, decisionRef: decisionLabel(requireCitableDecision(tx, line.decisionId)) };
  }
  const decisionId = chosen ?? proposal.decisionId;
  if (decisionId === null) {
    if (proposal.book === "public_revenue" && proposal.budgetLineId === null) throw new DomainError("spending.errors.decisionRefRequired", { field: "decisionId" });
    return { decisionId: null, decisionRef: proposal.decisionRef };
  }
  const decision = amountFen === undefined
    ? requireCitableDecision(tx, decisionId)
    : citeDecision(tx, decisionId, proposal.book, { amountFen, exceptProposalId: proposal.id });
  return { decisionId: decision.id, decisionRef: decisionLabel(decision) };
}

/**
 * The manager selects a quote and puts the proposal to the committee
 * (action proposal.submit): the rules in force applied to the selection,
 * split orders judged by the combined amount, every problem listed; in the
 * selection tiers a majority of the voters must have scored every valid
 * quote. The proposal, its approval (referred at once at the quorum floor)
 * and the notification are written in one event.
 */
export function submitProposal(db: Db, id: number, input: SubmitInput, actor: Actor, now = new Date()) {
  const onDate = input.onDate ?? shanghaiDate(now);
  if (Number(input.retentionPercent) > 0 && input.warrantyMonths <= 0) throw new DomainError("spending.errors.warrantyNeeded", { field: "warrantyMonths" });
  return auditedWrite(db, { actor, action: "proposal.submit" }, (tx, seq) => {
    requireRole(actingUser(tx, actor), ["manager"]);
    const before = loadProposal(tx, id);
    transition(before.status, "submit");
    const { id: rulesId, rules } = currentRules(tx);
    const rows = quotesWithSuppliers(tx, id);
    const facts = rows.map(({ quote, supplier }) => ({
      id: quote.id, supplierId: quote.supplierId, amountFen: quote.amountFen, validUntil: quote.validUntil,
      supplierActive: supplier.active, supplierRelatedToCompany: supplier.relatedToCompany,
    }));
    const selected = facts.find((q) => q.id === input.selectedQuoteId);
    const companionsFen = selected
      ? splitCompanions({ supplierId: selected.supplierId, kind: before.kind, selectedOn: onDate }, otherSelections(tx, id), rules.splitWindowDays).reduce((s, o) => s + o.amountFen, 0)
      : 0;
    const cited = submittedCitation(tx, before, input.decisionId ?? null, selected?.amountFen);
    const comparison = comparisonFor(tx, before, onDate, rules);
    const check = checkSelection({
      estimatedFen: before.estimatedFen, selectedQuoteId: input.selectedQuoteId, quotes: facts, onDate, companionsFen, rules, flags: comparison.flags,
      selectionReason: input.selectionReason, exceptionReason: input.exceptionReason, collusionReason: input.collusionReason, decisionCited: cited.decisionId !== null,
    });
    const problems: { code: string; params?: Record<string, string | number> }[] = [...check.problems];
    const { members, voters, supplierIds } = prospectiveVoters(tx, before);
    const quorate = voters.length > 0 && voters.length * 2 >= members.length;
    if (isSelectionTier(check.method) && quorate) {
      const defects = quoteDefects(facts, onDate);
      const valid = facts.filter((q) => defects.get(q.id)!.length === 0).map((q) => q.id);
      const scores = valid.length ? tx.select().from(selectionScores).where(inArray(selectionScores.quoteId, valid)).all() : [];
      const complete = voters.filter((v) => valid.every((q) => scores.some((s) => s.quoteId === q && s.userId === v.userId))).length;
      if (complete * 2 <= voters.length) problems.push({ code: "spending.errors.scoresMissing", params: { scored: complete, voters: voters.length } });
    }
    if (problems.length > 0) throw new SelectionRefused(problems);
    const amountFen = selected!.amountFen;
    let proposal = tx.update(proposals).set({
      method: check.method, rulesId, selectedQuoteId: selected!.id, selectedOn: onDate, decisionId: cited.decisionId, decisionRef: cited.decisionRef,
      selectionReason: input.selectionReason.trim() || null, exceptionReason: input.exceptionReason.trim() || null, collusionReason: input.collusionReason.trim() || null,
      advancePercent: input.advancePercent, retentionPercent: input.retentionPercent, warrantyMonths: input.warrantyMonths,
      status: "in_approval", auditSeq: seq,
    }).where(eq(proposals.id, id)).returning().get();
    const approval = openApproval(tx, seq, { subjectKind: "proposal", subjectId: id, amountFen, drafterId: before.drafterId, quotingSupplierIds: supplierIds }, actor, now);
    if (approval.row.status === "referred") {
      proposal = tx.update(proposals).set({ status: transition("in_approval", "refer") }).where(eq(proposals.id, id)).returning().get();
    }
    const head = `${before.title}：${formatFen(amountFen)}，${METHOD_ZH[check.method]}`;
    enqueueNotification(tx, seq, approval.row.status === "referred"
      ? { topic: "approval.decided", subject: `proposal:${id}`, title: `支出方案提交业主决定：${before.title}`, body: `**${head}**\n\n表决人数不足委员会半数，提交业主决定。[查看](/spending/${id})` }
      : { topic: "approval.opened", subject: `proposal:${id}`, title: `支出方案待表决：${before.title}`, body: `**${head}**\n\n[去表决](/approvals/${approval.row.id})` }, now);
    return {
      result: { proposal, approval: approval.row },
      subject: `proposal:${id}`,
      rows: { proposals: [rowViews.proposals(proposal)], approvals: [approval.view] },
      extra: { from: before.status, to: proposal.status, method: check.method, basisFen: check.basisFen, amountFen, ...(cited.decisionId !== null ? { decisionId: cited.decisionId } : {}) },
    };
  });
}
