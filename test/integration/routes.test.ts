import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGINS, DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { getCommunity, updateCommunity } from "~/services/community.server";
import * as login from "~/routes/login";
import * as me from "~/routes/me";
import * as accountChanges from "~/routes/account-changes";
import * as unitsNew from "~/routes/admin.units.new";
import { digest } from "../support/builders";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";

type RouteArgs = { request: Request; params: Record<string, string>; context: typeof CONTEXT };
type RouteModule = { loader?: (args: RouteArgs) => unknown; action?: (args: RouteArgs) => unknown };

const ROUTES_DIR = path.resolve(__dirname, "../../app/routes");
const PUBLIC_ROUTES = new Set(["login", "logout", "lang", "verify", "healthz"]);
/** Published statements, their print and downloads: public when the community says so (the default), else for signed-in readers. */
const STATEMENT_READER_ROUTES = ["statements._index", "statements.$publishedId", "statements.$publishedId_.print", "statements.$publishedId_.download.$format", "statements.$publishedId_.lines.$book.$lineKey", "statements.$publishedId_.proposals.$proposalId"];

/** Every route file, with a URL and params that reach it (ids set to 1). */
const routeFiles = fs
  .readdirSync(ROUTES_DIR)
  .filter((f) => /\.(tsx|ts)$/.test(f))
  .map((file) => {
    const name = file.replace(/\.(tsx|ts)$/, "");
    const params: Record<string, string> = {};
    const segments = name.split(".").filter((s) => s !== "_index").map((s) => {
      if (s.startsWith("$")) {
        params[s.slice(1)] = "1";
        return "1";
      }
      return s;
    });
    return { file, name, url: `/${segments.join("/")}`, params };
  });
const protectedRoutes = routeFiles.filter((r) => !PUBLIC_ROUTES.has(r.name));
const adminRoutes = protectedRoutes.filter((r) => r.name.startsWith("admin"));

async function loadRoute(file: string): Promise<RouteModule> {
  return (await import(path.join(ROUTES_DIR, file))) as RouteModule;
}

function expectRedirectToLogin(outcome: { value: unknown }, label: string) {
  const value = outcome.value;
  expect(value instanceof Response, `${label} should answer with a redirect Response`).toBe(true);
  const response = value as Response;
  expect(response.status, label).toBe(302);
  expect(response.headers.get("Location") ?? "", label).toMatch(/^\/login(\?|$)/);
}

async function expectForbidden(promise: unknown, label: string) {
  const outcome = await settle(promise);
  expect(outcome.threw, `${label} should throw`).toBe(true);
  expect(outcome.value, label).toBeInstanceOf(Response);
  expect((outcome.value as Response).status, label).toBe(403);
}

const cookies: Record<string, string> = {};
const validUnitForm = (number: string) => ({ building: "9栋", number, area: "50", kind: "commercial", ownerId: String(orgOwnerId) });
let orgOwnerId = 0;

beforeAll(async () => {
  const db = testDb();
  await ensureDemoCommunity(db);
  orgOwnerId = (db.$client.prepare("SELECT id FROM owners WHERE kind = 'organisation' LIMIT 1").get() as { id: number }).id;
  for (const who of ["admin", "owner", "committee1", "auditor"]) cookies[who] = (await signIn(who, DEMO_PASSWORD)).cookie;
}, 60_000);

function setStatementsPublic(statementsPublic: boolean) {
  const db = testDb();
  const community = getCommunity(db)!;
  updateCommunity(db, { name: community.name, address: community.address, ...community.settings, statementsPublic }, "system");
}

describe("anonymous visitors", () => {
  // With published statements for signed-in readers only, every route but login, logout and lang needs a session.
  beforeAll(() => setStatementsPublic(false));

  it("finds the route files", () => {
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(19);
    expect(protectedRoutes.map((r) => r.name)).toContain("admin.units.new");
    expect(adminRoutes.length).toBeGreaterThanOrEqual(10);
  });

  it.each(protectedRoutes.map((r) => [r.name, r] as const))("GET %s redirects to /login", async (_name, route) => {
    const mod = await loadRoute(route.file);
    expect(mod.loader, `${route.file} has no loader`).toBeTypeOf("function");
    const outcome = await settle(mod.loader!({ request: makeRequest(route.url), params: route.params, context: CONTEXT }));
    expectRedirectToLogin(outcome, `GET ${route.url}`);
  });

  it.each(protectedRoutes.map((r) => [r.name, r] as const))("POST %s (same origin) redirects to /login and writes nothing", async (_name, route) => {
    const mod = await loadRoute(route.file);
    if (!mod.action) return;
    const db = testDb();
    const before = digest(db);
    const request = makeRequest(route.url, { form: { ...validUnitForm("ANON1"), intent: "update", name: "x", kind: "person" } });
    const outcome = await settle(mod.action({ request, params: route.params, context: CONTEXT }));
    expectRedirectToLogin(outcome, `POST ${route.url}`);
    expect(digest(db)).toEqual(before);
  });
});

