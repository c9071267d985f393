import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { approvals, proposals, quotes, spendingAttachments } from "~db/schema";
import type { JsonObject } from "~/domain/audit-chain";
import { decisionLabel } from "~/domain/decisions/matters";
import { DomainError } from "~/domain/errors";
import { hasAnyRole } from "~/domain/roles";
import { checkProposalDraft, citationProblem, estimateOf, type ProposalDraftInput } from "~/domain/spending/proposal-forms";
import type { ProposalAction } from "~/domain/spending/proposal-states";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { insertAttachment, storeAttachmentFile, type StoredAttachment } from "../attachments.server";
import { currentRules } from "./approvals.server";
import { approvedBudgetLine, citeDecision, lineWithoutDecision } from "./decision-citation.server";
import { actingUser, loadProposal, mayDraft, transition, type ProposalRow } from "./proposal-common.server";

function refuseDraft(input: ProposalDraftInput): void {
  const problem = checkProposalDraft(input);
  if (problem) throw new DomainError(problem.code, { field: problem.field, params: problem.params });
}

/**
 * The citation a draft carries, checked inside the transaction: an optional
 * budget line must be a line of an approved budget of the same book and
 * kind, and then the proposal carries that budget's decision (for display;
 * the budget holds the amount); otherwise a decision cited directly must
 * have passed and, for public revenue or when it authorises an amount, its
 * remaining amount must cover the estimate.
 */
function citation(tx: Db | Tx, input: ProposalDraftInput, exceptProposalId?: number): { decisionId: number | null; decisionRef: string | null } {
  const problem = citationProblem(input, currentRules(tx).rules.ownersAboveFen);
  if (problem) throw new DomainError(problem.code, { field: problem.field });
  if (input.budgetLineId != null) {
    const line = approvedBudgetLine(tx, input.budgetLineId, input.book, input.kind);
    if (!line) throw new DomainError("spending.errors.budgetLine", { field: "budgetLineId" });
    if (line.decisionId !== null) return { decisionId: line.decisionId, decisionRef: line.decisionRef };
    if (input.book === "public_revenue") throw lineWithoutDecision();
  }
  if (input.decisionId == null) return { decisionId: null, decisionRef: null };
  const decision = citeDecision(tx, input.decisionId, input.book, { amountFen: estimateOf(input.items), exceptProposalId });
  return { decisionId: decision.id, decisionRef: decisionLabel(decision) };
}

function draftValues(input: ProposalDraftInput, cited: { decisionId: number | null; decisionRef: string | null }) {
  return {
    book: input.book,
    kind: input.kind,
    title: input.title.trim(),
    reason: input.reason.trim(),
    items: JSON.stringify(input.items.map((i) => ({ description: i.description.trim(), quantity: i.quantity.trim(), unit: i.unit.trim(), estimatedFen: i.estimatedFen }))),
    estimatedFen: estimateOf(input.items),
    isMajorRepair: input.isMajorRepair === true,
    ...cited,
    budgetLineId: input.budgetLineId ?? null,
  };
}

/**
 * 支出方案 drafting (action proposal.draft): a manager for either book, a
 * committee member for the public-revenue book. The estimate is the sum of
 * the line items. A "yes, major repair" for the co-managed book is refused:
 * such works are paid from the special maintenance fund or by owners' decision.
 */
export function draftProposal(db: Db, input: ProposalDraftInput, actor: Actor, now = new Date()) {
  refuseDraft(input);
  return auditedWrite(db, { actor, action: "proposal.draft" }, (tx, seq) => {
    const user = actingUser(tx, actor);
    if (!mayDraft(user.roles, input.book)) throw new DomainError("errors.forbidden", { status: 403 });
    const cited = citation(tx, input);
    const proposal = tx.insert(proposals).values({
      ...draftValues(input, cited), status: "draft", drafterId: user.id, createdAt: now.toISOString(), auditSeq: seq,
    }).returning().get();
    return {
      result: { proposal },
      subject: `proposal:${proposal.id}`,
      rows: { proposals: [rowViews.proposals(proposal)] },
      extra: { to: "draft", amountFen: proposal.estimatedFen, ...(proposal.decisionId !== null ? { decisionId: proposal.decisionId } : {}) },
    };
  });
}

/** The drafter changes a draft (action proposal.update). */
export function updateDraft(db: Db, id: number, input: ProposalDraftInput, actor: Actor) {
  refuseDraft(input);
  return auditedWrite(db, { actor, action: "proposal.update" }, (tx, seq) => {
    const user = actingUser(tx, actor);
    const before = loadProposal(tx, id);
    if (before.drafterId !== user.id || !mayDraft(user.roles, input.book)) throw new DomainError("errors.forbidden", { status: 403 });
    if (before.status !== "draft") throw new DomainError("spending.errors.notDraft", { status: 409 });
    const cited = citation(tx, input, id);
    const proposal = tx.update(proposals).set({ ...draftValues(input, cited), auditSeq: seq }).where(eq(proposals.id, id)).returning().get();
    return { result: { proposal }, subject: `proposal:${id}`, rows: { proposals: [rowViews.proposals(proposal)] }, extra: { amountFen: proposal.estimatedFen } };
  });
}

