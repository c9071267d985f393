/**
 * The statement page over HTTP against a trivial route of the same server:
 * the built app served as `npm start` serves it (scripts/lib/server.ts), in
 * its own process, loaded with autocannon (its own process too) at 32
 * connections on loopback. Figures in req/s with p50/p99 latency.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { BENCH_PASSWORD } from "~/services/bench/community.server";
import path from "node:path";
import Database from "better-sqlite3";
import { ensureBuild } from "../../lib/build";
import { freePort } from "../../lib/processes";
import type { BenchContext, Figure, Ratio } from "./types";
import { round } from "./timing";

const CONNECTIONS = 32;

/** Polls `url` until it answers 200 (or the process dies, or `limitMs` passes); resolves with the elapsed ms. */
export async function waitFor200(url: string, child: ChildProcess, limitMs: number, startMs = performance.now()): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering ${url}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - startMs;
    } catch {
      // not listening yet
    }
    if (performance.now() - startMs > limitMs) throw new Error(`${url} did not answer 200 within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => { clearTimeout(force); resolve(); });
    child.kill("SIGTERM");
  });
}

interface Cannon { requests: { average: number; min: number; max: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number }

function autocannon(url: string, durationS: number, cookie?: string): Promise<Cannon> {
  return new Promise((resolve, reject) => {
    const headers = cookie ? ["-H", `Cookie=${cookie}`] : [];
    const child = spawn(process.execPath, [path.resolve("node_modules/autocannon/autocannon.js"), "-c", String(CONNECTIONS), "-d", String(durationS), ...headers, "--json", url], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => { out += chunk; });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}`));
      try {
        resolve(JSON.parse(out) as Cannon);
      } catch (error) {
        reject(new Error(`autocannon output unreadable: ${(error as Error).message}`));
      }
    });
  });
}

/**
 * The latest published quarterly statement before `quarter` (the bench's quarter is the one
 * being drafted), latest revision: the page the notice on the board links to.
 */
export function publishedIdOf(dbPath: string, quarter: string): { id: number; period: string } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db.prepare(`SELECT id, period FROM published_statements WHERE period_kind = 'quarter' AND period < ?
      ORDER BY period DESC, revision DESC LIMIT 1`).get(quarter) as { id: number; period: string } | undefined;
    if (!row) throw new Error(`no published statement before ${quarter} in ${dbPath}`);
    return row;
  } finally {
    db.close();
  }
}

/** Signs in through the login form as a browser would; returns the session cookie. */
async function signIn(base: string, login: string, password: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST", redirect: "manual", headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ login, password, redirectTo: "/" }),
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.includes("mz_session="));
  if (!cookie) throw new Error(`signing in as ${login} failed: ${response.status}`);
  return cookie;
}

/** Starts the app on `dbPath` in a child process; resolves once /healthz answers. */
export async function startAppServer(dbPath: string, log: (line: string) => void): Promise<{ child: ChildProcess; base: string }> {
  ensureBuild();
  const port = await freePort();
  const child = spawn(path.resolve("node_modules/.bin/tsx"), [path.resolve("scripts/lib/serve-built.ts")], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NODE_ENV: "production", DATABASE_PATH: dbPath, PORT: String(port), NOTIFY_WORKER: "off" },
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => log(`server: ${chunk.trimEnd()}`));
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}/healthz`, child, 60_000);
  return { child, base };
}

function figureOf(key: string, label: string, result: Cannon, durationS: number): Figure {
  return {
    key, label, unit: "req/s", median: result.requests.average, min: result.requests.min, max: result.requests.max, runs: 1,
    extra: { p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: result.requests.total, durationS, connections: CONNECTIONS, non2xx: result.non2xx, errors: result.errors + result.timeouts },
  };
}

export async function measureHttp(ctx: BenchContext, durationS: number): Promise<{ figures: Figure[]; ratios: Ratio[] }> {
  const { id: publishedId, period } = publishedIdOf(ctx.dbPath, ctx.quarter);
  const { child, base } = await startAppServer(ctx.dbPath, ctx.log);
  try {
    const statementUrl = `${base}/statements/${publishedId}`;
    const page = await fetch(statementUrl);
    if (page.status !== 200) throw new Error(`${statementUrl} answered ${page.status}`);
    await page.arrayBuffer();
    // Warm both (JIT, caches), then measure each for the full duration.
    await autocannon(statementUrl, 1);
    await autocannon(`${base}/healthz`, 1);
    const statement = await autocannon(statementUrl, durationS);
    const trivial = await autocannon(`${base}/healthz`, durationS);
    // A signed-in reader's page is never served from the page cache: every request runs the loaders and renders.
    const cookie = await signIn(base, "auditor", BENCH_PASSWORD);
    await autocannon(statementUrl, 1, cookie);
    const signedIn = await autocannon(statementUrl, durationS, cookie);
    for (const [name, r] of [["statement", statement], ["healthz", trivial], ["statement signed in", signedIn]] as const) {
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx answers, ${r.errors} errors under load`);
    }
    ctx.log(`http: statement ${round(statement.requests.average, 0)} req/s (p99 ${statement.latency.p99} ms), /healthz ${round(trivial.requests.average, 0)} req/s`);
    const value = statement.requests.average / trivial.requests.average;
    return {
      figures: [
        figureOf("http.statement", `GET /statements/${publishedId} (${period}, anonymous), ${CONNECTIONS} connections`, statement, durationS),
        figureOf("http.trivial", `GET /healthz (constant), ${CONNECTIONS} connections`, trivial, durationS),
        figureOf("http.statement_signed_in", `GET /statements/${publishedId} (${period}, signed in: rendered every time), ${CONNECTIONS} connections`, signedIn, durationS),
      ],
      ratios: [
        { key: "http", label: "statement page req/s / trivial route req/s (anonymous: page cache)", value, bound: 0.5, op: ">=", met: value >= 0.5 },
        {
          key: "http.signed_in", label: "statement page req/s / trivial route req/s (signed in: no page cache)", value: signedIn.requests.average / trivial.requests.average,
          bound: 0.5, op: ">=", met: signedIn.requests.average / trivial.requests.average >= 0.5, note: "not cached: loaders and React render on every request",
        },
      ],
    };
  } finally {
    await stopChild(child);
  }
}
