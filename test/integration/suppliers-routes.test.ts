import type { ComponentType } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import * as relatedParties from "~/routes/related-parties";
import * as supplierPage from "~/routes/suppliers.$supplierId";
import * as suppliersIndex from "~/routes/suppliers._index";
import * as suppliersNew from "~/routes/suppliers.new";
import { verifyDatabase } from "~/services/audit-verify.server";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { testDb } from "../support/db";
import { renderRoutePage } from "../support/render";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";
import { buildSupplier, creditCodeFor, residentIdFor } from "../support/suppliers";

const db = testDb();
const cookies: Record<string, string> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  await ensureDemoCommunity(db);
  for (const row of db.$client.prepare("SELECT id, login FROM users").all() as { id: number; login: string }[]) ids[row.login] = row.id;
  for (const who of ["admin", "manager", "director", "committee1", "committee2", "auditor", "owner"]) cookies[who] = (await signIn(who, DEMO_PASSWORD)).cookie;
}, 60_000);

function snapshot() {
  const n = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const maxSeq = (db.$client.prepare("SELECT coalesce(max(seq), 0) AS s FROM audit_events").get() as { s: number }).s;
  return { suppliers: n("suppliers"), related_parties: n("related_parties"), maxSeq };
}

type Args = { request: Request; params: Record<string, string>; context: typeof CONTEXT };
const call = (fn: (args: Args) => unknown, url: string, who: string, form?: Record<string, string>, params: Record<string, string> = {}) =>
  settle(fn({ request: makeRequest(url, { cookie: cookies[who], form }), params, context: CONTEXT }));

function expectStatus(outcome: { threw: boolean; value: unknown }, status: number) {
  if (outcome.value instanceof Response) expect(outcome.value.status).toBe(status);
  else if (isDataWithInit(outcome.value)) expect(outcome.value.init?.status).toBe(status);
  else throw new Error(`expected status ${status}, got ${JSON.stringify(outcome.value)}`);
}

/** Server-renders a route's page with the data its loader gave. */
const renderPage = (url: string, path: string, loaderData: unknown, Component: ComponentType) => renderRoutePage({ url, path, Component, loaderData });

function errorsOf(outcome: { value: unknown }): Record<string, string[] | null> {
  if (!isDataWithInit(outcome.value)) throw new Error(`expected a form reply, got ${String(outcome.value)}`);
  return outcome.value.data.lastResult.error ?? {};
}

const orgForm = (over: Record<string, string> = {}) => ({
  kind: "organisation", name: "<b>上海</b>电梯有限公司", creditCode: creditCodeFor(80001), legalRepresentative: "赵六",
  idNumber: "", phone: "13800003333", bankAccount: "6222 1111 2222 3333", ...over,
});

describe("who may see and do what", () => {
  it("admin and owners get 403 from every supplier page and action, and nothing is written", async () => {
    const s = buildSupplier(db);
    const before = snapshot();
    for (const who of ["admin", "owner"]) {
      expectStatus(await call(suppliersIndex.loader, "/suppliers", who), 403);
      expectStatus(await call(suppliersNew.loader, "/suppliers/new", who), 403);
      expectStatus(await call(suppliersNew.action, "/suppliers/new", who, orgForm({ creditCode: creditCodeFor(80009) })), 403);
      expectStatus(await call(supplierPage.loader, `/suppliers/${s.id}`, who, undefined, { supplierId: String(s.id) }), 403);
      expectStatus(await call(supplierPage.action, `/suppliers/${s.id}`, who, { intent: "deactivate", reason: "x" }, { supplierId: String(s.id) }), 403);
      expectStatus(await call(relatedParties.loader, "/related-parties", who), 403);
      expectStatus(await call(relatedParties.action, "/related-parties", who, { intent: "declare", supplierId: String(s.id), relation: "亲属", declaredOn: "2026-03-01" }), 403);
    }
    expect(snapshot()).toEqual(before);
  });

  it("committee members and auditors read; only managers create and edit; auditors cannot declare", async () => {
    const s = buildSupplier(db);
    const before = snapshot();
    for (const who of ["committee1", "auditor", "manager"]) {
      expect((await call(suppliersIndex.loader, "/suppliers", who)).threw).toBe(false);
      expect((await call(supplierPage.loader, `/suppliers/${s.id}`, who, undefined, { supplierId: String(s.id) })).threw).toBe(false);
    }
    expectStatus(await call(suppliersNew.action, "/suppliers/new", "committee1", orgForm({ creditCode: creditCodeFor(80008) })), 403);
    expectStatus(await call(supplierPage.action, `/suppliers/${s.id}`, "committee1", { intent: "update", name: "改名" }, { supplierId: String(s.id) }), 403);
    expectStatus(await call(supplierPage.action, `/suppliers/${s.id}`, "auditor", { intent: "deactivate", reason: "x" }, { supplierId: String(s.id) }), 403);
    expectStatus(await call(relatedParties.action, "/related-parties", "auditor", { intent: "declare", supplierId: String(s.id), relation: "亲属", declaredOn: "2026-03-01" }), 403);
    expectStatus(await call(supplierPage.loader, "/suppliers/999999", "auditor", undefined, { supplierId: "999999" }), 404);
    expect(snapshot()).toEqual(before);
    const index = (await call(suppliersIndex.loader, "/suppliers", "committee1")).value as { canCreate: boolean };
    expect(index.canCreate).toBe(false);
  });
});

