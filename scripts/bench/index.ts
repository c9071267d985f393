/**
 * `npm run bench -- [--size small|full] [--units N --years Y] [--runs K] [--json FILE]`
 *
 * Builds (or reuses) the large community through the services
 * (scripts/bench/build.ts), then measures every figure of issue 8 beside its
 * reference in one run, prints one table and writes it as JSON (by default
 * .bench/results-<key>.json). Exit 0 when the run completed, whatever the
 * figures: targets are reported, never enforced here (shared, noisy
 * machines); exit 1 when a measurement failed, 2 on bad usage.
 */
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchKey, buildOrReuse } from "./build";
import { runMeasurements } from "./measure/index";
import type { Figure } from "./measure/types";

const SIZES = {
  small: { units: 200, years: 2, runs: 3, toolTimeLimitMs: 60_000 },
  full: { units: 5_000, years: 10, runs: 5, toolTimeLimitMs: 120_000 },
} as const;

const USAGE = "usage: npm run bench -- [--size small|full] [--units N] [--years Y] [--seed S] [--runs K] [--json FILE] [--dir DIR]";

function positiveInt(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`bench: --${name} must be a positive integer, not ${text}\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      size: { type: "string", default: "full" }, units: { type: "string" }, years: { type: "string" }, seed: { type: "string" },
      runs: { type: "string" }, json: { type: "string" }, dir: { type: "string", default: ".bench" },
    },
  }));
} catch (error) {
  console.error(`bench: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.size !== "small" && values.size !== "full") {
  console.error(`bench: --size must be small or full\n${USAGE}`);
  process.exit(2);
}
const size = SIZES[values.size];
const params = {
  units: positiveInt(values.units, "units", size.units),
  years: positiveInt(values.years, "years", size.years),
  seed: positiveInt(values.seed, "seed", 2026),
};
const runs = positiveInt(values.runs, "runs", size.runs);
const dir = path.resolve(values.dir!);
const jsonPath = values.json ? path.resolve(values.json) : path.join(dir, `results-${benchKey(params)}.json`);

const startedMs = performance.now();
const built = await buildOrReuse(params, dir);
const build: Figure = {
  key: "build", label: `build ${params.units} units × ${params.years} years through the services${built.cached ? " (cached build)" : ""}`,
  unit: "postings/s", median: Math.round(built.stats.postings / built.stats.seconds), min: NaN, max: NaN, runs: 1,
  extra: { seconds: Math.round(built.stats.seconds * 10) / 10, postings: built.stats.postings, entries: built.stats.entries, events: built.stats.events, payments: built.stats.payments, proposals: built.stats.proposals, cached: String(built.cached) },
};
try {
  await runMeasurements({
    dbPath: built.dbPath, oneYearDbPath: built.oneYearDbPath, quarter: built.quarter, oneYearQuarter: built.oneYearQuarter,
    runs, workDir: path.join(dir, "work"), toolTimeLimitMs: size.toolTimeLimitMs, log: (line) => console.log(line),
  }, { build, params, jsonPath, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "", totalMemMB: Math.round(os.totalmem() / 2 ** 20), node: process.version } });
} catch (error) {
  console.error(`bench: ${(error as Error).stack ?? error}`);
  process.exit(1);
}
console.log(`bench finished in ${Math.round((performance.now() - startedMs) / 1000)} s; results in ${jsonPath}`);
