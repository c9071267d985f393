import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { http as mswHttp, passthrough } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCommunity } from "~/services/community.server";
import { newNonce } from "~/services/security-headers.server";
import { pageCache } from "../../scripts/lib/page-cache";
import { server as msw } from "../mocks";
import { freshDb } from "../support/builders";

/**
 * The anonymous page cache in front of Remix (scripts/lib/page-cache.ts),
 * with a stand-in handler that counts how often the page was really made.
 */
const { db } = freshDb();
let server: Server;
let base = "";
let renders = 0;
let status = 200;

beforeAll(async () => {
  const app = express();
  app.use(pageCache(db));
  // A page with a CSP nonce, as entry.server renders one: in the policy and on each script.
  app.get("/statements/:id/print", (_req, res) => {
    renders += 1;
    const nonce = newNonce();
    res.setHeader("content-security-policy", `default-src 'self'; script-src 'nonce-${nonce}' 'strict-dynamic'`);
    res.type("html");
    // The attribute split across two writes, as a streamed render may do.
    res.write(`<p>print</p><script nonce="${nonce.slice(0, 5)}`);
    res.end(`${nonce.slice(5)}">1</script><script async="" nonce="${nonce}">2</script>`);
  });
  app.get("*", (req, res) => {
    renders += 1;
    res.status(status).setHeader("etag", `"page-${renders}"`);
    res.type("html");
    // Written in two parts, as a streamed render is.
    res.write(`<p>${req.path} render ${renders}</p>`);
    res.end(`<p>lang ${req.get("accept-language") ?? ""}</p>`);
  });
  server = app.listen(0);
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

// The loopback server is real: msw lets its requests through (reset after each test, so set again).
beforeEach(() => msw.use(mswHttp.all(`${base}/*`, () => passthrough())));

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, { headers });
  return {
    status: response.status, body: await response.text(), cache: response.headers.get("x-page-cache"), etag: response.headers.get("etag"),
    csp: response.headers.get("content-security-policy"),
  };
}

describe("page cache for anonymous statement pages", () => {
  it("serves the same page again without making it, until the chain moves", async () => {
    const first = await get("/statements/7");
    const again = await get("/statements/7");
    expect(first.cache).toBeNull();
    expect(again).toEqual({ ...first, cache: "hit" });
    const before = renders;

    // Any state change appends an event: the cached page is stale from then on.
    createCommunity(db, { name: "测试小区", address: "测试路 1 号", billingPeriod: "quarterly", postingMinDays: 15 }, "system");
    const after = await get("/statements/7");
    expect(after.cache).toBeNull();
    expect(renders).toBe(before + 1);
    expect(after.body).not.toBe(first.body);
  });

  it("answers 304 from the cache when the reader already has the page", async () => {
    const page = await get("/statements/8");
    await get("/statements/8");
    const conditional = await get("/statements/8", { "if-none-match": page.etag! });
    expect(conditional.status).toBe(304);
  });

  it("never caches a signed-in reader's page, nor other paths, nor errors", async () => {
    const signedIn = { cookie: "mz_lang=en; mz_session=abc" };
    await get("/statements/9", signedIn);
    expect((await get("/statements/9", signedIn)).cache).toBeNull();
    await get("/ledger");
    expect((await get("/ledger")).cache).toBeNull();
    status = 404;
    await get("/statements/10");
    status = 200;
    expect((await get("/statements/10")).cache).toBeNull();
  });

  it("keeps one page per language", async () => {
    const zh = await get("/statements", { "accept-language": "zh-CN" });
    const en = await get("/statements", { "accept-language": "en" });
    expect(en.body).not.toBe(zh.body);
    expect((await get("/statements", { "accept-language": "en" })).body).toBe(en.body);
    expect((await get("/statements", { cookie: "mz_lang=en" })).cache).toBeNull();
  });
});

describe("CSP nonce of a cached page", () => {
  const nonceIn = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1] ?? "";

  it("is replaced by a fresh one in the policy and on every script at each hit", async () => {
    const first = await get("/statements/11/print");
    const seen = [first];
    for (let i = 0; i < 3; i += 1) seen.push(await get("/statements/11/print"));
    expect(seen.map((page) => page.cache)).toEqual([null, "hit", "hit", "hit"]);
    const nonces = seen.map((page) => nonceIn(page.csp));
    expect(nonces.every((nonce) => /^[A-Za-z0-9+/]{22}==$/.test(nonce))).toBe(true);
    expect(new Set(nonces).size).toBe(seen.length);
    for (const [index, page] of seen.entries()) {
      expect(page.body).toBe(`<p>print</p><script nonce="${nonces[index]}">1</script><script async="" nonce="${nonces[index]}">2</script>`);
    }
    expect(seen.slice(1).some((page) => page.body.includes(nonces[0]!) || page.csp!.includes(nonces[0]!))).toBe(false);
  });
});
