/**
 * The audit chain at size (issue 8): the JSON Lines export and `audit:verify`,
 * each run as its own process the way an auditor runs them, and the reference
 * for verification — a minimal loop that reads the same audit rows with one
 * prepared statement, canonicalises each event with the same library
 * (canonicalize 4) and hashes it (SHA-256), in this process.
 *
 * The children are started as `node --import tsx <script>` (what `npm run`
 * starts, without npm's own start-up) with a reporter of their peak RSS. Their
 * times are wall-clock from spawn to exit, start-up included; the start-up
 * alone (the same script doing nothing: an empty export, a verify of a missing
 * file) is measured beside them and given in `extra`, never subtracted.
 * Runs alternate export, verify and loop, so machine noise hits all three alike.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import canonicalize from "canonicalize";
import { round, summarise } from "./timing";
import type { BenchContext, Figure, Ratio } from "./types";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const REPORTER = path.join(ROOT, "scripts/bench/measure/rss-reporter.ts");

interface ChildRun { ms: number; rssMB: number; stdout: string; stderr: string; code: number | null }

/** Runs `node --import tsx <script> ...args` in the repository, timing it and reading its peak RSS. */
function runScript(ctx: BenchContext, script: string, args: string[], env: Record<string, string>): Promise<ChildRun> {
  const rssFile = path.join(ctx.workDir, `rss-${process.pid}-${Date.now()}.txt`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", "--import", REPORTER, script, ...args], {
      cwd: ROOT, env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile }, stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      const rssKB = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, "utf8")) : Number.NaN;
      fs.rmSync(rssFile, { force: true });
      resolve({ ms, rssMB: rssKB / 1024, stdout, stderr, code });
    });
  });
}

function expectExit(run: ChildRun, code: number, what: string): ChildRun {
  if (run.code !== code) throw new Error(`${what} exited ${run.code} (expected ${code}): ${(run.stderr || run.stdout).slice(0, 500)}`);
  return run;
}

/**
 * The reference: every event read with one prepared statement, its `data`
 * parsed, the seven fields canonicalised by the library and hashed. Returns
 * milliseconds; throws if a hash differs (the database would not be intact).
 */
export function minimalLoopMs(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    const started = performance.now();
    const statement = db.prepare("SELECT seq, at, actor, action, subject, data, prev, hash FROM audit_events ORDER BY seq");
    for (const row of statement.iterate() as Iterable<{ seq: number; at: string; actor: string; action: string; subject: string; data: string; prev: string; hash: string }>) {
      const text = canonicalize({ seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, data: JSON.parse(row.data) as unknown, prev: row.prev });
      if (createHash("sha256").update(text!, "utf8").digest("hex") !== row.hash) throw new Error(`minimal loop: hash of seq ${row.seq} differs`);
    }
    return performance.now() - started;
  } finally {
    db.close();
  }
}

function eventCount(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM audit_events").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function figure(key: string, label: string, unit: Figure["unit"], samples: number[], extra?: Figure["extra"]): Figure {
  const t = summarise(samples);
  return { key, label, unit, median: round(t.median), min: round(t.min), max: round(t.max), runs: t.runs, ...(extra ? { extra } : {}) };
}

function ratio(key: string, label: string, value: number, op: Ratio["op"], bound: number, note?: string): Ratio {
  const met = Number.isFinite(value) && (op === "<=" ? value <= bound : value >= bound);
  return { key, label, value: round(value, 3), bound, op, met, ...(note ? { note } : {}) };
}