describe("public statements", () => {
  it("let anonymous readers reach the statement pages when the community makes them public, and no other page", async () => {
    setStatementsPublic(true);
    const index = await loadRoute("statements._index.tsx");
    const outcome = await settle(index.loader!({ request: makeRequest("/statements"), params: {}, context: CONTEXT }));
    expect(outcome.threw).toBe(false);
    for (const name of STATEMENT_READER_ROUTES.slice(1)) {
      const route = routeFiles.find((r) => r.name === name)!;
      const mod = await loadRoute(route.file);
      const result = await settle(mod.loader!({ request: makeRequest(route.url), params: route.params, context: CONTEXT }));
      // Statement 1 does not exist here: the reader gets a 404, not the login page.
      expect((result.value as Response).status, name).toBe(404);
    }
    const drafts = await loadRoute("statements.drafts._index.tsx");
    expectRedirectToLogin(await settle(drafts.loader!({ request: makeRequest("/statements/drafts"), params: {}, context: CONTEXT })), "GET /statements/drafts");
    setStatementsPublic(false);
  });
});

describe("roles", () => {
  it("an owner gets 403 from every admin loader and from the unit-create action, and nothing changes", async () => {
    const db = testDb();
    const before = digest(db);
    for (const route of adminRoutes) {
      const mod = await loadRoute(route.file);
      await expectForbidden(mod.loader!({ request: makeRequest(route.url, { cookie: cookies.owner }), params: route.params, context: CONTEXT }), `owner GET ${route.url}`);
    }
    await expectForbidden(
      unitsNew.action({ request: makeRequest("/admin/units/new", { form: validUnitForm("OWN1"), cookie: cookies.owner }), params: {}, context: CONTEXT }),
      "owner POST /admin/units/new",
    );
    expect(digest(db)).toEqual(before);
  });

  it("a committee member gets 403 on /admin routes but the account changes list", async () => {
    for (const route of adminRoutes) {
      const mod = await loadRoute(route.file);
      await expectForbidden(mod.loader!({ request: makeRequest(route.url, { cookie: cookies.committee1 }), params: route.params, context: CONTEXT }), `committee GET ${route.url}`);
    }
    const outcome = await settle(accountChanges.loader({ request: makeRequest("/account-changes", { cookie: cookies.committee1 }), params: {}, context: CONTEXT }));
    expect(outcome.threw).toBe(false);
    const value = outcome.value as { changes: { action: string }[] };
    expect(value.changes.length).toBe(DEMO_LOGINS.length);
    expect(value.changes.every((c) => c.action === "user.create")).toBe(true);
  });

  it("the admin can create a unit through the action (control for the refusals above)", async () => {
    const db = testDb();
    const before = digest(db);
    const result = await unitsNew.action({ request: makeRequest("/admin/units/new", { form: validUnitForm("ADM1"), cookie: cookies.admin }), params: {}, context: CONTEXT });
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).status).toBe(302);
    expect(digest(db)).toMatchObject({ units: before.units + 1, maxSeq: before.maxSeq + 1 });
    const row = db.$client.prepare("SELECT area_centi_m2 AS a FROM units WHERE building = '9栋' AND number = 'ADM1'").get();
    expect(row).toEqual({ a: 5000 });
  });
});

describe("cross-site requests", () => {
  it.each([
    ["a foreign Origin", { origin: "http://evil.example" }],
    ["no Origin and no Referer", { origin: null }],
    ["no Origin and a foreign Referer", { origin: null, referer: "http://evil.example/form" }],
    ["Origin null", { origin: "null" }],
  ] as const)("refuses a POST with %s (403) and changes nothing", async (_label, headers) => {
    const db = testDb();
    const before = digest(db);
    await expectForbidden(
      unitsNew.action({ request: makeRequest("/admin/units/new", { form: validUnitForm("CSRF1"), cookie: cookies.admin, ...headers }), params: {}, context: CONTEXT }),
      "cross-site unit create",
    );
    await expectForbidden(
      login.action({ request: makeRequest("/login", { form: { login: "admin", password: DEMO_PASSWORD }, ...headers }), params: {}, context: CONTEXT }),
      "cross-site login",
    );
    expect(digest(db)).toEqual(before);
  });
});