describe("supplier pages", () => {
  it("a manager creates an organisation and an individual through the form; the list masks the ID number", async () => {
    const created = await call(suppliersNew.action, "/suppliers/new", "manager", orgForm());
    expect((created.value as Response).status).toBe(302);
    const id = Number((created.value as Response).headers.get("Location")!.split("/").pop());
    const person = await call(suppliersNew.action, "/suppliers/new", "manager", {
      kind: "individual", name: "钱师傅", idNumber: residentIdFor(21), creditCode: "无关", legalRepresentative: "", phone: "", bankAccount: "",
    });
    expect((person.value as Response).status).toBe(302);
    const list = (await call(suppliersIndex.loader, "/suppliers?q=钱师傅", "auditor")).value as { rows: { code: string }[] };
    expect(list.rows).toEqual([expect.objectContaining({ code: `${residentIdFor(21).slice(0, 6)}********${residentIdFor(21).slice(-4)}` })]);
    expect(JSON.stringify(list)).not.toContain(residentIdFor(21));
    const page = (await call(supplierPage.loader, `/suppliers/${id}`, "committee1", undefined, { supplierId: String(id) })).value as { supplier: { name: string }; timeline: { action: string }[] };
    expect(page.supplier.name).toBe("<b>上海</b>电梯有限公司");
    expect(page.timeline.map((i) => i.action)).toEqual(["supplier.create"]);
  });

  it("answers bad forms with 400 and the field's message, writing nothing", async () => {
    const before = snapshot();
    const good = creditCodeFor(80002);
    const cases: [Record<string, string>, string, string][] = [
      [orgForm({ creditCode: `${good.slice(0, 17)}${good[17] === "0" ? "1" : "0"}` }), "creditCode", "suppliers.errors.creditCode"],
      [{ kind: "individual", name: "孙师傅", idNumber: `${residentIdFor(3).slice(0, 17)}${residentIdFor(3)[17] === "0" ? "1" : "0"}` }, "idNumber", "suppliers.errors.idNumber"],
      [orgForm({ creditCode: good, legalRepresentative: "" }), "legalRepresentative", "suppliers.errors.legalRepresentativeRequired"],
      [orgForm({ creditCode: good, bankAccount: "6222-ABCD" }), "bankAccount", "suppliers.errors.bankAccount"],
      [orgForm({ creditCode: good, name: "长".repeat(101) }), "name", "errors.tooLong"],
      [orgForm({ creditCode: creditCodeFor(80001) }), "creditCode", "suppliers.errors.duplicateCreditCode"],
    ];
    for (const [form, field, code] of cases) {
      const outcome = await call(suppliersNew.action, "/suppliers/new", "manager", form);
      expect(outcome.threw).toBe(false);
      expect(errorsOf(outcome)[field], `${field}: ${code}`).toEqual([code]);
    }
    const dup = await call(suppliersNew.action, "/suppliers/new", "manager", orgForm({ creditCode: creditCodeFor(80001) }));
    expectStatus(dup, 409);
    expect((dup.value as { data: { params: unknown } }).data.params).toMatchObject({ name: "<b>上海</b>电梯有限公司" });
    expect(snapshot()).toEqual(before);
  });

  it("deactivation needs a reason; committee members may deactivate, managers reactivate", async () => {
    const s = buildSupplier(db);
    const params = { supplierId: String(s.id) };
    const before = snapshot();
    const missing = await call(supplierPage.action, `/suppliers/${s.id}`, "committee1", { intent: "deactivate", reason: "" }, params);
    expectStatus(missing, 400);
    expect(errorsOf(missing).reason).toEqual(["suppliers.errors.reasonRequired"]);
    expect(snapshot()).toEqual(before);
    expectStatus(await call(supplierPage.action, `/suppliers/${s.id}`, "committee1", { intent: "deactivate", reason: "围标嫌疑" }, params), 302);
    expectStatus(await call(supplierPage.action, `/suppliers/${s.id}`, "manager", { intent: "reactivate", reason: "调查无问题" }, params), 302);
    expectStatus(await call(supplierPage.action, `/suppliers/${s.id}`, "manager", { intent: "update", name: "新名字", legalRepresentative: s.legalRepresentative }, params), 302);
    const page = (await call(supplierPage.loader, `/suppliers/${s.id}`, "auditor", undefined, params)).value as { supplier: { name: string; active: boolean }; timeline: { action: string; from: string | null }[] };
    expect(page.supplier).toMatchObject({ name: "新名字", active: true });
    expect(page.timeline.map((i) => i.action)).toEqual(["supplier.update", "supplier.reactivate", "supplier.deactivate", "supplier.create"]);
  });

  it("renders a name holding HTML as text", async () => {
    const s = buildSupplier(db, { name: "<img src=x onerror=alert(1)>工程队" });
    const data = await suppliersIndex.loader({ request: makeRequest("/suppliers?q=工程队", { cookie: cookies.manager }), params: {}, context: CONTEXT });
    const html = await renderPage("/suppliers?q=工程队", "/suppliers", data, suppliersIndex.default);
    expect(html).toContain(`href="/suppliers/${s.id}"`);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;工程队");
    expect(html).not.toContain("<img src=x");
  });
});

