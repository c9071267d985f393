import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~db/connection";
import { isValidCreditCode } from "~/domain/spending/credit-codes";
import type { SupplierFormInput } from "~/domain/spending/supplier-forms";
import { verifyDatabase } from "~/services/audit-verify.server";
import { ensureDemoCommunity } from "~/services/demo.server";
import { declareRelation, endRelation, listRelations, relationsOfSupplier, relationsOfUser } from "~/services/spending/related-parties.server";
import {
  createSupplier, deactivateSupplier, getSupplier, listSuppliers, reactivateSupplier, supplierContactsFor, updateSupplier,
} from "~/services/spending/suppliers.server";
import { domainErrorOf } from "../support/builders";
import { testDb } from "../support/db";
import { buildSupplier, buildSuppliers, creditCodeFor, residentIdFor } from "../support/suppliers";

const db = testDb();
const ids: Record<string, number> = {};

beforeAll(async () => {
  await ensureDemoCommunity(db);
  for (const row of db.$client.prepare("SELECT id, login FROM users").all() as { id: number; login: string }[]) ids[row.login] = row.id;
}, 60_000);

function snapshot(d: Db) {
  const n = (table: string) => (d.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const maxSeq = (d.$client.prepare("SELECT coalesce(max(seq), 0) AS s FROM audit_events").get() as { s: number }).s;
  return { suppliers: n("suppliers"), related_parties: n("related_parties"), maxSeq };
}

/** Expects `fn` to be refused with `code` (on `field`, if given) and to write nothing. */
async function expectRefused(fn: () => unknown, code: string, field?: string) {
  const before = snapshot(db);
  const error = await domainErrorOf(fn);
  expect(error.code).toBe(code);
  if (field !== undefined) expect(error.options.field).toBe(field);
  expect(snapshot(db)).toEqual(before);
  return error;
}

const org = (over: Partial<SupplierFormInput> = {}): SupplierFormInput => ({
  kind: "organisation", name: "上海某某电梯工程有限公司", creditCode: creditCodeFor(90001), legalRepresentative: "王五",
  phone: "13800001111", address: "上海市某路 1 号", bankAccount: "6222 0000 1111 2222", ...over,
});
const person = (over: Partial<SupplierFormInput> = {}): SupplierFormInput => ({
  kind: "individual", name: "张师傅", idNumber: residentIdFor(7), phone: "13900002222", address: "某小区 3 栋", bankAccount: "6217000011112222333", ...over,
});

describe("suppliers", () => {
  it("creates an organisation, audited under supplier:<id>", () => {
    const { supplier, event } = createSupplier(db, org(), String(ids.manager));
    expect(supplier).toMatchObject({ kind: "organisation", creditCode: creditCodeFor(90001), idNumberMasked: null, idNumberDigest: null, active: true });
    expect(event).toMatchObject({ action: "supplier.create", subject: `supplier:${supplier.id}`, actor: String(ids.manager) });
    expect(getSupplier(db, supplier.id)).not.toHaveProperty("piiSalt");
  });

  it("creates an individual keeping only the masked number and a salted digest; the full number is nowhere", () => {
    const raw = residentIdFor(7);
    const { supplier } = createSupplier(db, person({ idNumber: raw.toLowerCase(), legalRepresentative: "ignored", creditCode: "ignored" }), String(ids.manager));
    expect(supplier).toMatchObject({ kind: "individual", creditCode: null, legalRepresentative: "", idNumberMasked: `${raw.slice(0, 6)}********${raw.slice(-4)}` });
    expect(supplier.idNumberDigest).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify([db.$client.prepare("SELECT * FROM suppliers").all(), db.$client.prepare("SELECT * FROM audit_events").all()]);
    expect(dump).not.toContain(raw);
    expect(dump).not.toContain(raw.slice(6, 14) + raw.slice(14, 17));
    const events = JSON.stringify(db.$client.prepare("SELECT data FROM audit_events WHERE subject = ?").all(`supplier:${supplier.id}`));
    for (const secret of ["张师傅", "13900002222", "某小区 3 栋", "6217000011112222333", supplier.idNumberMasked!]) expect(events).not.toContain(secret);
  });

  it("refuses a bad credit code (one character changed), a bad ID number check digit, and missing identity", async () => {
    const good = creditCodeFor(90002);
    const bad = `${good.slice(0, 5)}${good[5] === "0" ? "1" : "0"}${good.slice(6)}`;
    expect(isValidCreditCode(bad)).toBe(false);
    await expectRefused(() => createSupplier(db, org({ creditCode: bad }), "system"), "suppliers.errors.creditCode", "creditCode");
    const id = residentIdFor(8);
    const badId = id.slice(0, 17) + (id[17] === "0" ? "1" : "0");
    await expectRefused(() => createSupplier(db, person({ idNumber: badId }), "system"), "suppliers.errors.idNumber", "idNumber");
    await expectRefused(() => createSupplier(db, org({ creditCode: "" }), "system"), "suppliers.errors.creditCodeRequired", "creditCode");
    await expectRefused(() => createSupplier(db, person({ idNumber: undefined }), "system"), "suppliers.errors.idNumberRequired", "idNumber");
  });

  it("refuses duplicates, naming the supplier that holds the code or number", async () => {
    const first = buildSupplier(db, { creditCode: creditCodeFor(90003), name: "先登记的公司" });
    const dup = await expectRefused(() => createSupplier(db, org({ creditCode: creditCodeFor(90003).toLowerCase() }), "system"), "suppliers.errors.duplicateCreditCode", "creditCode");
    expect(dup.options).toMatchObject({ status: 409, params: { id: first.id, name: "先登记的公司" } });
    const again = await expectRefused(() => createSupplier(db, person({ name: "另一人", idNumber: ` ${residentIdFor(7)} ` }), "system"), "suppliers.errors.duplicateIdNumber", "idNumber");
    expect(again.options.params).toMatchObject({ name: "张师傅" });
    // Same mask, different number: not a duplicate.
    const sameMask = `${residentIdFor(7).slice(0, 14)}9${residentIdFor(7).slice(15, 17)}`;
    const twin = sameMask + (await import("~/domain/spending/credit-codes")).residentIdCheckChar(sameMask)!;
    expect(createSupplier(db, person({ name: "李师傅", idNumber: twin }), "system").supplier.id).toBeGreaterThan(0);
  });

  it("refuses an organisation without legal representative, a bank account with letters, a name over 100 characters", async () => {
    await expectRefused(() => createSupplier(db, org({ creditCode: creditCodeFor(90004), legalRepresentative: "" }), "system"), "suppliers.errors.legalRepresentativeRequired", "legalRepresentative");
    await expectRefused(() => createSupplier(db, org({ creditCode: creditCodeFor(90004), bankAccount: "6222 ABCD 1111" }), "system"), "suppliers.errors.bankAccount", "bankAccount");
    await expectRefused(() => createSupplier(db, org({ creditCode: creditCodeFor(90004), bankAccount: "1234567" }), "system"), "suppliers.errors.bankAccount", "bankAccount");
    await expectRefused(() => createSupplier(db, org({ creditCode: creditCodeFor(90004), name: "名".repeat(101) }), "system"), "errors.tooLong", "name");
    await expectRefused(() => createSupplier(db, org({ creditCode: creditCodeFor(90004), relatedToCompany: true }), "system"), "suppliers.errors.companyRelationRequired", "companyRelation");
    expect(createSupplier(db, org({ creditCode: creditCodeFor(90004), name: "名".repeat(100) }), "system").supplier.name).toHaveLength(100);
  });

  it("stores HTML in a name as plain text", () => {
    const name = "<script>alert(1)</script>维修部";
    const { supplier } = createSupplier(db, org({ creditCode: creditCodeFor(90005), name }), "system");
    expect(getSupplier(db, supplier.id)!.name).toBe(name);
  });

  it("updates contact details but never the kind or the identity", async () => {
    const s = buildSupplier(db);
    const { supplier, event } = updateSupplier(db, s.id, {
      name: s.name, legalRepresentative: "新法人", phone: "021-55556666", bankAccount: s.bankAccount, address: s.address,
      contactName: s.contactName, bankName: s.bankName, scope: "消防维保", relatedToCompany: true, companyRelation: "物业公司子公司",
      // Ignored by the schema: the kind and the code cannot change.
      ...({ kind: "individual", creditCode: creditCodeFor(1) } as object),
    }, String(ids.manager));
    expect(supplier).toMatchObject({ kind: "organisation", creditCode: s.creditCode, legalRepresentative: "新法人", phone: "021-55556666", relatedToCompany: true });
    expect(event.data).toMatchObject({ changed: ["legalRepresentative", "phone", "scope", "relatedToCompany", "companyRelation"] });
    await expectRefused(() => updateSupplier(db, s.id, { name: s.name, legalRepresentative: "" }, "system"), "suppliers.errors.legalRepresentativeRequired", "legalRepresentative");
    await expectRefused(() => updateSupplier(db, 999_999, { name: "x", legalRepresentative: "y" }, "system"), "errors.notFound");
  });

  it("deactivates and reactivates only with a reason, recording from/to", async () => {
    const s = buildSupplier(db);
    await expectRefused(() => deactivateSupplier(db, s.id, { reason: "" }, "system"), "suppliers.errors.reasonRequired", "reason");
    await expectRefused(() => deactivateSupplier(db, s.id, { reason: "   " }, "system"), "suppliers.errors.reasonRequired", "reason");
    const off = deactivateSupplier(db, s.id, { reason: "营业执照吊销" }, String(ids.committee1));
    expect(off.supplier).toMatchObject({ active: false, deactivatedReason: "营业执照吊销" });
    expect(off.event).toMatchObject({ action: "supplier.deactivate", subject: `supplier:${s.id}`, data: { from: "active", to: "inactive", reason: "营业执照吊销" } });
    await expectRefused(() => deactivateSupplier(db, s.id, { reason: "again" }, "system"), "suppliers.errors.alreadyInactive");
    const on = reactivateSupplier(db, s.id, { reason: "已恢复经营" }, String(ids.manager));
    expect(on.supplier).toMatchObject({ active: true, deactivatedReason: null });
    expect(on.event.data).toMatchObject({ from: "inactive", to: "active" });
  });

  it("lists with search, the active filter and paging; the code column is masked for individuals", () => {
    buildSuppliers(db, 3);
    const all = listSuppliers(db, { limit: 1000 });
    expect(all.total).toBe(all.rows.length);
    const page = listSuppliers(db, { limit: 2, offset: 1 });
    expect(page.rows).toEqual(all.rows.slice(1, 3));
    expect(listSuppliers(db, { q: "张师傅" }).rows).toMatchObject([{ kind: "individual", code: `${residentIdFor(7).slice(0, 6)}********${residentIdFor(7).slice(-4)}` }]);
    const s = buildSupplier(db, { name: "待停用的供应商" });
    deactivateSupplier(db, s.id, { reason: "不再合作" }, "system");
    expect(listSuppliers(db, { q: "待停用", active: true }).total).toBe(0);
    expect(listSuppliers(db, { q: "待停用", active: false }).rows.map((r) => r.id)).toEqual([s.id]);
  });

  it("gives the collusion fields of the asked suppliers", () => {
    const [a, b] = buildSuppliers(db, 2);
    expect(supplierContactsFor(db, [b!.id, a!.id])).toEqual([
      { id: a!.id, legalRepresentative: a!.legalRepresentative, phone: a!.phone, address: a!.address, bankAccount: a!.bankAccount },
      { id: b!.id, legalRepresentative: b!.legalRepresentative, phone: b!.phone, address: b!.address, bankAccount: b!.bankAccount },
    ]);
    expect(supplierContactsFor(db, [])).toEqual([]);
  });
});

describe("related parties", () => {
  it("a committee member declares their own relation; a duplicate, an inactive supplier and a bad date are refused", async () => {
    const s = buildSupplier(db);
    const me = String(ids.committee1);
    const input = { userId: ids.committee1!, supplierId: s.id, relation: "配偶为该公司股东", declaredOn: "2026-03-01" };
    const { relation, event } = declareRelation(db, input, me);
    expect(event).toMatchObject({ action: "related_party.declare", subject: `supplier:${s.id}` });
    expect(relation).toMatchObject({ userId: ids.committee1, declaredBy: me, endedOn: null });
    await expectRefused(() => declareRelation(db, { ...input, relation: "again" }, me), "suppliers.errors.duplicateRelation", "supplierId");
    await expectRefused(() => declareRelation(db, { ...input, relation: "" }, me), "suppliers.errors.relationRequired", "relation");
    await expectRefused(() => declareRelation(db, { ...input, declaredOn: "2026-02-30" }, me), "suppliers.errors.date", "declaredOn");
    const off = buildSupplier(db);
    deactivateSupplier(db, off.id, { reason: "停用" }, "system");
    await expectRefused(() => declareRelation(db, { ...input, supplierId: off.id }, me), "suppliers.errors.supplierInactive", "supplierId");
    expect(relationsOfSupplier(db, s.id).map((r) => r.id)).toEqual([relation.id]);
    expect(relationsOfUser(db, ids.committee1!).map((r) => r.supplierName)).toContain(s.name);
  });

  it("only the director records a relation for someone else, and only for a manager or committee member", async () => {
    const s = buildSupplier(db);
    const base = { supplierId: s.id, relation: "曾任该公司员工", declaredOn: "2026-03-02" };
    const refused = await expectRefused(() => declareRelation(db, { ...base, userId: ids.committee2! }, String(ids.committee1)), "suppliers.errors.declareForOthers");
    expect(refused.options.status).toBe(403);
    await expectRefused(() => declareRelation(db, { ...base, userId: ids.owner! }, String(ids.director)), "suppliers.errors.relatedUserRole", "userId");
    await expectRefused(() => declareRelation(db, { ...base, userId: ids.admin! }, String(ids.director)), "suppliers.errors.relatedUserRole", "userId");
    await expectRefused(() => declareRelation(db, { ...base, userId: ids.owner! }, String(ids.owner)), "suppliers.errors.relatedUserRole", "userId");
    const { relation } = declareRelation(db, { ...base, userId: ids.manager! }, String(ids.director));
    expect(relation).toMatchObject({ userId: ids.manager, declaredBy: String(ids.director) });
  });

  it("ends a declaration: not before it began, not by a stranger, not twice", async () => {
    const s = buildSupplier(db);
    const { relation } = declareRelation(db, { userId: ids.committee3!, supplierId: s.id, relation: "亲属任该公司经理", declaredOn: "2026-04-01" }, String(ids.committee3));
    await expectRefused(() => endRelation(db, relation.id, { endedOn: "2026-03-31", reason: "亲属离职" }, String(ids.committee3)), "suppliers.errors.endedBeforeDeclared", "endedOn");
    await expectRefused(() => endRelation(db, relation.id, { endedOn: "2026-05-01", reason: "" }, String(ids.committee3)), "suppliers.errors.reasonRequired", "reason");
    await expectRefused(() => endRelation(db, relation.id, { endedOn: "2026-05-01", reason: "亲属离职" }, String(ids.committee4)), "suppliers.errors.endNotAllowed");
    const { relation: ended, event } = endRelation(db, relation.id, { endedOn: "2026-05-01", reason: "亲属离职" }, String(ids.committee3));
    expect(ended).toMatchObject({ endedOn: "2026-05-01", endedReason: "亲属离职" });
    expect(event).toMatchObject({ action: "related_party.end", subject: `supplier:${s.id}`, data: { from: "active", to: "ended", reason: "亲属离职" } });
    await expectRefused(() => endRelation(db, relation.id, { endedOn: "2026-05-02", reason: "x" }, String(ids.director)), "suppliers.errors.relationEnded");
    // Ended: the same pair may be declared again.
    declareRelation(db, { userId: ids.committee3!, supplierId: s.id, relation: "再次任职", declaredOn: "2026-06-01" }, String(ids.committee3));
    expect(listRelations(db).filter((r) => r.supplierId === s.id).map((r) => r.endedOn)).toEqual([null, "2026-05-01"]);
  });

  it("every row matches its audit event", () => {
    const result = verifyDatabase(db);
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });
});
