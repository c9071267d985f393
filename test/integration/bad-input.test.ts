/**
 * Bad input to every action (issue 9 §2, DESIGN.md §9.5): generated
 * malformed forms — wrong types, huge strings, fractions of a fen, unicode,
 * SQL and HTML, impossible dates, missing and duplicated fields, files for
 * text and text for files — sent by a person allowed to use the action, from
 * the app's origin, so each reaches validation. Every answer must be below
 * 500 and no business table may change.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import Database from "better-sqlite3";
import type { Db } from "~db/connection";
import { DEMO_PASSWORD } from "~/services/demo.server";
import { getDb } from "~/services/db.server";
import { badForm, classify, contentHash, describeEntries, fieldNames, installChangeCounter, poisonsOf, refuses, toFormData, type Field, type FormEntries, type ParseMode } from "../support/bad-input";
import { CONTEXT, makeRequest, signIn } from "../support/http";
import { MATRIX } from "../support/permission-matrix";
import { actionSpecs, type ActionSpec } from "../support/bad-input-actions";
import { allowLoopback, copyDemoDb, startAppServer, type AppServer } from "../support/app-server";

// The world: this file's own copy of the full demo community, in place before anything opens the database.
const databasePath = process.env.DATABASE_PATH!;
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${databasePath}${suffix}`, { force: true });
fs.copyFileSync(inject("demoDb"), databasePath);
const demoAttachments = path.join(path.dirname(inject("demoDb")), "attachments");
if (fs.existsSync(demoAttachments)) fs.cpSync(demoAttachments, path.join(path.dirname(databasePath), "attachments"), { recursive: true });

const RUNS = Number(process.env.MINGZHANG_FUZZ_RUNS ?? 700);

interface Prepared {
  spec: ActionSpec;
  fields: Field[];
  mode: ParseMode;
  action: (args: { request: Request; params: Record<string, string>; context: typeof CONTEXT }) => Promise<unknown>;
}

const cookies = new Map<string, string>();
async function cookieOf(login: string | null): Promise<string | undefined> {
  if (login === null) return undefined;
  if (!cookies.has(login)) cookies.set(login, (await signIn(login, DEMO_PASSWORD)).cookie);
  return cookies.get(login);
}

function prepare(spec: ActionSpec, module: Record<string, unknown>): Prepared {
  const mode = spec.mode ?? "conform";
  const base: FormEntries = Object.entries(spec.fixed ?? {});
  const fields: Field[] = spec.schema
    ? fieldNames(spec.schema).map(({ name, list, leaf }) => classify(spec.schema!, mode, base, name, list, leaf)).filter((f): f is Field => f !== null)
    : [];
  // An intent the route reads itself with formData.get: the first value wins, so a second one is no poison.
  if (spec.routeIntent) fields.unshift({ name: "intent", kind: "enum", required: true, list: true, fixed: spec.routeIntent.value, options: spec.routeIntent.options });
  for (const name of spec.files ?? []) fields.push({ name, kind: "file", required: false, list: true });
  return { spec, fields, mode, action: module.action as Prepared["action"] };
}

/** What the action answered: its status, or "5xx" with the reason for anything that is not an answer below 500. */
async function answer(prepared: Prepared, entries: FormEntries): Promise<{ status: number; problem: string | null }> {
  const { spec } = prepared;
  const request = makeRequest(spec.path, { form: toFormData(entries), cookie: await cookieOf(spec.who) });
  let value: unknown;
  try {
    value = await prepared.action({ request, params: spec.params ?? {}, context: CONTEXT });
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, problem: thrown.status >= 500 ? `threw a ${thrown.status}` : null };
    return { status: 500, problem: `threw ${thrown instanceof Error ? thrown.stack ?? thrown.message : String(thrown)}` };
  }
  const status = value instanceof Response ? value.status
    : typeof value === "object" && value !== null && (value as { type?: string }).type === "DataWithResponseInit" ? (value as { init: ResponseInit | null }).init?.status ?? 200
      : 200;
  return { status, problem: status >= 500 ? `answered ${status}` : null };
}

let ACTIONS: ActionSpec[] = [];
let prepared: Prepared[] = [];
let changes: () => { table: string; op: string; n: number }[];

