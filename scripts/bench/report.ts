/**
 * The bench's one table (figure, median, min, max, reference, ratio,
 * target, met) on stdout, and the same as JSON with the machine, the
 * parameters, the git commit and the date.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Figure, Ratio } from "./measure/types";

export interface Machine { cpus: number; model: string; totalMemMB: number; node: string }

export interface BenchResults {
  date: string;
  commit: string;
  machine: Machine;
  params: Record<string, unknown>;
  figures: Figure[];
  ratios: Ratio[];
}

export function machineNow(): Machine {
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "", totalMemMB: Math.round(os.totalmem() / 2 ** 20), node: process.version };
}

export function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() !== "";
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return "unknown";
  }
}

function num(value: number, unit?: string): string {
  if (!Number.isFinite(value)) return "–";
  const digits = unit === "ms" || unit === "s" ? (Math.abs(value) < 10 ? 2 : 1) : 0;
  return value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function ratioText(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return Math.abs(value) >= 100 ? value.toLocaleString("en", { maximumFractionDigits: 0 }) : value.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });
}

/** Rows for the table: every figure, then every ratio with its target (a ratio is a row of its own). */
export function tableRows(results: Pick<BenchResults, "figures" | "ratios">): string[][] {
  const rows: string[][] = [["figure", "median", "min", "max", "unit", "runs", "note"]];
  for (const f of results.figures) {
    const note = f.extra ? Object.entries(f.extra).filter(([k]) => /p50|p99|years|postings|depth|peak|Rss|cold|offset|events/i.test(k)).map(([k, v]) => `${k}=${v}`).join(" ") : "";
    rows.push([`${f.key}: ${f.label}`, num(f.median, f.unit), num(f.min, f.unit), num(f.max, f.unit), f.unit, String(f.runs), note]);
  }
  return rows;
}

export function ratioRows(ratios: readonly Ratio[]): string[][] {
  const rows: string[][] = [["target", "ratio", "bound", "met", "note"]];
  for (const r of ratios) rows.push([`${r.key}: ${r.label}`, ratioText(r.value), `${r.op} ${ratioText(r.bound)}`, r.met ? "✓" : "✗", r.note ?? ""]);
  return rows;
}

function width(text: string): number {
  // CJK characters take two columns in a terminal.
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ""))));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 || i === r.length - 1 ? cell + " ".repeat(widths[i]! - width(cell)) : " ".repeat(widths[i]! - width(cell)) + cell)).join("  ").trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

export function printReport(results: BenchResults, log: (line: string) => void = console.log): void {
  log("");
  log(`Mingzhang bench · ${results.date} · ${results.commit.slice(0, 12)} · ${results.machine.cpus} × ${results.machine.model} · ${results.machine.totalMemMB} MB · Node ${results.machine.node}`);
  log(`params: ${JSON.stringify(results.params)}`);
  log("");
  log(formatTable(tableRows(results)));
  log("");
  log(formatTable(ratioRows(results.ratios)));
  const missed = results.ratios.filter((r) => !r.met);
  log("");
  log(missed.length === 0 ? "every target met" : `targets not met: ${missed.map((r) => r.key).join(", ")}`);
}

export function writeReport(results: BenchResults, jsonPath: string): void {
  fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
  // NaN and Infinity are not JSON: write them as null.
  fs.writeFileSync(jsonPath, `${JSON.stringify(results, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`);
}
