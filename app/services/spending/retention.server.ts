import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { proposals } from "~db/schema";
import { isIsoDate } from "~/domain/calendar";
import { DomainError } from "~/domain/errors";
import { retentionFen } from "~/domain/spending/payments";
import { nextStatus } from "~/domain/spending/proposal-states";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { loadProposal, requireActorRole } from "./proposal-payments.server";

export interface RetentionReleaseInput {
  proposalId: number;
  today: string; // the business date of the confirmation
  note: string;
}

function checkRelease(db: Db | Tx, input: RetentionReleaseInput, actor: Actor) {
  const user = requireActorRole(db, actor, ["committee"]);
  if (!isIsoDate(input.today)) throw new DomainError("approvals.errors.date", { field: "today" });
  if (input.note.trim() === "") throw new DomainError("approvals.errors.noteRequired", { field: "note" });
  const proposal = loadProposal(db, input.proposalId);
  if (proposal.retentionReleasedAt !== null) throw new DomainError("approvals.errors.retentionAlreadyReleased", { status: 409 });
  if (proposal.approvedFen === null || retentionFen({ approvedFen: proposal.approvedFen, retentionPercent: proposal.retentionPercent }) === 0) {
    throw new DomainError("approvals.errors.noRetention", { status: 409 });
  }
  const next = nextStatus(proposal.status, "releaseRetention");
  if (!next.ok) throw new DomainError(next.problem.code, { params: next.problem.params, status: 409 });
  if (proposal.warrantyUntil === null || input.today < proposal.warrantyUntil) {
    throw new DomainError("approvals.errors.warrantyNotOver", { params: { warrantyUntil: proposal.warrantyUntil ?? "" }, status: 409 });
  }
  return { user, proposal, status: next.status };
}

/**
 * A committee member confirms, on or after the warranty's end, that it
 * passed without unresolved defects: the retention 质保金 may then be paid.
 */
export function releaseRetention(db: Db, input: RetentionReleaseInput, actor: Actor, now = new Date()) {
  checkRelease(db, input, actor);
  return auditedWrite(db, { actor, action: "proposal.release_retention" }, (tx, seq) => {
    const { user, proposal, status } = checkRelease(tx, input, actor);
    const updated = tx.update(proposals).set({ status, retentionReleasedAt: now.toISOString(), retentionReleasedBy: user.id, auditSeq: seq })
      .where(eq(proposals.id, proposal.id)).returning().get();
    return {
      result: { proposal: updated },
      subject: `proposal:${proposal.id}`,
      rows: { proposals: [rowViews.proposals(updated)] },
      extra: { from: proposal.status, to: status, note: input.note.trim(), releasedOn: input.today },
    };
  });
}
