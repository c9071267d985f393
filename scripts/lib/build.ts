import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const SERVER_BUILD = path.resolve("build/server/index.js");

function newestMtimeMs(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((max, name) => Math.max(max, newestMtimeMs(path.join(entry, name))), stat.mtimeMs);
}

/** Builds the app when there is no build or the sources changed since the last one. */
export function ensureBuild(): void {
  const sources = ["app", "public", "vite.config.ts", "package.json"].filter((p) => fs.existsSync(p));
  const stale = !fs.existsSync(SERVER_BUILD) || Math.max(...sources.map(newestMtimeMs)) > fs.statSync(SERVER_BUILD).mtimeMs;
  if (!stale) return;
  console.log("Building the app (remix vite:build)…");
  // Under vitest (whose set-up builds for the HTTP tests) the config would leave the Remix plugin out.
  const buildEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST"))) as NodeJS.ProcessEnv;
  execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { stdio: "inherit", env: buildEnv });
}
