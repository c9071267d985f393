import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allowLoopback, copyDemoDb, startAppServer, type AppServer } from "../support/app-server";

/**
 * The browser-side defences over real HTTP (issue 9 §6): every HTML page the
 * production server sends carries a Content-Security-Policy whose nonce is
 * new for each response and is on every script of that page; every response
 * (static files too) forbids sniffing and framing; a cross-site write is
 * refused before it changes anything.
 */
let app: AppServer;
let db: Database.Database;
beforeAll(async () => {
  app = await startAppServer(copyDemoDb(fs.mkdtempSync(path.join(os.tmpdir(), "mz-headers-"))));
  db = new Database(app.databasePath, { readonly: true });
}, 90_000);
afterAll(async () => {
  db?.close();
  await app?.stop();
});
beforeEach(() => allowLoopback(app.base));

const PASSWORD = "mingzhang-demo";
const REQUIRED_DIRECTIVES = [
  "default-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
];

async function signIn(login: string): Promise<string> {
  const response = await fetch(`${app.base}/login`, {
    method: "POST", redirect: "manual", headers: { Origin: app.base }, body: new URLSearchParams({ login, password: PASSWORD }),
  });
  expect(response.status, app.output()).toBe(302);
  return response.headers.getSetCookie()[0]!.split(";")[0]!;
}

interface CheckedPage { url: string; status: number; nonce: string; cache: string | null; body: string }

/** Fetches an HTML page and checks its policy and scripts; returns the nonce it was sent with. */
async function checkPage(pathname: string, init: { cookie?: string; status?: number } = {}): Promise<CheckedPage> {
  const response = await fetch(`${app.base}${pathname}`, { redirect: "manual", headers: init.cookie ? { Cookie: init.cookie } : {} });
  const body = await response.text();
  expect(response.status, `${pathname}: ${body.slice(0, 300)}`).toBe(init.status ?? 200);
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  // One policy, not two appended ones (a browser would enforce both).
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp, pathname).not.toContain(",");
  const directives = csp.split(";").map((d) => d.trim());
  for (const directive of REQUIRED_DIRECTIVES) expect(directives, `${pathname}: ${csp}`).toContain(directive);
  const nonce = /^script-src 'nonce-([A-Za-z0-9+/]{22}==)' 'strict-dynamic'$/.exec(directives.find((d) => d.startsWith("script-src")) ?? "")?.[1];
  expect(nonce, `${pathname}: ${csp}`).toBeTruthy();
  const scripts = body.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, pathname).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, pathname).toContain(` nonce="${nonce}"`);
  // Nothing else in the page may run: no inline handlers, no javascript: links.
  expect(body, pathname).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  expect(body, pathname).not.toMatch(/javascript:/i);
  expectBaseline(response.headers, pathname);
  return { url: pathname, status: response.status, nonce: nonce!, cache: response.headers.get("x-page-cache"), body };
}