describe("related-party page", () => {
  it("a member declares their own relation; may not declare for another; the director may", async () => {
    const s = buildSupplier(db);
    const form = { intent: "declare", supplierId: String(s.id), relation: "表兄在该公司任职", declaredOn: "2026-03-01" };
    expectStatus(await call(relatedParties.action, "/related-parties", "committee1", form), 302);
    const before = snapshot();
    const forOther = await call(relatedParties.action, "/related-parties", "committee1", { ...form, userId: String(ids.committee2) });
    expectStatus(forOther, 403);
    expect(errorsOf(forOther).userId).toEqual(["suppliers.errors.declareForOthers"]);
    const dup = await call(relatedParties.action, "/related-parties", "committee1", form);
    expectStatus(dup, 409);
    const noRelation = await call(relatedParties.action, "/related-parties", "committee1", { ...form, relation: "" });
    expect(errorsOf(noRelation).relation).toEqual(["suppliers.errors.relationRequired"]);
    expect(snapshot()).toEqual(before);
    expectStatus(await call(relatedParties.action, "/related-parties", "director", { ...form, userId: String(ids.manager) }), 302);

    const mine = (await call(relatedParties.loader, "/related-parties", "committee1")).value as { mine: { supplierId: number; id: number }[]; all: unknown[] | null };
    expect(mine.mine.filter((r) => r.supplierId === s.id)).toHaveLength(1);
    expect(mine.all).not.toBeNull();
    const manager = (await call(relatedParties.loader, "/related-parties", "manager")).value as { mine: { declaredBy: string }[]; all: unknown[] | null };
    expect(manager.all).toBeNull();
    expect(manager.mine).toMatchObject([{ declaredBy: String(ids.director) }]);
    const auditor = (await call(relatedParties.loader, "/related-parties", "auditor")).value as { canDeclare: boolean; all: { supplierId: number }[] };
    expect(auditor.canDeclare).toBe(false);
    expect(auditor.all.filter((r) => r.supplierId === s.id)).toHaveLength(2);

    const relationId = String(mine.mine.find((r) => r.supplierId === s.id)!.id);
    const early = await call(relatedParties.action, "/related-parties", "committee1", { intent: "end", relationId, endedOn: "2026-02-01", reason: "已离职" });
    expect(errorsOf(early).endedOn).toEqual(["suppliers.errors.endedBeforeDeclared"]);
    expectStatus(await call(relatedParties.action, "/related-parties", "committee2", { intent: "end", relationId, endedOn: "2026-04-01", reason: "已离职" }), 403);
    expectStatus(await call(relatedParties.action, "/related-parties", "committee1", { intent: "end", relationId, endedOn: "2026-04-01", reason: "已离职" }), 302);
    const page = (await call(supplierPage.loader, `/suppliers/${s.id}`, "auditor", undefined, { supplierId: String(s.id) })).value as { timeline: { action: string }[] };
    expect(page.timeline.map((i) => i.action)).toEqual(["related_party.end", "related_party.declare", "related_party.declare", "supplier.create"]);
    const detailHtml = await renderPage(`/suppliers/${s.id}`, "/suppliers/:supplierId", page, supplierPage.default);
    expect(detailHtml).toContain("表兄在该公司任职");
    expect(detailHtml).toContain("时间线");
    const directorData = (await call(relatedParties.loader, "/related-parties", "director")).value;
    const listHtml = await renderPage("/related-parties", "/related-parties", directorData, relatedParties.default);
    expect(listHtml).toContain("代为登记");
    expect(listHtml).toContain('name="userId"');
    const newHtml = await renderPage("/suppliers/new", "/suppliers/new", {}, suppliersNew.default);
    expect(newHtml).toContain('name="creditCode"');
    expect(newHtml).toContain('name="idNumber"');
  });

  it("every row matches its audit event", () => {
    const result = verifyDatabase(db);
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });
});