beforeAll(async () => {
  const db = getDb();
  expect(db.$client.prepare("SELECT count(*) AS n FROM users WHERE login IN ('manager', 'committee1', 'director', 'admin', 'owner', 'auditor')").get()).toEqual({ n: 6 });
  ACTIONS = actionSpecs();
  prepared = await Promise.all(ACTIONS.map(async (spec) => prepare(spec, (await import(path.resolve("app/routes", `${spec.route}.tsx`))) as Record<string, unknown>)));
  for (const who of new Set(ACTIONS.map((a) => a.who))) await cookieOf(who);
  changes = installChangeCounter(db);
}, 60_000);

describe("the actions under test", () => {
  it("are every action of app/routes, every intent the permission matrix names, each by a person the matrix allows", () => {
    const routes = fs.readdirSync("app/routes").filter((file) => /export (async )?function action|export const action/.test(fs.readFileSync(path.join("app/routes", file), "utf8")));
    expect(new Set(ACTIONS.map((a) => a.route))).toEqual(new Set(routes.map((file) => file.replace(/\.tsx?$/, ""))));
    const whoOf: Record<string, string | null> = { anonymous: null, ownerThis: "owner", manager: "manager", committee: "committee1", director: "director", auditor: "auditor", admin: "admin" };
    for (const row of MATRIX.filter((r) => r.action)) {
      const specs = ACTIONS.filter((a) => a.route === row.route);
      if (Array.isArray(row.action)) {
        for (const spec of specs) expect(row.action.map((w) => whoOf[w]), `${row.route} by ${spec.who}`).toContain(spec.who);
      } else {
        for (const [intent, who] of Object.entries(row.action as Record<string, readonly string[]>)) {
          const forIntent = specs.filter((s) => (s.fixed?.intent ?? s.routeIntent?.value) === intent);
          expect(forIntent.length, `${row.route} intent ${intent}`).toBeGreaterThan(0);
          for (const spec of forIntent) expect(who.map((w) => whoOf[w]), `${row.route} ${intent} by ${spec.who}`).toContain(spec.who);
        }
      }
    }
  });
});

describe("every field refuses what DESIGN.md calls malformed for its kind", () => {
  it("in the schema the route parses with, whatever the other fields hold", () => {
    const accepted: string[] = [];
    let checked = 0;
    for (const p of prepared) {
      if (!p.spec.schema) continue;
      const base: FormEntries = Object.entries(p.spec.fixed ?? {});
      for (const field of p.fields.filter((f) => !(p.spec.files ?? []).includes(f.name) && !(p.spec.routeIntent && f.name === "intent"))) {
        for (const poison of poisonsOf(field)) {
          checked++;
          const entries = [...base.filter(([n]) => n !== field.name), ...poison.entries(field.name)];
          if (!refuses(p.spec.schema, p.mode, entries, field.name)) accepted.push(`${p.spec.path} ${field.name} (${field.kind}): ${poison.label}`);
        }
      }
    }
    console.log(`[figure] bad input, schemas: ${checked} (field, malformed value) pairs checked over ${prepared.length} forms, ${accepted.length} accepted`);
    expect(accepted).toEqual([]);
  });
});

describe("the change counter", () => {
  it("counts a business write, and neither a rolled-back one nor a refused attempt's audit", () => {
    const sqlite = getDb().$client;
    changes();
    sqlite.prepare("UPDATE community SET name = name").run();
    expect(changes()).toEqual([{ table: "community", op: "UPDATE", n: 1 }]);
    expect(() => sqlite.transaction(() => {
      sqlite.prepare("UPDATE community SET name = name").run();
      throw new Error("refused");
    })()).toThrow("refused");
    sqlite.prepare("INSERT INTO rate_limits (key, window_start, count) VALUES ('bad-input-probe', '2000-01-01T00:00:00.000Z', 1)").run();
    sqlite.prepare("DELETE FROM rate_limits WHERE key = 'bad-input-probe'").run();
    expect(changes()).toEqual([]);
  });
});

