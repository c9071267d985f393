import { and, asc, count, eq, inArray, like, or, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "~db/connection";
import { suppliers } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { maskResidentId } from "~/domain/spending/credit-codes";
import {
  supplierFormSchema,
  supplierReasonFormSchema,
  supplierUpdateFormSchema,
  type SupplierFormInput,
  type SupplierReasonInput,
  type SupplierUpdateInput,
} from "~/domain/spending/supplier-forms";
import type { SupplierContact } from "~/domain/spending/tiers";
import type { Actor } from "../audit.server";
import { newPiiSalt, piiDigest, rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";

/**
 * The supplier register 供应商库 (issue 4). Suppliers are never deleted, only
 * deactivated with a reason. An individual's resident ID number is never
 * stored: only its mask and a digest under the row's own salt.
 */
export type SupplierRow = typeof suppliers.$inferSelect;
/** A supplier as the pages see it: no salt, no digest. */
export type Supplier = Omit<SupplierRow, "piiSalt" | "idNumberDigest">;

/** Checks a service's input with the form's own schema: the first problem becomes the refusal. */
export function parseOrRefuse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join(".");
  throw new DomainError(issue.message, field ? { field } : {});
}

function requireSupplier(db: Db | Tx, id: number): SupplierRow {
  const row = db.select().from(suppliers).where(eq(suppliers.id, id)).get();
  if (!row) throw new DomainError("errors.notFound", { status: 404 });
  return row;
}

/** An existing individual supplier with this resident ID number (checked against each one's salted digest). */
function individualWithId(tx: Tx, idNumber: string): SupplierRow | undefined {
  const sameMask = tx
    .select()
    .from(suppliers)
    .where(and(eq(suppliers.kind, "individual"), eq(suppliers.idNumberMasked, maskResidentId(idNumber))))
    .all();
  return sameMask.find((s) => s.idNumberDigest === piiDigest(s.piiSalt, idNumber));
}

export function createSupplier(db: Db, input: SupplierFormInput, actor: Actor) {
  const value = parseOrRefuse(supplierFormSchema, input);
  return auditedWrite(db, { actor, action: "supplier.create" }, (tx, seq) => {
    const piiSalt = newPiiSalt();
    const { kind, creditCode, idNumber, ...contact } = value;
    let identity: Pick<SupplierRow, "creditCode" | "idNumberMasked" | "idNumberDigest">;
    if (kind === "organisation") {
      const existing = tx.select().from(suppliers).where(eq(suppliers.creditCode, creditCode)).get();
      if (existing) {
        throw new DomainError("suppliers.errors.duplicateCreditCode", { field: "creditCode", params: { id: existing.id, name: existing.name }, status: 409 });
      }
      identity = { creditCode, idNumberMasked: null, idNumberDigest: null };
    } else {
      const existing = individualWithId(tx, idNumber);
      if (existing) {
        throw new DomainError("suppliers.errors.duplicateIdNumber", { field: "idNumber", params: { id: existing.id, name: existing.name }, status: 409 });
      }
      identity = { creditCode: null, idNumberMasked: maskResidentId(idNumber), idNumberDigest: piiDigest(piiSalt, idNumber) };
    }
    const row = tx
      .insert(suppliers)
      .values({
        kind,
        ...contact,
        ...identity,
        legalRepresentative: kind === "organisation" ? contact.legalRepresentative : "",
        companyRelation: contact.relatedToCompany ? contact.companyRelation : "",
        active: true,
        createdBy: actor,
        piiSalt,
        auditSeq: seq,
      })
      .returning()
      .get();
    return { result: { supplier: row }, subject: `supplier:${row.id}`, rows: { suppliers: [rowViews.suppliers(row)] } };
  });
}

const EDITABLE = ["name", "legalRepresentative", "contactName", "phone", "address", "bankName", "bankAccount", "scope", "relatedToCompany", "companyRelation"] as const;

/** Changes contact details, bank, scope and the relation to the property company; never the kind or the identity number. */
export function updateSupplier(db: Db, id: number, input: SupplierUpdateInput, actor: Actor) {
  const value = parseOrRefuse(supplierUpdateFormSchema, input);
  return auditedWrite(db, { actor, action: "supplier.update" }, (tx, seq) => {
    const before = requireSupplier(tx, id);
    if (before.kind === "organisation" && value.legalRepresentative === "") {
      throw new DomainError("suppliers.errors.legalRepresentativeRequired", { field: "legalRepresentative" });
    }
    const next = {
      ...value,
      legalRepresentative: before.kind === "organisation" ? value.legalRepresentative : "",
      companyRelation: value.relatedToCompany ? value.companyRelation : "",
    };
    // Only the names of the changed fields go into the event: their values may be personal data.
    const changed = EDITABLE.filter((field) => before[field] !== next[field]);
    if (changed.length === 0) throw new DomainError("suppliers.errors.nothingChanged");
    const row = tx.update(suppliers).set({ ...next, auditSeq: seq }).where(eq(suppliers.id, id)).returning().get()!;
    return { result: { supplier: row }, subject: `supplier:${id}`, rows: { suppliers: [rowViews.suppliers(row)] }, extra: { changed: [...changed] } };
  });
}

function setActive(db: Db, id: number, active: boolean, input: SupplierReasonInput, actor: Actor) {
  const { reason } = parseOrRefuse(supplierReasonFormSchema, input);
  return auditedWrite(db, { actor, action: active ? "supplier.reactivate" : "supplier.deactivate" }, (tx, seq) => {
    const before = requireSupplier(tx, id);
    if (before.active === active) {
      throw new DomainError(active ? "suppliers.errors.alreadyActive" : "suppliers.errors.alreadyInactive", { status: 409 });
    }
    const row = tx
      .update(suppliers)
      .set({ active, deactivatedReason: active ? null : reason, auditSeq: seq })
      .where(eq(suppliers.id, id))
      .returning()
      .get()!;
    const [from, to] = active ? ["inactive", "active"] : ["active", "inactive"];
    return { result: { supplier: row }, subject: `supplier:${id}`, rows: { suppliers: [rowViews.suppliers(row)] }, extra: { from, to, reason } };
  });
}

/** Takes a supplier out of use (it can no longer quote or be declared against); the reason is required. */
export function deactivateSupplier(db: Db, id: number, input: SupplierReasonInput, actor: Actor) {
  return setActive(db, id, false, input, actor);
}

export function reactivateSupplier(db: Db, id: number, input: SupplierReasonInput, actor: Actor) {
  return setActive(db, id, true, input, actor);
}

export interface SupplierListOptions {
  q?: string;
  active?: boolean;
  offset?: number;
  limit?: number;
}

/** One page of the register, searched by name, credit code, contact or scope; the code column is masked for individuals. */
export function listSuppliers(db: Db, options: SupplierListOptions = {}) {
  const filters: (SQL | undefined)[] = [];
  if (options.q) {
    const pattern = `%${options.q}%`;
    filters.push(or(like(suppliers.name, pattern), like(suppliers.creditCode, pattern), like(suppliers.contactName, pattern), like(suppliers.scope, pattern)));
  }
  if (options.active !== undefined) filters.push(eq(suppliers.active, options.active));
  const where = and(...filters);
  const rows = db
    .select({
      id: suppliers.id,
      kind: suppliers.kind,
      name: suppliers.name,
      creditCode: suppliers.creditCode,
      idNumberMasked: suppliers.idNumberMasked,
      relatedToCompany: suppliers.relatedToCompany,
      active: suppliers.active,
    })
    .from(suppliers)
    .where(where)
    .orderBy(asc(suppliers.name), asc(suppliers.id))
    .limit(options.limit ?? 50)
    .offset(options.offset ?? 0)
    .all()
    .map(({ creditCode, idNumberMasked, ...rest }) => ({ ...rest, code: creditCode ?? idNumberMasked ?? "" }));
  const total = db.select({ n: count() }).from(suppliers).where(where).get()?.n ?? 0;
  return { rows, total };
}

export function getSupplier(db: Db, id: number): Supplier | null {
  const row = db.select().from(suppliers).where(eq(suppliers.id, id)).get();
  if (!row) return null;
  const { piiSalt: _salt, idNumberDigest: _digest, ...supplier } = row;
  return supplier;
}

/** Choices for a select box: id, name, kind (active ones only unless asked). */
export function supplierChoices(db: Db, options: { activeOnly?: boolean } = {}) {
  return db
    .select({ id: suppliers.id, name: suppliers.name, kind: suppliers.kind, active: suppliers.active })
    .from(suppliers)
    .where(options.activeOnly === false ? undefined : eq(suppliers.active, true))
    .orderBy(asc(suppliers.name), asc(suppliers.id))
    .all();
}

/** What the collusion flags compare (app/domain/spending/tiers.ts), for the given suppliers, in id order. */
export function supplierContactsFor(db: Db | Tx, supplierIds: readonly number[]): SupplierContact[] {
  if (supplierIds.length === 0) return [];
  return db
    .select({
      id: suppliers.id,
      legalRepresentative: suppliers.legalRepresentative,
      phone: suppliers.phone,
      address: suppliers.address,
      bankAccount: suppliers.bankAccount,
    })
    .from(suppliers)
    .where(inArray(suppliers.id, [...supplierIds]))
    .orderBy(asc(suppliers.id))
    .all();
}