function expectBaseline(headers: Headers, what: string) {
  expect(headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(headers.get("referrer-policy"), what).toBe("same-origin");
  expect(headers.get("x-frame-options"), what).toBe("DENY");
  expect(headers.get("cross-origin-opener-policy"), what).toBe("same-origin");
  expect(headers.get("permissions-policy"), what).toBe("camera=(), microphone=(), geolocation=()");
}

const scalar = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
const state = () => ({ seq: scalar("SELECT coalesce(max(seq), 0) AS n FROM audit_events"), sessions: scalar("SELECT count(*) AS n FROM sessions") });

describe("HTML pages", () => {
  it("carry the policy with a fresh nonce on every script, the cached statement page included", async () => {
    const pages: CheckedPage[] = [];
    pages.push(await checkPage("/login"), await checkPage("/login"));
    const list = await checkPage("/statements");
    pages.push(list);
    const statementPath = /href="(\/statements\/\d+)"/.exec(list.body)?.[1];
    expect(statementPath, "a published statement linked from /statements").toBeTruthy();
    const first = await checkPage(statementPath!);
    const cached = await checkPage(statementPath!);
    pages.push(first, cached);
    expect(cached.cache, "the second anonymous read comes from the page cache").toBe("hit");
    // The cached copy is the same page, with the old nonce gone everywhere.
    expect(cached.body).not.toContain(first.nonce);
    expect(cached.body.replaceAll(cached.nonce, first.nonce)).toBe(first.body);
    pages.push(await checkPage(`${statementPath!}/print`), await checkPage(`${statementPath!}/print`));
    expect(pages.at(-1)!.cache).toBe("hit");

    const manager = await signIn("manager");
    pages.push(await checkPage("/ledger", { cookie: manager }), await checkPage(statementPath!, { cookie: manager }));
    pages.push(await checkPage("/no-such-page", { status: 404 }), await checkPage("/no-such-page", { cookie: manager, status: 404 }));
    pages.push(await checkPage("/admin/users", { cookie: manager, status: 403 }));

    const nonces = new Set(pages.map((p) => p.nonce));
    expect(nonces.size, "a nonce is never sent twice").toBe(pages.length);
    console.log(`[figure] security headers: ${pages.length} HTML pages checked (2 from the page cache), ${pages.length} distinct CSP nonces, every <script> carries its page's nonce`);
  });

  it("a 304 from the page cache sends no new policy (the browser's copy keeps its own nonce)", async () => {
    const list = await fetch(`${app.base}/statements`);
    const statementPath = /href="(\/statements\/\d+)"/.exec(await list.text())![1]!;
    const page = await fetch(`${app.base}${statementPath}`);
    await page.text();
    const etag = page.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await fetch(`${app.base}${statementPath}`, { headers: { "If-None-Match": etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("content-security-policy")).toBeNull();
  });
});

describe("other responses", () => {
  it("static files, resource routes and the refusal page forbid sniffing and framing; their HTML runs nothing", async () => {
    const login = await (await fetch(`${app.base}/login`)).text();
    const asset = /<link rel="modulepreload" href="(\/assets\/[^"]+\.js)"/.exec(login)?.[1];
    expect(asset).toBeTruthy();
    for (const pathname of [asset!, "/favicon.svg", "/healthz"]) {
      const response = await fetch(`${app.base}${pathname}`);
      await response.arrayBuffer();
      expect(response.status, pathname).toBe(200);
      expectBaseline(response.headers, pathname);
      expect(response.headers.get("content-security-policy"), pathname).toBeNull();
    }
    const refused = await fetch(`${app.base}/logout`, { method: "POST", headers: { Origin: "https://evil.example" } });
    await refused.text();
    expect(refused.status).toBe(403);
    expectBaseline(refused.headers, "403 page");
    expect(refused.headers.get("content-security-policy")).toMatch(/^default-src 'none';.*frame-ancestors 'none'/);
  });
});

describe("cross-site writes", () => {
  const loginForm = () => new URLSearchParams({ login: "manager", password: PASSWORD });

  it("are refused with 403 and change nothing, whatever the Origin or Referer says", async () => {
    const manager = await signIn("manager");
    const forged: [string, Record<string, string>][] = [
      ["evil Origin", { Origin: "https://evil.example" }],
      ["no Origin, no Referer", {}],
      ['Origin "null"', { Origin: "null" }],
      ["evil Referer", { Referer: "https://evil.example/form.html" }],
      ["look-alike Origin", { Origin: `${app.base}.evil.example` }],
    ];
    const before = state();
    let refused = 0;
    for (const [label, headers] of forged) {
      for (const target of ["/login", "/login.data"]) {
        const response = await fetch(`${app.base}${target}`, { method: "POST", redirect: "manual", headers, body: loginForm() });
        await response.text();
        expect(response.status, `${label} → ${target}`).toBe(403);
        refused += 1;
      }
      // A signed-in person's browser sends the cookie along: still refused, still signed in.
      const logout = await fetch(`${app.base}/logout`, { method: "POST", redirect: "manual", headers: { ...headers, Cookie: manager } });
      await logout.text();
      expect(logout.status, `${label} → /logout`).toBe(403);
      refused += 1;
    }
    expect(state(), "no event, no session added or ended").toEqual(before);
    const stillIn = await fetch(`${app.base}/account/password`, { redirect: "manual", headers: { Cookie: manager } });
    await stillIn.text();
    expect(stillIn.status).toBe(200);

    // The same posts from the app's own pages reach the actions.
    const bad = await fetch(`${app.base}/login`, { method: "POST", redirect: "manual", headers: { Origin: app.base }, body: new URLSearchParams({ login: "", password: "" }) });
    await bad.text();
    expect(bad.status).toBe(400);
    const ok = await fetch(`${app.base}/login`, { method: "POST", redirect: "manual", headers: { Referer: `${app.base}/login` }, body: loginForm() });
    await ok.text();
    expect(ok.status).toBe(302);
    const after = state();
    expect(after.seq).toBe(before.seq + 1); // auth.login
    expect(after.sessions).toBe(before.sessions + 1);
    console.log(`[figure] cross-site writes: ${refused} forged POSTs refused with 403, 0 events and 0 session changes; same-origin POSTs answered 400/302`);
  });
});