describe("bad input to every action", () => {
  it("is answered below 500 and changes no business table", async () => {
    const hashBefore = contentHash(getDb());
    changes();
    const perAction = Math.max(5, Math.ceil(RUNS / prepared.length));
    const statuses = new Map<number, number>();
    let requests = 0;
    for (const p of prepared) {
      const arbitrary = p.fields.length ? badForm(p.fields) : fc.constant({ poison: "(no fields)", entries: [] as FormEntries });
      await fc.assert(fc.asyncProperty(arbitrary, async ({ poison, entries }) => {
        requests++;
        const { status, problem } = await answer(p, entries);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const written = changes();
        const where = `${p.spec.path} as ${p.spec.who ?? "a visitor"}, poison ${poison}, form ${describeEntries(entries)}`;
        if (problem) throw new Error(`5xx from ${where}: ${problem}`);
        if (written.length) throw new Error(`a business table changed after ${where}: ${JSON.stringify(written)} (answered ${status})`);
      }), { numRuns: perAction, seed: 2026 + requests, endOnFailure: false });
    }
    const hashAfter = contentHash(getDb());
    console.log(`[figure] bad input: ${requests} requests to ${new Set(prepared.map((p) => p.spec.route)).size} actions (${prepared.length} forms), 0 answered 5xx, 0 changed a business table; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(hashAfter).toBe(hashBefore);
    expect(requests).toBeGreaterThanOrEqual(500);
  }, 600_000);
});

/** The business content of the server's database file, read on a connection of its own. */
function fileHash(databasePath: string): string {
  const client = new Database(databasePath, { readonly: true });
  try {
    return contentHash({ $client: client } as unknown as Db);
  } finally {
    client.close();
  }
}

describe("bad bodies over real HTTP", () => {
  let app: AppServer;
  let dir: string;
  let cookie = "";
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mingzhang-bad-input-"));
    app = await startAppServer(copyDemoDb(dir));
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    allowLoopback(app.base);
    if (!cookie) {
      const login = await fetch(`${app.base}/login`, { method: "POST", redirect: "manual", headers: { Origin: app.base }, body: new URLSearchParams({ login: "manager", password: DEMO_PASSWORD }) });
      cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
      expect(cookie, app.output()).toMatch(/^mz_session=./);
    }
  });

  it("answers each below 500 with nothing changed", async () => {
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${app.base}/suppliers/new`, { method: "POST", redirect: "manual", headers: { Origin: app.base, Cookie: cookie, ...headers }, body });
    const many = new FormData();
    for (let i = 0; i < 10_000; i++) many.append(i % 2 ? `field${i}` : "name", `值${i}`);
    const fiveMb = new FormData();
    fiveMb.append("name", "大".repeat(5 * 1024 * 1024 / 3));
    fiveMb.append("kind", "organisation");
    const boundary = "----mingzhang-bad";
    const cases: [string, () => Promise<Response>][] = [
      ["multipart with 10,000 fields", () => post(many)],
      ["a 5 MB field", () => post(fiveMb)],
      ["malformed multipart (no closing boundary)", () => post(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nabc\r\n--${boundary}\r\nContent-Disp`, { "Content-Type": `multipart/form-data; boundary=${boundary}` })],
      ["multipart without a boundary", () => post("name=abc", { "Content-Type": "multipart/form-data" })],
      ["wrong Content-Type (text/plain)", () => post("name=abc&kind=organisation", { "Content-Type": "text/plain" })],
      ["a JSON body", () => post(JSON.stringify({ name: "JSON 供应商", kind: "organisation" }), { "Content-Type": "application/json" })],
      ["a JSON body to the single-fetch URL", () => fetch(`${app.base}/suppliers/new.data`, { method: "POST", redirect: "manual", headers: { Origin: app.base, Cookie: cookie, "Content-Type": "application/json" }, body: "{\"name\": [1, 2, {}]}" })],
      ["urlencoded with broken escapes", () => post("name=%E0%A4%A&kind=%%%", { "Content-Type": "application/x-www-form-urlencoded" })],
    ];
    const before = fileHash(app.databasePath);
    const answers: string[] = [];
    for (const [name, send] of cases) {
      const response = await send();
      await response.arrayBuffer();
      answers.push(`${name}: ${response.status}`);
      expect(response.status, `${name}\n${app.output()}`).toBeLessThan(500);
      expect(fileHash(app.databasePath), name).toBe(before);
    }
    console.log(`[figure] bad bodies over HTTP: ${cases.length} requests, 0 answered 5xx, 0 changed a business table (${answers.join("; ")})`);
  }, 120_000);
});
