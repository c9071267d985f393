import { asc, count, eq, like, or } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { owners, units } from "~db/schema";
import { DomainError } from "~/domain/errors";
import type { OwnerInput } from "~/domain/register";
import type { Actor } from "./audit.server";
import { newPiiSalt, rowViews } from "./audit-rows.server";
import { auditedWrite } from "./audited-write.server";

export type OwnerRow = typeof owners.$inferSelect;

/** Inserts an owner inside the caller's transaction (used by create and import). */
export function insertOwner(tx: Tx, input: OwnerInput, seq: number): OwnerRow {
  return tx.insert(owners).values({ ...input, piiSalt: newPiiSalt(), auditSeq: seq }).returning().get();
}

export function assertOneDeveloper(tx: Tx, kind: OwnerInput["kind"], exceptId?: number) {
  if (kind !== "developer") return;
  const existing = tx.select({ id: owners.id }).from(owners).where(eq(owners.kind, "developer")).all();
  if (existing.some((o) => o.id !== exceptId)) throw new DomainError("errors.oneDeveloper", { field: "kind", status: 409 });
}

export function createOwner(db: Db, input: OwnerInput, actor: Actor) {
  return auditedWrite(db, { actor, action: "owner.create" }, (tx, seq) => {
    assertOneDeveloper(tx, input.kind);
    const row = insertOwner(tx, input, seq);
    return { result: { owner: row }, subject: `owner:${row.id}`, rows: { owners: [rowViews.owners(row)] } };
  });
}

export function updateOwner(db: Db, id: number, input: OwnerInput, actor: Actor) {
  return auditedWrite(db, { actor, action: "owner.update" }, (tx, seq) => {
    const before = tx.select().from(owners).where(eq(owners.id, id)).get();
    if (!before) throw new DomainError("errors.notFound", { status: 404 });
    assertOneDeveloper(tx, input.kind, id);
    const held = tx.select({ kind: units.kind }).from(units).where(eq(units.ownerId, id)).all();
    const developerUnits = held.some((u) => u.kind === "developer_unsold" || u.kind === "developer_undelivered");
    if ((input.kind === "developer") !== developerUnits && held.length > 0) {
      throw new DomainError("errors.developerUnitOwner", { field: "kind" });
    }
    const row = tx.update(owners).set({ ...input, auditSeq: seq }).where(eq(owners.id, id)).returning().get();
    return { result: { owner: row! }, subject: `owner:${id}`, rows: { owners: [rowViews.owners(row!)] } };
  });
}

export function getOwner(db: Db, id: number) {
  const owner = db.select().from(owners).where(eq(owners.id, id)).get();
  if (!owner) return null;
  const held = db.select().from(units).where(eq(units.ownerId, id)).orderBy(asc(units.building), asc(units.number)).all();
  return { owner, units: held };
}

export function listOwners(db: Db, options: { q?: string; limit?: number; offset?: number } = {}) {
  const where = options.q ? or(like(owners.name, `%${options.q}%`), like(owners.phone, `%${options.q}%`)) : undefined;
  const rows = db
    .select({ id: owners.id, kind: owners.kind, name: owners.name, phone: owners.phone, unitCount: count(units.id) })
    .from(owners)
    .leftJoin(units, eq(units.ownerId, owners.id))
    .where(where)
    .groupBy(owners.id)
    .orderBy(asc(owners.id))
    .limit(options.limit ?? 50)
    .offset(options.offset ?? 0)
    .all();
  const total = db.select({ n: count() }).from(owners).where(where).get()?.n ?? 0;
  return { rows, total };
}

/** Choices for a select box: id and name, developer first. */
export function ownerChoices(db: Db) {
  return db.select({ id: owners.id, name: owners.name, kind: owners.kind }).from(owners).orderBy(asc(owners.id)).all();
}
