/**
 * `npm test`: the vitest suites (domain units, services and routes) and the
 * browser suite (Playwright driving Debian's Chromium), then one closing line
 * "N passed, N failed" that any CI can read. Exits non-zero if anything failed.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mingzhang-results-"));
const bin = (name: string) => path.resolve("node_modules/.bin", name);

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

const vitestJson = path.join(dir, "vitest.json");
const vitestStatus = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);

const playwrightJson = path.join(dir, "playwright.json");
const playwrightStatus = run(bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });

function read<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

const vitest = read<{ numPassedTests: number; numFailedTests: number; numPendingTests: number }>(vitestJson);
const playwright = read<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(playwrightJson);

// A suite that crashed before reporting counts as one failure, so it can never pass silently.
const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats.expected ?? 0);
const failed =
  (vitest ? vitest.numFailedTests : 1) + (playwright ? playwright.stats.unexpected + playwright.stats.flaky : 1) +
  (vitestStatus !== 0 && vitest?.numFailedTests === 0 ? 1 : 0) + (playwrightStatus !== 0 && playwright?.stats.unexpected === 0 ? 1 : 0);
const skipped = (vitest?.numPendingTests ?? 0) + (playwright?.stats.skipped ?? 0);

console.log(`\nvitest: ${vitest ? `${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed` : "did not report"}; ` +
  `browser: ${playwright ? `${playwright.stats.expected} passed, ${playwright.stats.unexpected + playwright.stats.flaky} failed` : "did not report"}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(failed > 0 || vitestStatus !== 0 || playwrightStatus !== 0 ? 1 : 0);
