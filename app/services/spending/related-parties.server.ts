import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "~db/connection";
import { relatedParties, suppliers, users } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { hasAnyRole } from "~/domain/roles";
import { declareRelationFormSchema, endRelationFormSchema } from "~/domain/spending/supplier-forms";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { parseRoles } from "../users.server";
import { parseOrRefuse } from "./suppliers.server";

/**
 * Related-party declarations 关联关系: a committee member or manager says how
 * they are related to a supplier, so they recuse from votes where it quotes
 * (DESIGN.md §7). A declaration is ended by a later date, never deleted.
 */
export type RelationRow = typeof relatedParties.$inferSelect;

const DECLARING_ROLES = ["manager", "committee"] as const;

export interface DeclareRelationInput {
  userId: number;
  supplierId: number;
  relation: string;
  declaredOn: string;
}

const declareSchema = declareRelationFormSchema.extend({ userId: z.number().int().positive() });

function userRow(tx: Tx, id: number) {
  return tx.select({ id: users.id, roles: users.roles, isDirector: users.isDirector, disabled: users.disabled }).from(users).where(eq(users.id, id)).get();
}

/** The acting user, if the actor is one (the demo builder acts as "system"). */
function actingUser(tx: Tx, actor: Actor) {
  if (actor === "system") return "system" as const;
  const id = Number(actor);
  const user = Number.isInteger(id) ? userRow(tx, id) : undefined;
  if (!user || user.disabled) throw new DomainError("errors.forbidden", { status: 403 });
  return { ...user, roles: parseRoles(user.roles) };
}

function isDirector(user: ReturnType<typeof actingUser>): boolean {
  return user === "system" || (user.isDirector && user.roles.includes("committee"));
}

/**
 * Records that `userId` is related to a supplier. People declare their own
 * relations; the committee director may record one for another committee
 * member or manager who told them.
 */
export function declareRelation(db: Db, input: DeclareRelationInput, actor: Actor) {
  const value = parseOrRefuse(declareSchema, input);
  return auditedWrite(db, { actor, action: "related_party.declare" }, (tx, seq) => {
    const acting = actingUser(tx, actor);
    if (acting !== "system" && acting.id !== value.userId && !isDirector(acting)) {
      throw new DomainError("suppliers.errors.declareForOthers", { field: "userId", status: 403 });
    }
    const related = userRow(tx, value.userId);
    if (!related || related.disabled || !hasAnyRole(parseRoles(related.roles), DECLARING_ROLES)) {
      throw new DomainError("suppliers.errors.relatedUserRole", { field: "userId" });
    }
    const supplier = tx.select().from(suppliers).where(eq(suppliers.id, value.supplierId)).get();
    if (!supplier) throw new DomainError("suppliers.errors.supplierRequired", { field: "supplierId" });
    if (!supplier.active) throw new DomainError("suppliers.errors.supplierInactive", { field: "supplierId" });
    const open = tx
      .select({ id: relatedParties.id })
      .from(relatedParties)
      .where(and(eq(relatedParties.userId, value.userId), eq(relatedParties.supplierId, value.supplierId), isNull(relatedParties.endedOn)))
      .get();
    if (open) throw new DomainError("suppliers.errors.duplicateRelation", { field: "supplierId", status: 409 });
    const row = tx
      .insert(relatedParties)
      .values({ ...value, declaredBy: actor, auditSeq: seq })
      .returning()
      .get();
    return { result: { relation: row }, subject: `supplier:${row.supplierId}`, rows: { related_parties: [rowViews.related_parties(row)] } };
  });
}

/** Ends a declaration from a date, with a reason; only the related person, whoever recorded it, or the director. */
export function endRelation(db: Db, id: number, input: { endedOn: string; reason: string }, actor: Actor) {
  const value = parseOrRefuse(endRelationFormSchema.omit({ relationId: true }), input);
  return auditedWrite(db, { actor, action: "related_party.end" }, (tx, seq) => {
    const acting = actingUser(tx, actor);
    const before = tx.select().from(relatedParties).where(eq(relatedParties.id, id)).get();
    if (!before) throw new DomainError("errors.notFound", { status: 404 });
    if (acting !== "system" && acting.id !== before.userId && before.declaredBy !== actor && !isDirector(acting)) {
      throw new DomainError("suppliers.errors.endNotAllowed", { status: 403 });
    }
    if (before.endedOn !== null) throw new DomainError("suppliers.errors.relationEnded", { status: 409 });
    if (value.endedOn < before.declaredOn) throw new DomainError("suppliers.errors.endedBeforeDeclared", { field: "endedOn" });
    const row = tx
      .update(relatedParties)
      .set({ endedOn: value.endedOn, endedReason: value.reason, auditSeq: seq })
      .where(eq(relatedParties.id, id))
      .returning()
      .get()!;
    return {
      result: { relation: row },
      subject: `supplier:${row.supplierId}`,
      rows: { related_parties: [rowViews.related_parties(row)] },
      extra: { from: "active", to: "ended", reason: value.reason },
    };
  });
}

const relationColumns = {
  id: relatedParties.id,
  userId: relatedParties.userId,
  userName: users.displayName,
  supplierId: relatedParties.supplierId,
  supplierName: suppliers.name,
  relation: relatedParties.relation,
  declaredOn: relatedParties.declaredOn,
  endedOn: relatedParties.endedOn,
  endedReason: relatedParties.endedReason,
  declaredBy: relatedParties.declaredBy,
};
export type RelationView = {
  id: number; userId: number; userName: string; supplierId: number; supplierName: string;
  relation: string; declaredOn: string; endedOn: string | null; endedReason: string | null; declaredBy: string;
};

function relationQuery(db: Db | Tx) {
  return db
    .select(relationColumns)
    .from(relatedParties)
    .innerJoin(users, eq(users.id, relatedParties.userId))
    .innerJoin(suppliers, eq(suppliers.id, relatedParties.supplierId))
    .$dynamic();
}

/** Open declarations first, then ended ones, newest first. */
const order = [sql`${relatedParties.endedOn} is not null`, desc(relatedParties.declaredOn), desc(relatedParties.id)];

export function relationsOfSupplier(db: Db | Tx, supplierId: number): RelationView[] {
  return relationQuery(db).where(eq(relatedParties.supplierId, supplierId)).orderBy(...order).all();
}

export function relationsOfUser(db: Db | Tx, userId: number): RelationView[] {
  return relationQuery(db).where(eq(relatedParties.userId, userId)).orderBy(...order).all();
}

export function listRelations(db: Db | Tx): RelationView[] {
  return relationQuery(db).orderBy(...order).all();
}

/** The people who may be related to a supplier: active managers and committee members. */
export function declarablePeople(db: Db | Tx) {
  return db
    .select({ id: users.id, displayName: users.displayName, roles: users.roles })
    .from(users)
    .where(eq(users.disabled, false))
    .orderBy(asc(users.id))
    .all()
    .filter((u) => hasAnyRole(parseRoles(u.roles), DECLARING_ROLES))
    .map(({ id, displayName }) => ({ id, displayName }));
}