function mayHandle(user: { id: number; roles: string[] }, proposal: ProposalRow): boolean {
  return user.id === proposal.drafterId || hasAnyRole(user.roles as never, ["manager"]);
}

/** Files (photos, PDFs) already stored; each gets its attachment row and a spending_attachments row (action proposal.attach). */
export function attachToProposal(db: Db, id: number, files: readonly StoredAttachment[], actor: Actor) {
  if (files.length === 0) throw new DomainError("spending.errors.noFile", { field: "files" });
  return auditedWrite(db, { actor, action: "proposal.attach" }, (tx, seq) => {
    const user = actingUser(tx, actor);
    const proposal = loadProposal(tx, id);
    if (!mayHandle(user, proposal)) throw new DomainError("errors.forbidden", { status: 403 });
    if (!["draft", "quoting", "selecting"].includes(proposal.status)) throw new DomainError("spending.errors.attachClosed", { status: 409 });
    const attachmentViews: JsonObject[] = [];
    const links = files.map((file) => {
      const attachment = insertAttachment(tx, seq, file, actor);
      attachmentViews.push(attachment.view);
      return tx.insert(spendingAttachments).values({ subjectKind: "proposal", subjectId: id, attachmentId: attachment.row.id, auditSeq: seq }).returning().get();
    });
    return {
      result: { links },
      subject: `proposal:${id}`,
      rows: { attachments: attachmentViews, spending_attachments: links.map((l) => rowViews.spending_attachments(l)) },
      extra: { count: links.length },
    };
  });
}

/** The form's use case: every file is checked and stored first, then all are attached in one event. */
export async function attachToProposalWithUpload(db: Db, id: number, uploads: readonly { bytes: Uint8Array; filename: string }[], actor: Actor) {
  if (uploads.length === 0) throw new DomainError("spending.errors.noFile", { field: "files" });
  const stored: StoredAttachment[] = [];
  for (const upload of uploads) stored.push(await storeAttachmentFile(upload.bytes, upload.filename, "files"));
  return attachToProposal(db, id, stored, actor);
}

function changeStatus(db: Db, id: number, action: ProposalAction, auditAction: string, actor: Actor, guard: (tx: Tx, proposal: ProposalRow) => void) {
  return auditedWrite(db, { actor, action: auditAction }, (tx, seq) => {
    const user = actingUser(tx, actor);
    const before = loadProposal(tx, id);
    if (!mayHandle(user, before)) throw new DomainError("errors.forbidden", { status: 403 });
    const status = transition(before.status, action);
    guard(tx, before);
    const proposal = tx.update(proposals).set({ status, auditSeq: seq }).where(eq(proposals.id, id)).returning().get();
    return { result: { proposal }, subject: `proposal:${id}`, rows: { proposals: [rowViews.proposals(proposal)] }, extra: { from: before.status, to: status } };
  });
}

/** draft → quoting (the drafter or a manager). */
export function openQuoting(db: Db, id: number, actor: Actor) {
  return changeStatus(db, id, "openQuoting", "proposal.open_quoting", actor, () => undefined);
}

/** quoting → selecting: needs at least one quote. */
export function closeQuoting(db: Db, id: number, actor: Actor) {
  return changeStatus(db, id, "closeQuoting", "proposal.close_quoting", actor, (tx) => {
    const any = tx.select({ id: quotes.id }).from(quotes).where(eq(quotes.proposalId, id)).get();
    if (!any) throw new DomainError("spending.errors.noQuotes", { status: 409 });
  });
}

/** selecting → quoting: another quote is needed. */
export function reopenQuoting(db: Db, id: number, actor: Actor) {
  return changeStatus(db, id, "reopenQuoting", "proposal.reopen_quoting", actor, () => undefined);
}

/**
 * The drafter withdraws before a decision (action proposal.withdraw); a
 * proposal in approval also closes its open vote as "withdrawn", in the same event.
 */
export function withdrawProposal(db: Db, id: number, input: { reason: string }, actor: Actor, now = new Date()) {
  const reason = input.reason.trim();
  if (reason === "") throw new DomainError("spending.errors.reasonRequired", { field: "reason" });
  return auditedWrite(db, { actor, action: "proposal.withdraw" }, (tx, seq) => {
    const user = actingUser(tx, actor);
    const before = loadProposal(tx, id);
    if (before.drafterId !== user.id) throw new DomainError("spending.errors.notDrafter", { status: 403 });
    const status = transition(before.status, "withdraw");
    const open = tx.select().from(approvals)
      .where(and(eq(approvals.subjectKind, "proposal"), eq(approvals.subjectId, id), eq(approvals.status, "open"))).all();
    const closed = open.map((a) => tx.update(approvals).set({ status: "withdrawn", decidedAt: now.toISOString(), auditSeq: seq }).where(eq(approvals.id, a.id)).returning().get());
    const proposal = tx.update(proposals).set({ status, auditSeq: seq }).where(eq(proposals.id, id)).returning().get();
    return {
      result: { proposal },
      subject: `proposal:${id}`,
      rows: { proposals: [rowViews.proposals(proposal)], ...(closed.length ? { approvals: closed.map((a) => rowViews.approvals(a)) } : {}) },
      extra: { from: before.status, to: status, reason },
    };
  });
}
