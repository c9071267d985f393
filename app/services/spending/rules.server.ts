import { desc } from "drizzle-orm";
import type { Db } from "~db/connection";
import { procurementRules, users } from "~db/schema";
import { eq } from "drizzle-orm";
import { decisionLabel } from "~/domain/decisions/matters";
import { DomainError } from "~/domain/errors";
import { procurementRulesSchema, type ProcurementRules } from "~/domain/spending/tiers";
import type { RulesChangeInput } from "~/domain/spending/rules-forms";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { requireCitableDecision } from "../decisions/usage.server";
import { currentRules, openApproval } from "./approvals.server";
import { actingUser, requireRole } from "./proposal-common.server";

/**
 * A committee member proposes new procurement rules (action rules.propose),
 * citing the passed owners' decision of the register behind them: the row waits in approval and
 * takes effect only when the committee's vote passes (section 5 adopts it).
 * There is no other way to change the rules.
 */
export function proposeRulesChange(db: Db, input: RulesChangeInput, actor: Actor, now = new Date()) {
  const reason = input.reason.trim();
  // The rules belong to the owners (DESIGN.md §2): no change without a passed decision of the register.
  if (input.decisionId == null) throw new DomainError("spending.errors.rulesDecisionRequired", { field: "decisionId" });
  if (reason === "") throw new DomainError("spending.errors.reasonRequired", { field: "reason" });
  const parsed = procurementRulesSchema.safeParse(input.rules);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "";
    throw new DomainError(message.startsWith("spending.") ? message : "spending.errors.rulesInvalid");
  }
  const rules: ProcurementRules = parsed.data;
  const decisionId = input.decisionId;
  return auditedWrite(db, { actor, action: "rules.propose" }, (tx, seq) => {
    const user = actingUser(tx, actor);
    requireRole(user, ["committee"]);
    const decision = requireCitableDecision(tx, decisionId);
    const decisionRef = decisionLabel(decision);
    const row = tx.insert(procurementRules).values({
      rules: JSON.stringify(rules), decisionId: decision.id, decisionRef, reason, status: "in_approval", proposedBy: user.id, auditSeq: seq,
    }).returning().get();
    const approval = openApproval(tx, seq, { subjectKind: "rules", subjectId: row.id, amountFen: null, drafterId: user.id, quotingSupplierIds: [], reason }, actor, now);
    let rulesRow = row;
    if (approval.row.status === "referred") {
      rulesRow = tx.update(procurementRules).set({ status: "rejected" }).where(eq(procurementRules.id, row.id)).returning().get();
    } else {
      enqueueNotification(tx, seq, {
        topic: "approval.opened", subject: `rules:${row.id}`, title: "采购规则变更待表决",
        body: `**采购规则变更**（依据：${decisionRef}）\n\n${reason}\n\n[去表决](/approvals/${approval.row.id})`,
      }, now);
    }
    return {
      result: { rules: rulesRow, approval: approval.row },
      subject: `rules:${row.id}`,
      rows: { procurement_rules: [rowViews.procurement_rules(rulesRow)], approvals: [approval.view] },
      extra: { to: rulesRow.status, reason, decisionId: decision.id, decisionRef },
    };
  });
}

/** The rules in force and every change proposed, newest first. */
export function rulesOverview(db: Db) {
  const inForce = currentRules(db);
  const history = db
    .select({ row: procurementRules, proposer: users.displayName })
    .from(procurementRules)
    .innerJoin(users, eq(users.id, procurementRules.proposedBy))
    .orderBy(desc(procurementRules.id))
    .all()
    .map(({ row, proposer }) => ({
      id: row.id, rules: JSON.parse(row.rules) as ProcurementRules, decisionRef: row.decisionRef, decisionId: row.decisionId, reason: row.reason,
      status: row.status, proposer, adoptedAt: row.adoptedAt,
    }));
  return { inForce, history };
}
