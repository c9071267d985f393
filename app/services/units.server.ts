import { and, asc, count, eq, like, ne, sum } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { owners, units } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { checkUnitOwner, type UnitInput } from "~/domain/register";
import type { Actor } from "./audit.server";
import { rowViews } from "./audit-rows.server";
import { auditedWrite } from "./audited-write.server";

export type UnitRow = typeof units.$inferSelect;

function checkUnit(tx: Tx, input: UnitInput, exceptId?: number) {
  const owner = tx.select({ kind: owners.kind }).from(owners).where(eq(owners.id, input.ownerId)).get();
  if (!owner) throw new DomainError("errors.ownerRequired", { field: "ownerId" });
  const mismatch = checkUnitOwner(input.kind, owner.kind);
  if (mismatch) throw new DomainError(mismatch, { field: "kind" });
  const clash = tx
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.building, input.building), eq(units.number, input.number), exceptId ? ne(units.id, exceptId) : undefined))
    .get();
  if (clash) throw new DomainError("errors.unitExists", { field: "number", status: 409 });
}

function values(input: UnitInput, seq: number) {
  return { building: input.building, number: input.number, areaCentiM2: input.area, kind: input.kind, ownerId: input.ownerId, auditSeq: seq };
}

export function createUnit(db: Db, input: UnitInput, actor: Actor) {
  return auditedWrite(db, { actor, action: "unit.create" }, (tx, seq) => {
    checkUnit(tx, input);
    const row = tx.insert(units).values(values(input, seq)).returning().get();
    return { result: { unit: row }, subject: `unit:${row.id}`, rows: { units: [rowViews.units(row)] } };
  });
}

export function updateUnit(db: Db, id: number, input: UnitInput, actor: Actor) {
  return auditedWrite(db, { actor, action: "unit.update" }, (tx, seq) => {
    if (!tx.select({ id: units.id }).from(units).where(eq(units.id, id)).get()) throw new DomainError("errors.notFound", { status: 404 });
    checkUnit(tx, input, id);
    const row = tx.update(units).set(values(input, seq)).where(eq(units.id, id)).returning().get()!;
    return { result: { unit: row }, subject: `unit:${id}`, rows: { units: [rowViews.units(row)] } };
  });
}

export function getUnit(db: Db, id: number) {
  return db.select().from(units).where(eq(units.id, id)).get() ?? null;
}

export function listUnits(db: Db, options: { building?: string; q?: string; limit?: number; offset?: number } = {}) {
  const where = and(
    options.building ? eq(units.building, options.building) : undefined,
    options.q ? like(units.number, `%${options.q}%`) : undefined,
  );
  const rows = db
    .select({
      id: units.id, building: units.building, number: units.number, areaCentiM2: units.areaCentiM2,
      kind: units.kind, ownerId: units.ownerId, ownerName: owners.name,
    })
    .from(units)
    .innerJoin(owners, eq(owners.id, units.ownerId))
    .where(where)
    .orderBy(asc(units.building), asc(units.number))
    .limit(options.limit ?? 50)
    .offset(options.offset ?? 0)
    .all();
  const total = db.select({ n: count() }).from(units).where(where).get()?.n ?? 0;
  return { rows, total };
}

/** Counts and total area per building, for the register overview. */
export function registerSummary(db: Db) {
  const buildings = db
    .select({ building: units.building, unitCount: count(), areaCentiM2: sum(units.areaCentiM2).mapWith(Number) })
    .from(units)
    .groupBy(units.building)
    .orderBy(asc(units.building))
    .all();
  const ownerCount = db.select({ n: count() }).from(owners).get()?.n ?? 0;
  return { buildings, ownerCount };
}
