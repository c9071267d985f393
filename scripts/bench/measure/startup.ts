/**
 * `npm start` on the existing large database, the build made: from spawning
 * scripts/start.ts (as `npm start` runs it, minus npm's own start-up) to the
 * first 200 of "/". start.ts refuses a demo database; the bench community is
 * not one. One warm-up start (the OS file cache), then ctx.runs starts.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureBuild } from "../../lib/build";
import { freePort } from "../../lib/processes";
import { stopChild, waitFor200 } from "./http";
import type { BenchContext, Figure, Ratio } from "./types";
import { round, summarise } from "./timing";

const BOUND_S = 3;

async function startOnce(ctx: BenchContext): Promise<number> {
  const port = await freePort();
  const startMs = performance.now();
  const child = spawn(path.resolve("node_modules/.bin/tsx"), [path.resolve("scripts/start.ts")], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NODE_ENV: "production", DATABASE_PATH: ctx.dbPath, PORT: String(port), NOTIFY_WORKER: "off" },
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => { stderr += chunk; });
  try {
    return await waitFor200(`http://127.0.0.1:${port}/`, child, 60_000, startMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}${stderr ? `\n${stderr.trim().slice(0, 1000)}` : ""}`);
  } finally {
    await stopChild(child);
  }
}

export async function measureStartup(ctx: BenchContext): Promise<{ figures: Figure[]; ratios: Ratio[] }> {
  ensureBuild(); // "with the build made": building is not part of starting
  await startOnce(ctx);
  const samples: number[] = [];
  for (let i = 0; i < ctx.runs; i += 1) samples.push((await startOnce(ctx)) / 1000);
  const timing = summarise(samples);
  ctx.log(`startup: first 200 of / after ${round(timing.median)} s`);
  return {
    figures: [{ key: "startup.first_page", label: "npm start → first 200 of /", unit: "s", ...timing }],
    ratios: [{ key: "startup", label: "npm start to first page (s)", value: timing.median, bound: BOUND_S, op: "<=", met: timing.median <= BOUND_S }],
  };
}