export async function measureAudit(ctx: BenchContext): Promise<{ figures: Figure[]; ratios: Ratio[] }> {
  fs.mkdirSync(ctx.workDir, { recursive: true });
  const env = { DATABASE_PATH: ctx.dbPath };
  const out = path.join(ctx.workDir, "audit-export.jsonl");
  const events = eventCount(ctx.dbPath);
  const exportOnce = async () => expectExit(await runScript(ctx, "scripts/export.ts", ["audit", "--format", "jsonl", "--out", out], env), 0, "export");
  const verifyOnce = async () => {
    const run = expectExit(await runScript(ctx, "scripts/audit-verify.ts", ["--json"], env), 0, "audit:verify");
    const result = JSON.parse(run.stdout) as { ok: boolean; eventCount: number };
    if (!result.ok || result.eventCount !== events) throw new Error(`audit:verify: ${run.stdout.slice(0, 300)}`);
    return run;
  };
  // Start-up alone: an export of a day without events, a verify of a file that is not there (exit 2 before reading).
  const emptyExport = async () => expectExit(await runScript(ctx, "scripts/export.ts", ["audit", "--format", "jsonl", "--out", `${out}.empty`, "--from", "2000-01-01", "--to", "2000-01-01"], env), 0, "empty export");
  const verifyNothing = async () => expectExit(await runScript(ctx, "scripts/audit-verify.ts", ["--file", path.join(ctx.workDir, "no-such-file.jsonl")], env), 2, "verify start-up");

  // Three runs at most: at full size one verify and one loop take about half a minute each.
  const runs = Math.min(ctx.runs, 3);
  ctx.log(`audit: ${events} events; warm-up (an export reads every event into the OS file cache)`);
  await exportOnce();
  const exportRuns: ChildRun[] = [];
  const verifyRuns: ChildRun[] = [];
  const loopMs: number[] = [];
  const exportStartMs: number[] = [];
  const verifyStartMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    exportRuns.push(await exportOnce());
    verifyRuns.push(await verifyOnce());
    loopMs.push(minimalLoopMs(ctx.dbPath));
    exportStartMs.push((await emptyExport()).ms);
    verifyStartMs.push((await verifyNothing()).ms);
    ctx.log(`audit: run ${i + 1}/${runs}: export ${Math.round(exportRuns.at(-1)!.ms)} ms, verify ${Math.round(verifyRuns.at(-1)!.ms)} ms, loop ${Math.round(loopMs.at(-1)!)} ms`);
  }
  const exportBytes = fs.statSync(out).size;
  fs.rmSync(out, { force: true });
  fs.rmSync(`${out}.empty`, { force: true });

  const rss = exportRuns.map((r) => r.rssMB);
  const exportStartup = summarise(exportStartMs).median;
  const verifyStartup = summarise(verifyStartMs).median;
  const exportFigure = figure("audit.export", "audit export to JSON Lines, own process (events/s)", "events/s", exportRuns.map((r) => events / (r.ms / 1000)), {
    events, fileMB: round(exportBytes / 2 ** 20, 1), peakRssMB: round(Math.max(...rss), 1), peakRssMb: round(Math.max(...rss), 1),
    includes: "whole child process: node + tsx start-up, db open, export, file close", startupMs: Math.round(exportStartup),
    medianMs: Math.round(summarise(exportRuns.map((r) => r.ms)).median),
  });
  const figures: Figure[] = [
    exportFigure,
    figure("audit.export_rss", "audit export peak RSS (MB)", "MB", rss),
    figure("audit.verify", "audit:verify, chain + every history row, own process (ms)", "ms", verifyRuns.map((r) => r.ms), {
      events, includes: "whole child process: node + tsx start-up, db open, verification", startupMs: Math.round(verifyStartup),
      peakRssMB: round(Math.max(...verifyRuns.map((r) => r.rssMB)), 1),
    }),
    figure("audit.min_loop", "minimal loop: read + canonicalize 4 + sha256, in process (ms)", "ms", loopMs, { events }),
  ];
  const verifyMs = summarise(verifyRuns.map((r) => r.ms)).median;
  const loop = summarise(loopMs).median;
  const ratios: Ratio[] = [
    ratio("audit.verify_vs_loop", "audit:verify / minimal canonicalise+hash loop", verifyMs / loop, "<=", 1.3,
      `verify includes its process start-up (${Math.round(verifyStartup)} ms); the loop runs in the bench process`),
    ratio("audit.export_rate", "audit export events/s", exportFigure.median, ">=", 200_000,
      `includes the process start-up (${Math.round(exportStartup)} ms of ${exportFigure.extra?.medianMs} ms)`),
    ratio("audit.export_rss", "audit export peak RSS (MB)", Math.max(...rss), "<=", 150),
  ];
  return { figures, ratios };
}
