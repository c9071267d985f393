import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { envWithoutVitest } from "./processes";

export const SERVER_BUILD = path.resolve("build/server/index.js");

function newestMtimeMs(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((max, name) => Math.max(max, newestMtimeMs(path.join(entry, name))), stat.mtimeMs);
}

/**
 * Held while a build runs: vite empties build/ first, so a second build, or a
 * server starting meanwhile (a test run beside `npm run demo`), would find no
 * server bundle. A lock older than any build is left by a killed one.
 */
export const BUILD_LOCK = path.resolve("build.lock");
const STALE_LOCK_MS = 10 * 60_000;

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Waits while another process builds. */
export function waitForBuild(): void {
  while (fs.existsSync(BUILD_LOCK)) {
    if (Date.now() - fs.statSync(BUILD_LOCK).mtimeMs > STALE_LOCK_MS) fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
    else sleepMs(200);
  }
}

function isStale(): boolean {
  const sources = ["app", "public", "vite.config.ts", "package.json"].filter((p) => fs.existsSync(p));
  return !fs.existsSync(SERVER_BUILD) || Math.max(...sources.map(newestMtimeMs)) > fs.statSync(SERVER_BUILD).mtimeMs;
}

/** Builds the app when there is no build or the sources changed since the last one. */
export function ensureBuild(): void {
  for (;;) {
    waitForBuild();
    if (!isStale()) return;
    try {
      fs.mkdirSync(BUILD_LOCK);
      break;
    } catch {
      // Another process took the lock first: wait for its build, then judge again.
    }
  }
  try {
    if (!isStale()) return;
    console.log("Building the app (remix vite:build)…");
    // Under vitest (whose set-up builds for the HTTP tests) the config would leave the Remix plugin out.
    execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { stdio: "inherit", env: envWithoutVitest() });
  } finally {
    fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}
