import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { approvals, procurementRules, relatedParties, users, votes } from "~db/schema";
import type { JsonObject } from "~/domain/audit-chain";
import { approvalOutcome, chooseVoters, needsUnanimity, type Member, type Outcome } from "~/domain/spending/approval";
import { DEFAULT_RULES, procurementRulesSchema, type ProcurementRules } from "~/domain/spending/tiers";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";

export type ApprovalRow = typeof approvals.$inferSelect;
export type VoteRow = typeof votes.$inferSelect;
export type SubjectKind = ApprovalRow["subjectKind"];

/** The active committee members now (not disabled), with the director marked. */
export function committeeMembers(db: Db | Tx): Member[] {
  return db
    .select({ userId: users.id, isDirector: users.isDirector })
    .from(users)
    .where(and(eq(users.disabled, false), sql`exists (select 1 from json_each(${users.roles}) where value = 'committee')`))
    .orderBy(users.id)
    .all();
}

/** The procurement and approval rules in force: the latest adopted change, or the defaults. */
export function currentRules(db: Db | Tx): { id: number | null; rules: ProcurementRules } {
  const row = db.select().from(procurementRules).where(eq(procurementRules.status, "adopted")).orderBy(desc(procurementRules.id)).get();
  if (!row) return { id: null, rules: DEFAULT_RULES };
  return { id: row.id, rules: procurementRulesSchema.parse(JSON.parse(row.rules)) };
}

/** Declared relations of users to suppliers that have not ended. */
export function activeRelations(db: Db | Tx) {
  return db.select({ userId: relatedParties.userId, supplierId: relatedParties.supplierId }).from(relatedParties).where(isNull(relatedParties.endedOn)).all();
}

export interface OpenApprovalInput {
  subjectKind: SubjectKind;
  subjectId: number;
  amountFen: number | null;
  drafterId: number | null;
  quotingSupplierIds: readonly number[];
  reason?: string;
  // 会签 is judged on this amount when given (an increase: the new total), else on amountFen.
  unanimityBasisFen?: number;
}

/**
 * Opens a vote inside the caller's audited transaction: fixes the voters
 * (active members now, minus the drafter and members related to a quoting
 * supplier) and whether 会签 applies. Put `view` in the event's rows.
 */
export function openApproval(tx: Tx, seq: number, input: OpenApprovalInput, actor: Actor, now = new Date()): { row: ApprovalRow; view: JsonObject; outcome: Outcome } {
  const members = committeeMembers(tx);
  const { voters, excluded } = chooseVoters(members, input.drafterId, activeRelations(tx), input.quotingSupplierIds);
  const unanimous = needsUnanimity(input.unanimityBasisFen ?? input.amountFen, currentRules(tx).rules.unanimousFromFen);
  const outcome = approvalOutcome({ voters, committeeSize: members.length, unanimous, votes: [] });
  const row = tx
    .insert(approvals)
    .values({
      subjectKind: input.subjectKind,
      subjectId: input.subjectId,
      amountFen: input.amountFen,
      unanimous,
      committeeSize: members.length,
      voters: JSON.stringify(voters),
      excluded: JSON.stringify(excluded),
      reason: input.reason ?? "",
      // At the quorum floor it is decided at once: the committee cannot decide.
      status: outcome.status === "referred" ? "referred" : "open",
      openedBy: actor,
      openedAt: now.toISOString(),
      decidedAt: outcome.status === "referred" ? now.toISOString() : null,
      auditSeq: seq,
    })
    .returning()
    .get();
  return { row, view: rowViews.approvals(row), outcome };
}

export function parseVoters(row: ApprovalRow): Member[] {
  return JSON.parse(row.voters) as Member[];
}

/** An approval with its votes and the outcome they give now. */
export function approvalState(db: Db | Tx, approvalId: number): { approval: ApprovalRow; votes: VoteRow[]; outcome: Outcome } | null {
  const approval = db.select().from(approvals).where(eq(approvals.id, approvalId)).get();
  if (!approval) return null;
  const cast = db.select().from(votes).where(eq(votes.approvalId, approvalId)).orderBy(votes.id).all();
  const outcome = approvalOutcome({ voters: parseVoters(approval), committeeSize: approval.committeeSize, unanimous: approval.unanimous, votes: cast });
  return { approval, votes: cast, outcome };
}

/** The latest approval of a subject (a proposal may have had an increase after its first). */
export function approvalsOf(db: Db | Tx, subjectKind: SubjectKind, subjectId: number): ApprovalRow[] {
  return db.select().from(approvals).where(and(eq(approvals.subjectKind, subjectKind), eq(approvals.subjectId, subjectId))).orderBy(approvals.id).all();
}
