import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { env } from "~/env.server";
import { getDb } from "~/services/db.server";
import { startNotificationWorker } from "~/services/notifications/worker.server";
import { isSameOriginWrite } from "~/services/origin.server";
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
  // Refuse forged cross-site writes before Remix (whose own check answers 500).
  app.use((req, res, next) => {
    const expected = process.env.APP_ORIGIN ?? `${req.protocol}://${req.get("host") ?? ""}`;
    if (isSameOriginWrite(req.method, { origin: req.get("origin"), referer: req.get("referer") }, expected)) return next();
    res.status(403).type("html").send(CROSS_ORIGIN_PAGE);
  });
  app.use("/assets", express.static(path.resolve("build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve("build/client"), { maxAge: "1h" }));
  app.use(pageCache(getDb()));
  app.all("*", createRequestHandler({ build, getLoadContext: (req) => ({ clientAddress: req.ip ?? "unknown" }) }));
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
