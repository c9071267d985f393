import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { proposals, users } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { hasAnyRole, type Role } from "~/domain/roles";
import { nextStatus, type ProposalAction, type ProposalStatus } from "~/domain/spending/proposal-states";
import type { Actor } from "../audit.server";
import { parseRoles } from "../users.server";

export type ProposalRow = typeof proposals.$inferSelect;

/** The acting user (active), or a 403. */
export function actingUser(db: Db | Tx, actor: Actor): { id: number; roles: Role[]; isDirector: boolean } {
  const id = Number(actor);
  const user = Number.isSafeInteger(id) && id > 0 ? db.select().from(users).where(eq(users.id, id)).get() : undefined;
  if (!user || user.disabled) throw new DomainError("errors.forbidden", { status: 403 });
  return { id: user.id, roles: parseRoles(user.roles), isDirector: user.isDirector };
}

export function requireRole(user: { roles: Role[] }, roles: readonly Role[]): void {
  if (!hasAnyRole(user.roles, roles)) throw new DomainError("errors.forbidden", { status: 403 });
}

export function loadProposal(db: Db | Tx, id: number): ProposalRow {
  const row = db.select().from(proposals).where(eq(proposals.id, id)).get();
  if (!row) throw new DomainError("errors.notFound", { status: 404 });
  return row;
}

/** The status after `action`, or the 409 refusal naming the action and the status. */
export function transition(from: ProposalStatus, action: ProposalAction): ProposalStatus {
  const next = nextStatus(from, action);
  if (!next.ok) throw new DomainError(next.problem.code, { params: next.problem.params, status: 409 });
  return next.status;
}

/** Manager for either book; a committee member for the public-revenue book. */
export function mayDraft(roles: readonly Role[], book: ProposalRow["book"]): boolean {
  return hasAnyRole(roles, ["manager"]) || (book === "public_revenue" && hasAnyRole(roles, ["committee"]));
}
