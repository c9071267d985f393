/**
 * The references an auditor would reach for: ledger-cli and hledger (Debian
 * packages) on the exported journal, `bal` over ctx.quarter, each once under
 * ctx.toolTimeLimitMs, at the largest size they complete: the whole journal,
 * else its last 5, 2 or 1 years (a run over the limit, or over MAX_RSS, is
 * killed and the next size tried). Their bank movement for the quarter must
 * equal the app's: a mismatch is a failed ratio, not a footnote.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "~db/connection";
import { ledgerTotals } from "~/services/ledger/queries.server";
import type { BenchContext, Figure, Ratio } from "./types";
import { round } from "./timing";

const INSTALL = "sudo apt-get install -y ledger hledger";
const SIZES_YEARS = [null, 5, 2, 1] as const; // null: the whole journal
const MAX_RSS_BYTES = 6 * 1024 ** 3; // a shared machine: a tool past this is treated as not completing
const BANK = { book: "cogoverned", account: "1002", journalName: "共管账户:1002" } as const;

export interface QuarterRange { start: string; endExclusive: string; endInclusive: string }

export function quarterRange(quarter: string): QuarterRange {
  const match = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!match) throw new Error(`not a quarter: ${quarter}`);
  const year = Number(match[1]);
  const q = Number(match[2]);
  const month = (q - 1) * 3 + 1;
  const start = `${year}-${String(month).padStart(2, "0")}-01`;
  const endExclusive = q === 4 ? `${year + 1}-01-01` : `${year}-${String(month + 3).padStart(2, "0")}-01`;
  const last = new Date(`${endExclusive}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  return { start, endExclusive, endInclusive: last.toISOString().slice(0, 10) };
}

function yearsBefore(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;
}

interface RunResult { ok: boolean; ms: number; stdout: string; reason?: string; peakRssMb: number }

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs a command once with a time and memory limit; kills it (SIGKILL) past either. */
export function runLimited(command: string, args: string[], limitMs: number, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    let peak = 0;
    let killed: string | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => { stderr += chunk.slice(0, 4000); });
    const kill = (reason: string) => { killed ??= reason; child.kill("SIGKILL"); };
    const timer = setTimeout(() => kill(`over the ${limitMs} ms limit`), limitMs);
    const watch = setInterval(() => {
      peak = Math.max(peak, child.pid ? rssOf(child.pid) : 0);
      if (peak > MAX_RSS_BYTES) kill(`over ${MAX_RSS_BYTES / 1024 ** 3} GB of memory`);
    }, 200);
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      clearInterval(watch);
      reject(error.code === "ENOENT" ? new Error(`${command} is missing: ${INSTALL}`) : error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      clearInterval(watch);
      const ms = performance.now() - start;
      const peakRssMb = round(peak / 1024 ** 2, 0);
      if (killed) resolve({ ok: false, ms, stdout, reason: killed, peakRssMb });
      else if (code !== 0) resolve({ ok: false, ms, stdout, reason: `exit ${code}: ${stderr.trim().slice(0, 500)}`, peakRssMb });
      else resolve({ ok: true, ms, stdout, peakRssMb });
    });
  });
}

/** The amount on the `bal` line of one account ("¥-1234.56  共管账户:1002银行存款"), in fen; 0 when the account had no movement. */
export function balanceFen(output: string, account: string): number {
  for (const line of output.split("\n")) {
    const match = /^\s*(-?¥-?[\d,]+(?:\.\d+)?|0)\s+(\S.*)$/.exec(line);
    if (!match || !match[2]!.startsWith(account)) continue;
    const text = match[1]!.replace(/[¥,]/g, "");
    const negative = text.startsWith("-");
    const [whole, fraction = ""] = text.replace("-", "").split(".");
    const fen = Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
    return negative ? -fen : fen;
  }
  return 0;
}

