import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { approvals, budgets, procurementRules, proposals, publishedStatements, statementDrafts, suppliers, votes } from "~db/schema";
import type { JsonObject } from "~/domain/audit-chain";
import { DomainError } from "~/domain/errors";
import { formatFen } from "~/domain/money";
import type { Choice, Excluded, Outcome } from "~/domain/spending/approval";
import { nextStatus, type ProposalStatus } from "~/domain/spending/proposal-states";
import { reopenTitle } from "~/domain/statements/publishing";
import type { StatementSnapshot } from "~/domain/statements/snapshot";
import type { Actor } from "../audit.server";
import { requireCitableDecision } from "../decisions/usage.server";
import { rowViews, type EventRows } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { approvalState, parseVoters, type ApprovalRow, type VoteRow } from "./approvals.server";

export const MAX_COMMENT_LENGTH = 500;

export interface VoteInput {
  approvalId: number;
  userId: number;
  choice: Choice;
  comment: string;
}

const CHOICES: readonly Choice[] = ["approve", "reject", "abstain"];
const OUTCOME_ZH = { passed: "通过", rejected: "未通过", referred: "须提交业主共同决定" } as const;
type Decided = keyof typeof OUTCOME_ZH;

export function subjectOf(approval: Pick<ApprovalRow, "subjectKind" | "subjectId">): string {
  const kind = approval.subjectKind === "increase" ? "proposal" : approval.subjectKind;
  return `${kind}:${approval.subjectId}`;
}

/** The event subject of an approval's votes: a reopen approval's is its period's, `statement:<period>`. */
function eventSubjectOf(db: Db | Tx, approval: ApprovalRow): string {
  if (approval.subjectKind !== "reopen") return subjectOf(approval);
  const published = db.select({ period: publishedStatements.period }).from(publishedStatements).where(eq(publishedStatements.id, approval.subjectId)).get();
  return published ? `statement:${published.period}` : subjectOf(approval);
}

/** A passed reopen: the next revision's draft, correcting the published one, its work report copied. */
function applyReopen(tx: Tx, seq: number, approval: ApprovalRow, decided: Decided, now: Date): Applied {
  const published = tx.select().from(publishedStatements).where(eq(publishedStatements.id, approval.subjectId)).get();
  if (!published) throw new Error(`approval ${approval.id}: published statement ${approval.subjectId} missing`);
  const what = reopenTitle(published.period, published.revision);
  if (decided !== "passed") return { rows: {}, what };
  const latest = tx.select({ revision: statementDrafts.revision }).from(statementDrafts).where(eq(statementDrafts.period, published.period))
    .orderBy(desc(statementDrafts.revision)).limit(1).get();
  const requester = Number(approval.openedBy);
  if (!Number.isSafeInteger(requester) || requester <= 0) throw new Error(`approval ${approval.id}: opened by ${approval.openedBy}, not a user`);
  const draft = tx.insert(statementDrafts).values({
    periodKind: published.periodKind, period: published.period, revision: (latest?.revision ?? published.revision) + 1,
    workReport: (JSON.parse(published.snapshot) as StatementSnapshot).workReport, status: "draft",
    supersedesId: published.id, reopenReason: approval.reason, reopenApprovalId: approval.id,
    draftedBy: requester, createdAt: now.toISOString(), auditSeq: seq,
  }).returning().get();
  return { rows: { statement_drafts: [rowViews.statement_drafts(draft)] }, from: "published", to: "draft", what };
}

function isUniqueVoteViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && (error as { code: string }).code === "SQLITE_CONSTRAINT_UNIQUE" && error.message.includes("votes.");
}

function supplierNames(db: Db | Tx, ids: readonly number[]): string {
  if (ids.length === 0) return "";
  return db.select({ name: suppliers.name }).from(suppliers).where(inArray(suppliers.id, [...ids])).all().map((s) => s.name).join("、");
}

