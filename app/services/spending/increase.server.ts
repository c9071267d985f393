import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { approvals, quotes } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { formatFen } from "~/domain/money";
import type { Actor } from "../audit.server";
import { auditedWrite } from "../audited-write.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { openApproval } from "./approvals.server";
import { citeDecision } from "./decision-citation.server";
import { loadProposal, requireActorRole } from "./proposal-payments.server";

export const MAX_REASON_LENGTH = 1000;
// Once the balance is paid the work is settled: an increase would have no stage left to pay it.
const INCREASABLE = ["approved", "advance_paid", "accepted"] as const;

export interface IncreaseInput {
  proposalId: number;
  amountFen: number; // the difference asked for
  reason: string;
}

function checkIncrease(db: Db | Tx, input: IncreaseInput, actor: Actor) {
  requireActorRole(db, actor, ["manager"]);
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new DomainError("approvals.errors.amountPositive", { field: "amount" });
  if (input.reason.trim() === "") throw new DomainError("approvals.errors.reasonRequired", { field: "reason" });
  if (input.reason.length > MAX_REASON_LENGTH) throw new DomainError("approvals.errors.reasonTooLong", { field: "reason", params: { max: MAX_REASON_LENGTH } });
  const proposal = loadProposal(db, input.proposalId);
  if (proposal.approvedFen === null || !(INCREASABLE as readonly string[]).includes(proposal.status)) {
    throw new DomainError("approvals.errors.notIncreasable", { params: { status: proposal.status }, status: 409 });
  }
  const open = db.select({ id: approvals.id }).from(approvals)
    .where(and(eq(approvals.subjectKind, "increase"), eq(approvals.subjectId, proposal.id), eq(approvals.status, "open"))).get();
  if (open) throw new DomainError("approvals.errors.increaseOpen", { params: { id: open.id }, status: 409 });
  // A proposal citing a decision directly stays within what it authorises (a budget line's decision is held by its budget).
  if (proposal.decisionId !== null && proposal.budgetLineId === null) {
    citeDecision(db, proposal.decisionId, proposal.book, { amountFen: proposal.approvedFen + input.amountFen, exceptProposalId: proposal.id }, "amount");
  }
  return proposal;
}

/**
 * A manager asks the committee to approve more than was approved: a new
 * vote on the difference, with the voters fixed now (the drafter and members
 * related to a quoting supplier left out) and 会签 judged on the new total.
 */
export function requestIncrease(db: Db, input: IncreaseInput, actor: Actor, now = new Date()) {
  checkIncrease(db, input, actor);
  return auditedWrite(db, { actor, action: "proposal.request_increase" }, (tx, seq) => {
    const proposal = checkIncrease(tx, input, actor);
    const approvedFen = proposal.approvedFen ?? 0;
    const quoting = [...new Set(tx.select({ supplierId: quotes.supplierId }).from(quotes).where(eq(quotes.proposalId, proposal.id)).all().map((q) => q.supplierId))];
    const opened = openApproval(tx, seq, {
      subjectKind: "increase", subjectId: proposal.id, amountFen: input.amountFen, drafterId: proposal.drafterId,
      quotingSupplierIds: quoting, reason: input.reason.trim(), unanimityBasisFen: approvedFen + input.amountFen,
    }, actor, now);
    const what = `方案「${proposal.title}」申请追加 ${formatFen(input.amountFen)}（原批准 ${formatFen(approvedFen)}）`;
    enqueueNotification(tx, seq, opened.row.status === "referred"
      ? { topic: "approval.decided", subject: `proposal:${proposal.id}`, title: `追加须业主共同决定：${proposal.title}`, body: `${what}：可表决委员不足半数，须提交业主共同决定。[查看](/approvals/${opened.row.id})` }
      : { topic: "approval.opened", subject: `proposal:${proposal.id}`, title: `追加待表决：${proposal.title}`, body: `${what}，请业委会委员表决${opened.row.unanimous ? "（会签：须全体表决人同意）" : ""}。[查看](/approvals/${opened.row.id})` }, now);
    return {
      result: { approval: opened.row, outcome: opened.outcome },
      subject: `proposal:${proposal.id}`,
      rows: { approvals: [opened.view] },
      extra: { approvalId: opened.row.id, amountFen: input.amountFen, reason: input.reason.trim(), approvedFen },
    };
  });
}
