/**
 * Builds (or reuses) the benchmark's large community: `.bench/<key>.sqlite`
 * and, beside it, the same community after its first year
 * (`<key>.1y.sqlite`) and what the build measured (`<key>.build.json`).
 * The key holds the parameters and the migrations, so a cached database is
 * reused only for the same size and the same schema. A build is written to
 * a temporary file and renamed when complete: an interrupted build is never
 * reused. Also a CLI: `npx tsx scripts/bench/build.ts --units 300 --years 2 [--out FILE]`.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { migrationsFolder, openDatabase } from "~db/connection";
import { buildBenchCommunity, type BenchParams } from "~/services/bench/community.server";
import { progressBar } from "../lib/progress";
import { round } from "./measure/timing";

export interface BuiltCommunity {
  dbPath: string;
  oneYearDbPath: string;
  oneYearQuarter: string;
  quarter: string;
  cached: boolean;
  stats: { seconds: number; postings: number; events: number; entries: number; payments: number; units: number; months: number; published: number; proposals: number };
}

/** The migrations a database was made with, by name: a new migration means a new database. */
function schemaKey(): string {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  return crypto.createHash("sha256").update(journal.entries.map((e) => e.tag).join("\n")).digest("hex").slice(0, 8);
}

export function benchKey(params: BenchParams): string {
  return `u${params.units}-y${params.years}-s${params.seed}-${schemaKey()}`;
}

function count(dbPath: string, table: string): number {
  const db = openDatabase(dbPath, { migrate: false });
  try {
    return (db.$client.prepare(`SELECT coalesce(max(${table === "audit_events" ? "seq" : "id"}), 0) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.$client.close();
  }
}

export async function buildOrReuse(params: BenchParams, dir: string, log: (line: string) => void = console.log): Promise<BuiltCommunity> {
  fs.mkdirSync(dir, { recursive: true });
  const key = benchKey(params);
  const dbPath = path.join(dir, `${key}.sqlite`);
  const oneYearDbPath = path.join(dir, `${key}.1y.sqlite`);
  const statsPath = path.join(dir, `${key}.build.json`);
  if (fs.existsSync(dbPath) && fs.existsSync(statsPath) && fs.existsSync(oneYearDbPath)) {
    const saved = JSON.parse(fs.readFileSync(statsPath, "utf8")) as Omit<BuiltCommunity, "cached">;
    log(`reusing ${dbPath} (built in ${round(saved.stats.seconds, 1)} s)`);
    return { ...saved, cached: true };
  }
  const tmpPath = `${dbPath}.building`;
  for (const file of [tmpPath, `${tmpPath}-wal`, `${tmpPath}-shm`, oneYearDbPath]) fs.rmSync(file, { force: true });
  // Attachments (quotes, acceptance photos) go beside the database, as in an installation.
  process.env.DATABASE_PATH = tmpPath;
  log(`building ${params.units} units × ${params.years} years into ${dbPath}`);
  const db = openDatabase(tmpPath);
  const bar = progressBar("build");
  const startedMs = performance.now();
  let lastLoggedTenth = -1;
  let oneYearQuarter = "";
  const stats = await buildBenchCommunity(db, params, {
    onProgress: (p) => {
      bar.update(p.monthsDone, p.months);
      const tenth = Math.floor((p.monthsDone / p.months) * 10);
      if (!process.stderr.isTTY && tenth !== lastLoggedTenth) {
        lastLoggedTenth = tenth;
        log(`  ${p.month}: ${p.monthsDone}/${p.months} months, ${p.postings} postings, ${Math.round((performance.now() - startedMs) / 1000)} s`);
      }
    },
    afterFirstYear: (quarter) => {
      oneYearQuarter = quarter;
      db.$client.prepare("VACUUM INTO ?").run(oneYearDbPath);
    },
  });
  const seconds = (performance.now() - startedMs) / 1000;
  bar.finish();
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  fs.renameSync(tmpPath, dbPath);
  for (const file of [`${tmpPath}-wal`, `${tmpPath}-shm`]) fs.rmSync(file, { force: true });
  const lastMonth = "2026-09";
  const built: Omit<BuiltCommunity, "cached"> = {
    dbPath, oneYearDbPath, oneYearQuarter, quarter: `${lastMonth.slice(0, 4)}Q${Math.ceil(Number(lastMonth.slice(5)) / 3)}`,
    stats: { ...stats, seconds, events: count(dbPath, "audit_events"), entries: count(dbPath, "journal_entries") },
  };
  fs.writeFileSync(statsPath, `${JSON.stringify(built, null, 2)}\n`);
  log(`built in ${round(seconds, 1)} s: ${stats.postings} postings (${Math.round(stats.postings / seconds)}/s), ${built.stats.entries} entries, ${built.stats.events} events`);
  return { ...built, cached: false };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { units: { type: "string", default: "300" }, years: { type: "string", default: "2" }, seed: { type: "string", default: "2026" }, dir: { type: "string", default: ".bench" } } });
  const built = await buildOrReuse({ units: Number(values.units), years: Number(values.years), seed: Number(values.seed) }, values.dir!);
  console.log(JSON.stringify(built, null, 2));
}