/** Every refusal of a vote, against the approval as it is now (nothing written). */
function checkVote(db: Db | Tx, input: VoteInput) {
  if (!CHOICES.includes(input.choice)) throw new DomainError("approvals.errors.choice", { field: "choice" });
  if (input.comment.length > MAX_COMMENT_LENGTH) throw new DomainError("approvals.errors.commentTooLong", { field: "comment", params: { max: MAX_COMMENT_LENGTH } });
  const state = approvalState(db, input.approvalId);
  if (!state) throw new DomainError("errors.notFound", { status: 404 });
  const { approval } = state;
  if (approval.status !== "open") throw new DomainError("approvals.errors.closed", { status: 409 });
  const excluded = (JSON.parse(approval.excluded) as Excluded[]).find((e) => e.userId === input.userId);
  if (excluded?.reason === "drafter") throw new DomainError("approvals.errors.drafterCannotVote", { status: 403 });
  if (excluded?.reason === "related") {
    throw new DomainError("approvals.errors.recused", { status: 403, params: { suppliers: supplierNames(db, excluded.supplierIds) } });
  }
  if (!parseVoters(approval).some((v) => v.userId === input.userId)) throw new DomainError("approvals.errors.notAVoter", { status: 403 });
  if (state.votes.some((v) => v.userId === input.userId)) throw new DomainError("approvals.errors.alreadyVoted", { status: 409 });
  return state;
}

interface Applied {
  rows: EventRows;
  from?: string;
  to?: string;
  what: string;
}

/** Applies a decided outcome to the approval's subject, in the vote's transaction. */
function applyToSubject(tx: Tx, seq: number, approval: ApprovalRow, decided: Decided, now: Date): Applied {
  const at = now.toISOString();
  if (approval.subjectKind === "reopen") return applyReopen(tx, seq, approval, decided, now);
  if (approval.subjectKind === "proposal" || approval.subjectKind === "increase") {
    const proposal = tx.select().from(proposals).where(eq(proposals.id, approval.subjectId)).get();
    if (!proposal) throw new Error(`approval ${approval.id}: proposal ${approval.subjectId} missing`);
    if (approval.subjectKind === "increase") {
      const what = `方案「${proposal.title}」追加 ${formatFen(approval.amountFen ?? 0)}`;
      if (decided !== "passed") return { rows: {}, what };
      const approvedFen = (proposal.approvedFen ?? 0) + (approval.amountFen ?? 0);
      // The decision it cites may have been spent elsewhere while the vote was open: the increase must still fit.
      if (proposal.decisionId !== null && proposal.budgetLineId === null) {
        requireCitableDecision(tx, proposal.decisionId, { amountFen: approvedFen, exceptProposalId: proposal.id }, "choice");
      }
      const updated = tx.update(proposals).set({ approvedFen, auditSeq: seq })
        .where(eq(proposals.id, proposal.id)).returning().get();
      return { rows: { proposals: [rowViews.proposals(updated)] }, what };
    }
    const action = decided === "passed" ? "pass" : decided === "rejected" ? "reject" : "refer";
    const next = nextStatus(proposal.status as ProposalStatus, action);
    if (!next.ok) throw new DomainError(next.problem.code, { params: next.problem.params, status: 409 });
    const locked = decided === "passed" ? { approvedFen: approval.amountFen, approvedAt: at } : {};
    const updated = tx.update(proposals).set({ status: next.status, ...locked, auditSeq: seq }).where(eq(proposals.id, proposal.id)).returning().get();
    return { rows: { proposals: [rowViews.proposals(updated)] }, from: proposal.status, to: next.status, what: `方案「${proposal.title}」${formatFen(approval.amountFen ?? 0)}` };
  }
  if (approval.subjectKind === "budget") {
    const budget = tx.select().from(budgets).where(eq(budgets.id, approval.subjectId)).get();
    if (!budget) throw new Error(`approval ${approval.id}: budget ${approval.subjectId} missing`);
    const to = decided === "passed" ? "approved" : decided;
    const updated = tx.update(budgets).set({ status: to, ...(decided === "passed" ? { approvedAt: at } : {}), auditSeq: seq })
      .where(eq(budgets.id, budget.id)).returning().get();
    return { rows: { budgets: [rowViews.budgets(updated)] }, from: budget.status, to, what: `${budget.year} 年预算「${budget.title}」${formatFen(approval.amountFen ?? 0)}` };
  }
  const rules = tx.select().from(procurementRules).where(eq(procurementRules.id, approval.subjectId)).get();
  if (!rules) throw new Error(`approval ${approval.id}: rules ${approval.subjectId} missing`);
  // The rules table knows no "referred": a change the committee cannot decide is not adopted.
  const to = decided === "passed" ? "adopted" : "rejected";
  const written: (typeof procurementRules.$inferSelect)[] = [];
  if (to === "adopted") {
    const previous = tx.select().from(procurementRules).where(and(eq(procurementRules.status, "adopted"), ne(procurementRules.id, rules.id))).all();
    for (const p of previous) {
      written.push(tx.update(procurementRules).set({ status: "superseded", auditSeq: seq }).where(eq(procurementRules.id, p.id)).returning().get());
    }
  }
  written.push(tx.update(procurementRules).set({ status: to, ...(to === "adopted" ? { adoptedAt: at } : {}), auditSeq: seq })
    .where(eq(procurementRules.id, rules.id)).returning().get());
  return { rows: { procurement_rules: written.map((r) => rowViews.procurement_rules(r)) }, from: rules.status, to, what: `采购与表决规则变更（依据：${rules.decisionRef}）` };
}