async function exportJournal(ctx: BenchContext, file: string, from?: string): Promise<void> {
  if (fs.existsSync(file)) return; // the database of a key never changes, nor its export
  const args = ["scripts/export.ts", "ledger", "--format", "journal", "--out", `${file}.part`, ...(from ? ["--from", from] : [])];
  const result = await runLimited(path.resolve("node_modules/.bin/tsx"), args, 30 * 60_000, { ...process.env, DATABASE_PATH: ctx.dbPath });
  if (!result.ok) throw new Error(`exporting the journal failed: ${result.reason}`);
  fs.renameSync(`${file}.part`, file);
}

export async function measureTools(ctx: BenchContext): Promise<{ figures: Figure[]; ratios: Ratio[] }> {
  const range = quarterRange(ctx.quarter);
  // The work folder is shared by every database: a journal is named after the file it came from (name, size, time).
  const stat = fs.statSync(ctx.dbPath);
  const dbTag = `${path.basename(ctx.dbPath, ".sqlite")}-${stat.size}-${Math.round(stat.mtimeMs)}`;
  const db = openDatabase(ctx.dbPath, { migrate: false });
  const appBankFen = ledgerTotals(db, { book: BANK.book, account: BANK.account, from: range.start, to: range.endInclusive, sort: "date", dir: "desc" }).netFen;
  const postingsFrom = (from: string | null) =>
    (db.$client.prepare("SELECT count(*) AS n FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.business_date >= ?").get(from ?? "0000") as { n: number }).n;
  const tools = [
    { key: "tool.ledger_cli", label: "ledger-cli bal for the quarter", command: "ledger", args: (f: string) => ["-f", f, "bal", "--flat", "-b", range.start, "-e", range.endExclusive] },
    { key: "tool.hledger", label: "hledger bal for the quarter", command: "hledger", args: (f: string) => ["-f", f, "bal", "-b", range.start, "-e", range.endExclusive] },
  ];
  const figures: Figure[] = [];
  const ratios: Ratio[] = [];
  try {
    for (const tool of tools) {
      for (const years of SIZES_YEARS) {
        const from = years === null ? null : yearsBefore(range.endExclusive, years);
        const file = path.join(ctx.workDir, `${dbTag}-${years === null ? "all" : `${years}y`}.journal`);
        await exportJournal(ctx, file, from ?? undefined);
        const size = years === null ? "whole journal" : `last ${years} years`;
        ctx.log(`${tool.command}: ${size} (${postingsFrom(from).toLocaleString("en")} postings)…`);
        const result = await runLimited(tool.command, tool.args(file), ctx.toolTimeLimitMs);
        if (!result.ok) {
          ctx.log(`${tool.command}: ${size} did not complete (${result.reason}); trying a smaller journal`);
          continue;
        }
        const toolBankFen = balanceFen(result.stdout, BANK.journalName);
        const agree = toolBankFen === appBankFen;
        if (!agree) ctx.log(`!!! MISMATCH: ${tool.command} gives the bank's ${ctx.quarter} movement as ${toolBankFen} fen, the app ${appBankFen} fen`);
        figures.push({
          key: tool.key, label: `${tool.label} (${size})`, unit: "ms", median: result.ms, min: result.ms, max: result.ms, runs: 1,
          extra: { years: years ?? "all", postings: postingsFrom(from), peakRssMb: result.peakRssMb, bankMovementFen: toolBankFen },
        });
        ratios.push({
          key: `${tool.key}.agrees`, label: `${tool.command}: bank movement of ${ctx.quarter} equals the app's`,
          value: Math.abs(toolBankFen - appBankFen), bound: 0, op: "<=", met: agree,
          note: agree ? `both ${appBankFen} fen` : `MISMATCH: ${tool.command} ${toolBankFen} fen, app ${appBankFen} fen`,
        });
        break;
      }
      if (!figures.some((f) => f.key === tool.key)) ctx.log(`${tool.command}: did not complete even on the last year`);
    }
  } finally {
    db.$client.close();
  }
  return { figures, ratios };
}
