import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { Response } from "express";
import { env } from "~/env.server";
import { getDb } from "~/services/db.server";
import { startNotificationWorker } from "~/services/notifications/worker.server";
import { isSameOriginWrite } from "~/services/origin.server";
import { BASELINE_HEADERS, LOCKED_CSP, newNonce } from "~/services/security-headers.server";
import { bodyLimit, MAX_REQUEST_BYTES } from "./body-limit";
import { SERVER_BUILD } from "./build";
import { pageCache } from "./page-cache";

const CROSS_ORIGIN_PAGE = `<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>403</title>
<h1>请求被拒绝 · Request refused</h1>
<p>请求不是来自本站页面，已拒绝，未做任何更改。</p>
<p lang="en">The request did not come from this site's pages and was refused; nothing was changed.</p>
<p><a href="/">明账 Mingzhang</a></p></html>`;

/**
 * Serves the built app. Express gives the loaders the peer address (for the
 * per-address login limit) through the load context; it is proxy-aware only
 * when TRUST_PROXY is set, so a client cannot fake it with a header.
 */
export async function startServer(port: number): Promise<void> {
  const build = (await import(pathToFileURL(SERVER_BUILD).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY === "true" ? true : process.env.TRUST_PROXY);
  app.use((_req, res, next) => {
    withBaselineHeaders(res);
    next();
  });
  // Refuse forged cross-site writes before Remix (whose own check answers 500).
  app.use((req, res, next) => {
    const expected = process.env.APP_ORIGIN ?? `${req.protocol}://${req.get("host") ?? ""}`;
    if (!isSameOriginWrite(req.method, { origin: req.get("origin"), referer: req.get("referer") }, expected)) {
      res.status(403).type("html").send(CROSS_ORIGIN_PAGE);
      return;
    }
    // Remix compares Origin with X-Forwarded-Host or Host, which a proxy may not pass on: this write's Origin
    // is APP_ORIGIN (just checked, scheme included), so name its host for Remix rather than fail with a 500.
    if (process.env.APP_ORIGIN && req.method !== "GET" && req.method !== "HEAD") req.headers["x-forwarded-host"] = new URL(process.env.APP_ORIGIN).host;
    next();
  });
  // Before anything reads a body: Remix's formData() would buffer whatever size is sent.
  app.use(bodyLimit(MAX_REQUEST_BYTES));
  app.use("/assets", express.static(path.resolve("build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve("build/client"), { maxAge: "1h" }));
  // Made here rather than in entry.server so the page cache can hand a cached page a fresh one.
  app.use((_req, res, next) => {
    res.locals.cspNonce = newNonce();
    next();
  });
  app.use(pageCache(getDb()));
  app.all("*", createRequestHandler({
    build,
    getLoadContext: (req, res) => ({ clientAddress: req.ip ?? "unknown", cspNonce: res.locals.cspNonce as string }),
  }));
  // Delivers queued group-robot messages while serving (not under vitest; NOTIFY_WORKER=off disables it).
  const stopWorker = env().NOTIFY_WORKER !== "off" && !process.env.VITEST ? startNotificationWorker(getDb()) : () => {};
  await new Promise<void>((resolve) => {
    const server = app.listen(port, () => resolve());
    const stop = () => {
      stopWorker();
      server.close(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  console.log(`Mingzhang is serving on http://localhost:${port}`);
}

/**
 * Every response (static files, resource routes, the refusal page) gets the
 * baseline headers, and HTML that did not come from entry.server gets a
 * policy under which nothing runs. They are filled in as the head is
 * written, and only where missing: Remix *appends* its response's headers,
 * so setting them up front would send each page's headers twice.
 */
function withBaselineHeaders(res: Response): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    for (const [name, value] of Object.entries(BASELINE_HEADERS)) if (!res.hasHeader(name)) res.setHeader(name, value);
    // A 304 keeps the policy the browser stored with the page (its nonce is in that body).
    const html = /^text\/html/i.test(String(res.getHeader("content-type") ?? ""));
    const status = typeof args[0] === "number" ? args[0] : res.statusCode;
    if (html && status !== 304 && !res.hasHeader("content-security-policy")) res.setHeader("Content-Security-Policy", LOCKED_CSP);
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response["writeHead"];
}