/**
 * A voter casts one vote, never changed. When the votes decide the approval
 * (passed, rejected or referred), the approval, its subject (a proposal's
 * status and locked amount, an increase, a budget, a rules change) and a
 * message to the channels are written in the same event.
 */
export function castVote(db: Db, input: VoteInput, actor: Actor, now = new Date()): { vote: VoteRow; outcome: Outcome; approval: ApprovalRow } {
  checkVote(db, input);
  try {
    return auditedWrite(db, { actor, action: "approval.vote" }, (tx, seq) => {
      const state = checkVote(tx, input);
      const vote = tx.insert(votes).values({
        approvalId: input.approvalId, userId: input.userId, choice: input.choice, comment: input.comment.trim(), castAt: now.toISOString(), auditSeq: seq,
      }).returning().get();
      const after = approvalState(tx, input.approvalId);
      if (!after) throw new Error("approval vanished inside the transaction");
      const { outcome } = after;
      let approval = state.approval;
      const rows: EventRows = {};
      const extra: JsonObject = { approvalId: approval.id, choice: input.choice, outcome: outcome.status, reason: outcome.reason };
      if (outcome.status !== "open") {
        approval = tx.update(approvals).set({ status: outcome.status, decidedAt: now.toISOString(), auditSeq: seq }).where(eq(approvals.id, approval.id)).returning().get();
        rows.approvals = [rowViews.approvals(approval)];
        const applied = applyToSubject(tx, seq, approval, outcome.status, now);
        Object.assign(rows, applied.rows);
        if (applied.from !== undefined && applied.to !== undefined) Object.assign(extra, { from: applied.from, to: applied.to });
        if (approval.amountFen !== null) extra.amountFen = approval.amountFen;
        enqueueNotification(tx, seq, {
          topic: "approval.decided", subject: eventSubjectOf(tx, approval),
          title: `表决结果：${applied.what} ${OUTCOME_ZH[outcome.status]}`,
          body: `${applied.what}：业委会表决${OUTCOME_ZH[outcome.status]}（同意 ${outcome.tally.approve}、反对 ${outcome.tally.reject}、弃权 ${outcome.tally.abstain}，共 ${outcome.tally.voters} 名表决人）。[查看](/approvals/${approval.id})`,
        }, now);
      }
      rows.votes = [rowViews.votes(vote)];
      return { result: { vote, outcome, approval }, subject: eventSubjectOf(tx, approval), rows, extra };
    });
  } catch (error) {
    // Another process cast this user's vote between our check and our write.
    if (isUniqueVoteViolation(error)) throw new DomainError("approvals.errors.alreadyVoted", { status: 409 });
    throw error;
  }
}
