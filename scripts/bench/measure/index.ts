/**
 * Every measurement of issue 8 in one run, each beside its reference, then
 * the ratios against the targets, one table on stdout and the JSON.
 * A measurement that fails is logged and the others still run; the report
 * is written, then the run fails naming what failed.
 */
import fs from "node:fs";
import { gitCommit, machineNow, printReport, writeReport, type BenchResults, type Machine } from "../report";
import { measureAudit } from "./audit";
import { measureHttp } from "./http";
import { measureLedgerPage } from "./ledger-page";
import { measureStartup } from "./startup";
import { measureStatement } from "./statement";
import { measureTools } from "./tools";
import type { BenchContext, Figure, Ratio } from "./types";
import { round } from "./timing";

type Measure = (ctx: BenchContext) => Promise<{ figures: Figure[]; ratios: Ratio[] }>;

export interface RunExtra {
  build?: Figure;
  params?: Record<string, unknown> & { units?: number; years?: number };
  jsonPath?: string;
  machine?: Machine;
}

function ratio(key: string, label: string, value: number, op: "<=" | ">=", bound: number, note?: string): Ratio {
  const met = Number.isFinite(value) && (op === "<=" ? value <= bound : value >= bound);
  return { key, label, value, bound, op, met, ...(note ? { note } : {}) };
}

/**
 * The targets from the figures, for any the measuring module did not
 * state itself (a module's own ratio wins: it knows its figures best).
 */
function targetRatios(figures: readonly Figure[]): Ratio[] {
  const fig = (key: string) => figures.find((f) => f.key === key);
  const out: Ratio[] = [];
  const statement = fig("statement");
  const groupBy = fig("statement.sql_groupby");
  const oneYear = fig("statement.one_year");
  const ledgerCli = fig("tool.ledger_cli");
  if (statement && groupBy) out.push(ratio("statement/sql_groupby", "statement / raw SQL GROUP BY", statement.median / groupBy.median, "<=", 1.5));
  if (statement && oneYear) out.push(ratio("statement/one_year", "statement, ten years / one year of history", statement.median / oneYear.median, "<=", 1.2));
  if (statement && ledgerCli) {
    const full = ledgerCli.extra?.years === "all";
    out.push(ratio("statement.vs_ledger_cli", "ledger-cli / statement (times faster)", ledgerCli.median / statement.median, ">=", 1000,
      full ? undefined : `ledger-cli completed only the last ${ledgerCli.extra?.years} years within its limit: the ratio understates`));
  }
  const verify = fig("audit.verify");
  const minLoop = fig("audit.min_loop");
  if (verify && minLoop) out.push(ratio("audit.verify_vs_loop", "audit:verify / minimal canonicalise+hash loop", verify.median / minLoop.median, "<=", 1.3));
  const exportFig = fig("audit.export");
  if (exportFig) {
    out.push(ratio("audit.export_rate", "audit export events/s", exportFig.median, ">=", 200_000));
    const rss = fig("audit.export_rss")?.median ?? Number(exportFig.extra?.peakRssMb);
    if (Number.isFinite(rss)) out.push(ratio("audit.export_rss", "audit export peak RSS (MB)", rss, "<=", 150));
  }
  const http = fig("http.statement");
  const trivial = fig("http.trivial");
  if (http && trivial) out.push(ratio("http", "statement page req/s / trivial route req/s", http.median / trivial.median, ">=", 0.5));
  const startup = fig("startup.first_page");
  if (startup) out.push(ratio("startup", "npm start to first page (s)", startup.median, "<=", 3));
  const build = fig("build");
  if (build) out.push(ratio("build", "build through the services (postings/s)", build.median, ">=", 50_000));
  return out;
}

export async function runMeasurements(ctx: BenchContext, extra: RunExtra = {}): Promise<BenchResults> {
  fs.mkdirSync(ctx.workDir, { recursive: true });
  const httpDurationS = (extra.params?.units ?? 0) >= 1000 ? 10 : 3;
  const measures: [string, Measure][] = [
    ["statement", measureStatement],
    ["audit", measureAudit],
    ["ledger page", measureLedgerPage],
    ["ledger-cli and hledger", measureTools],
    ["http", (c) => measureHttp(c, httpDurationS)],
    ["startup", measureStartup],
  ];
  const figures: Figure[] = extra.build ? [extra.build] : [];
  const ratios: Ratio[] = [];
  const failed: string[] = [];
  for (const [name, measure] of measures) {
    ctx.log(`— ${name}`);
    const startMs = performance.now();
    try {
      const result = await measure(ctx);
      figures.push(...result.figures);
      ratios.push(...result.ratios);
    } catch (error) {
      ctx.log(`${name} FAILED: ${(error as Error).stack ?? String(error)}`);
      failed.push(name);
    }
    ctx.log(`  (${round((performance.now() - startMs) / 1000, 1)} s)`);
  }
  const stated = new Set(ratios.map((r) => r.key));
  ratios.push(...targetRatios(figures).filter((r) => !stated.has(r.key)));
  const results: BenchResults = {
    date: new Date().toISOString(), commit: gitCommit(), machine: extra.machine ?? machineNow(), params: extra.params ?? {}, figures, ratios,
  };
  printReport(results, ctx.log);
  if (extra.jsonPath) {
    writeReport(results, extra.jsonPath);
    ctx.log(`wrote ${extra.jsonPath}`);
  }
  if (failed.length > 0) throw new Error(`measurements failed: ${failed.join(", ")} (the report above has the rest)`);
  return results;
}
