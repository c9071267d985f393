import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "~db/connection";
import { approvals, publishedStatements } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { hasAnyRole } from "~/domain/roles";
import { REOPEN_REASON_MAX, REOPEN_REASON_MIN, reopenTitle } from "~/domain/statements/publishing";
import { actorOf } from "../audit.server";
import { auditedWrite } from "../audited-write.server";
import type { SessionUser } from "../auth.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { openApproval } from "../spending/approvals.server";
import { latestDraftOf } from "./drafts.server";
import { latestPublished, revisionsOf } from "./published.server";


/**
 * A committee member asks the committee to reopen the latest published
 * revision of a period, with a reason (action statement.request_reopen). The
 * requester does not vote on it. When the vote passes, a new draft revision
 * exists (votes.server.ts) and the quarter is open until it is published.
 */
export function requestReopen(db: Db, publishedId: number, input: { reason: string }, user: SessionUser, now = new Date()): { approvalId: number } {
  if (!hasAnyRole(user.roles, ["committee"])) throw new DomainError("errors.forbidden", { status: 403 });
  const reason = input.reason.trim();
  if (reason.length < REOPEN_REASON_MIN) throw new DomainError("publishing.errors.reasonRequired", { field: "reason", params: { min: REOPEN_REASON_MIN }, status: 422 });
  if (reason.length > REOPEN_REASON_MAX) throw new DomainError("publishing.errors.reasonTooLong", { field: "reason", params: { max: REOPEN_REASON_MAX }, status: 422 });
  const actor = actorOf(user);
  return auditedWrite(db, { actor, action: "statement.request_reopen" }, (tx, seq) => {
    const published = tx.select().from(publishedStatements).where(eq(publishedStatements.id, publishedId)).get();
    if (!published) throw new DomainError("errors.notFound", { status: 404 });
    if (latestPublished(tx, published.period)?.id !== published.id) throw new DomainError("publishing.errors.notLatestRevision", { status: 409 });
    if (latestDraftOf(tx, published.period)?.status !== "published") throw new DomainError("publishing.errors.alreadyReopened", { status: 409, params: { period: published.period } });
    const ids = revisionsOf(tx, published.period).map((r) => r.id);
    const pending = tx.select({ id: approvals.id }).from(approvals)
      .where(and(eq(approvals.subjectKind, "reopen"), inArray(approvals.subjectId, ids), eq(approvals.status, "open"))).get();
    if (pending) throw new DomainError("publishing.errors.reopenPending", { status: 409, params: { period: published.period } });
    const approval = openApproval(tx, seq, { subjectKind: "reopen", subjectId: published.id, amountFen: null, drafterId: user.id, quotingSupplierIds: [], reason }, actor, now);
    const title = reopenTitle(published.period, published.revision);
    if (approval.row.status === "open") {
      enqueueNotification(tx, seq, {
        topic: "approval.opened", subject: `statement:${published.period}`, title: `${title}待表决`,
        body: `**${title}**\n\n理由：${reason}\n\n[去表决](/approvals/${approval.row.id})`,
      }, now);
    }
    return {
      result: { approvalId: approval.row.id }, subject: `statement:${published.period}`, rows: { approvals: [approval.view] },
      extra: { reason, approvalId: approval.row.id, revision: published.revision, to: approval.row.status },
    };
  });
}