describe("forms", () => {
  it("answers a bad unit form with 400 and the field errors, and writes nothing", async () => {
    const db = testDb();
    const before = digest(db);
    const result = await unitsNew.action({
      request: makeRequest("/admin/units/new", { form: { ...validUnitForm("BAD1"), building: "", area: "12.345" }, cookie: cookies.admin }),
      params: {}, context: CONTEXT,
    });
    expect(isDataWithInit(result)).toBe(true);
    if (!isDataWithInit(result)) return;
    expect(result.init?.status).toBe(400);
    const errors = result.data.lastResult.error as Record<string, string[]>;
    expect(errors.building).toEqual(["errors.required"]);
    expect(errors.area).toEqual(["errors.area.too_many_decimals"]);
    expect(digest(db)).toEqual(before);
  });

  it("answers a wrong password with 401 and exactly one auth.login_failed event", async () => {
    const db = testDb();
    const before = digest(db);
    const result = await login.action({ request: makeRequest("/login", { form: { login: "manager", password: "wrong-password" } }), params: {}, context: CONTEXT });
    expect(isDataWithInit(result)).toBe(true);
    if (!isDataWithInit(result)) return;
    expect(result.init?.status).toBe(401);
    expect(result.data.lastResult.error).toMatchObject({ "": ["auth.badCredentials"] });
    expect(JSON.stringify(result.data)).not.toContain("wrong-password");
    const after = digest(db);
    expect(after).toMatchObject({ maxSeq: before.maxSeq + 1, sessions: before.sessions });
    const events = db.$client.prepare("SELECT action, actor FROM audit_events WHERE seq > ?").all(before.maxSeq);
    expect(events).toEqual([{ action: "auth.login_failed", actor: "anonymous" }]);
  });

  it("ignores redirectTo=//evil.example after login, but follows a local path", async () => {
    const evil = await signIn("admin", DEMO_PASSWORD, "//evil.example");
    expect(evil.location).toBe("/admin");
    const backslash = await signIn("admin", DEMO_PASSWORD, "/\\evil.example");
    expect(backslash.location).toBe("/admin");
    const absolute = await signIn("admin", DEMO_PASSWORD, "https://evil.example/");
    expect(absolute.location).toBe("/admin");
    const local = await signIn("admin", DEMO_PASSWORD, "/admin/units?q=01");
    expect(local.location).toBe("/admin/units?q=01");
  });

  it("the session cookie is HttpOnly and the login page sends a signed-in user home", async () => {
    const result = await login.action({ request: makeRequest("/login", { form: { login: "auditor", password: DEMO_PASSWORD } }), params: {}, context: CONTEXT });
    const setCookie = (result as Response).headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const outcome = await settle(login.loader({ request: makeRequest("/login", { cookie: cookies.auditor }), params: {}, context: CONTEXT }));
    expect((outcome.value as Response).headers.get("Location")).toBe("/auditor");
  });
});

describe("owner's own page", () => {
  it("/me returns only the owner's own record", async () => {
    const db = testDb();
    const own = db.$client.prepare("SELECT o.id, o.name, o.phone FROM owners o JOIN users u ON u.owner_id = o.id WHERE u.login = 'owner'").get() as { id: number; name: string; phone: string };
    const result = (await me.loader({ request: makeRequest("/me", { cookie: cookies.owner }), params: {}, context: CONTEXT })) as {
      owner: { name: string; phone: string }; units: { building: string; number: string }[];
    };
    expect(result.owner).toMatchObject({ name: own.name, phone: own.phone });
    const ownUnits = db.$client.prepare("SELECT building, number FROM units WHERE owner_id = ? ORDER BY building, number").all(own.id);
    expect(result.units.map((u) => ({ building: u.building, number: u.number }))).toEqual(ownUnits);
    const text = JSON.stringify(result);
    const others = db.$client.prepare("SELECT name, phone FROM owners WHERE id != ?").all(own.id) as { name: string; phone: string }[];
    expect(others.length).toBeGreaterThan(100);
    for (const other of others) {
      if (!own.name.includes(other.name)) expect(text).not.toContain(other.name);
      if (other.phone && other.phone !== own.phone) expect(text).not.toContain(other.phone);
    }
  });

  it("a manager (no owner role) gets 403 from /me", async () => {
    const { cookie } = await signIn("manager", DEMO_PASSWORD);
    await expectForbidden(me.loader({ request: makeRequest("/me", { cookie }), params: {}, context: CONTEXT }), "manager GET /me");
  });
});
