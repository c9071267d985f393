/**
 * Issue 9 §4: a process writing through the services is killed with SIGKILL
 * at a random moment, again and again, on the same database (a copy of the
 * demo community). After every kill the database must open, pass
 * `PRAGMA integrity_check`, verify (chain and rows against events), have
 * every entry balanced, and keep every commit the writer announced: the work
 * only grows. 30 kills by default (CI size); MINGZHANG_CRASH_RUNS=100 for
 * the full run. Every fifth run aims the kill at a WAL checkpoint.
 *
 * A writer takes ≈ 1 s to load tsx and the services (2–3 s on a busy
 * machine), so the next WARM writers are already loading while one writes
 * and its database is checked; each opens the database only on "go", after
 * the check of the run before.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { verifyDatabase } from "~/services/audit-verify.server";
import { copyDemoDb } from "../support/app-server";
import { spawnWorker, type Child } from "../support/workers/child";

/** Milliseconds as seconds with one decimal, for the figure line. */
const secondsOf = (ms: number) => Math.round(ms / 100) / 10;

const RUNS = Number(process.env.MINGZHANG_CRASH_RUNS ?? "30");
const CHECKPOINT_EVERY = 5;
const MAX_DELAY_MS = 300;
const WARM = 2;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mz-crash-"));
const spawned: Child[] = [];
afterAll(async () => {
  for (const child of spawned) child.process.kill("SIGKILL");
  await Promise.all(spawned.map((c) => c.exited));
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Check { integrity: string; verified: boolean; detail: string; unbalanced: number; maxSeq: number; events: number; bytesWal: number }

/** Opens the database as the next process would (WAL recovery included) and checks it. */
function check(dbPath: string): Check {
  const db = openDatabase(dbPath, { migrate: false });
  try {
    const integrity = (db.$client.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
    const verified = verifyDatabase(db);
    const unbalanced = (db.$client.prepare(`SELECT count(*) AS n FROM (
      SELECT 1 FROM postings GROUP BY entry_id, book HAVING sum(amount_fen) <> 0
      UNION ALL SELECT 1 FROM journal_entries e WHERE (SELECT count(*) FROM postings p WHERE p.entry_id = e.id) < 2)`).get() as { n: number }).n;
    const { maxSeq, events } = db.$client.prepare("SELECT coalesce(max(seq), 0) AS maxSeq, count(*) AS events FROM audit_events").get() as { maxSeq: number; events: number };
    const wal = `${dbPath}-wal`;
    return {
      integrity, verified: verified.ok, detail: verified.ok ? "" : `${verified.problem.code}: ${verified.problem.detail}`,
      unbalanced, maxSeq, events, bytesWal: fs.existsSync(wal) ? fs.statSync(wal).size : 0,
    };
  } finally {
    db.$client.close();
  }
}

function startWriter(dbPath: string, run: number): Child {
  const child = spawnWorker("crash-writer.ts", { DATABASE_PATH: dbPath }, [String(run), run % CHECKPOINT_EVERY === 0 ? "checkpoint" : "write"]);
  spawned.push(child);
  return child;
}

it(`${RUNS} SIGKILLs of a process writing through the services leave a database that opens, checks, verifies and balances`, async () => {
  const started = performance.now();
  const dbPath = copyDemoDb(dir);
  const baseline = check(dbPath);
  expect(baseline).toMatchObject({ integrity: "ok", verified: true, unbalanced: 0 });

  let previous = baseline;
  const tally = { integrity: 0, verified: 0, unbalanced: 0, aimedAtCheckpoint: 0, duringCheckpoint: 0, commitsSeen: 0 };
  const warm = Array.from({ length: Math.min(WARM, RUNS) }, (_, i) => startWriter(dbPath, i + 1));
  let waitedForLoadMs = 0;
  let startupMs = 0;
  let checkMs = 0;
  for (let run = 1; run <= RUNS; run++) {
    const writer = warm.shift()!;
    const waitFrom = performance.now();
    await writer.next((v) => v.ready === true, 60_000);
    waitedForLoadMs += performance.now() - waitFrom;
    // Every line the writer printed passes here: the last commit it announced must survive the kill.
    let announced = 0;
    let checkpointOpen = false;
    const note = (line: Record<string, unknown>) => {
      if (typeof line.c === "number") announced = Math.max(announced, line.c);
      if ("ckpt" in line) checkpointOpen = true;
      if ("ckptDone" in line) checkpointOpen = false;
    };
    const until = (predicate: (line: Record<string, unknown>) => boolean) => (line: Record<string, unknown>) => {
      note(line);
      return predicate(line);
    };
    writer.send("go");
    const goAt = performance.now();
    await writer.next(until((v) => v.writing === true), 60_000);
    startupMs += performance.now() - goAt;
    const aimed = run % CHECKPOINT_EVERY === 0;
    if (aimed) {
      // Killed as soon as it says a checkpoint is starting; it may or may not have finished by then.
      await writer.next(until((v) => "ckpt" in v), 60_000);
    } else {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * MAX_DELAY_MS));
    }
    writer.process.kill("SIGKILL");
    const { signal } = await writer.exited;
    await writer.drained;
    expect(signal, `run ${run}: the writer died of something else first:\n${writer.stderr()}`).toBe("SIGKILL");
    if (run + WARM <= RUNS) warm.push(startWriter(dbPath, run + WARM)); // loads while this run is checked
    writer.pending().forEach(note);
    expect(announced, `run ${run}: the writer announced no commit`).toBeGreaterThan(previous.maxSeq);
    if (aimed) tally.aimedAtCheckpoint += 1;
    if (aimed && checkpointOpen) tally.duringCheckpoint += 1;

    const checkFrom = performance.now();
    const after = check(dbPath);
    checkMs += performance.now() - checkFrom;
    const where = `run ${run} (announced #${announced}, WAL ${after.bytesWal} bytes)`;
    expect(after.integrity, where).toBe("ok");
    expect(after.verified, `${where}: ${after.detail}`).toBe(true);
    expect(after.unbalanced, where).toBe(0);
    expect(after.maxSeq, `${where}: an announced commit was lost`).toBeGreaterThanOrEqual(announced);
    expect(after.events, `${where}: the work shrank`).toBeGreaterThan(previous.events);
    tally.integrity += after.integrity === "ok" ? 1 : 0;
    tally.verified += after.verified ? 1 : 0;
    tally.unbalanced += after.unbalanced;
    tally.commitsSeen += after.maxSeq - previous.maxSeq;
    previous = after;
  }
  const seconds = secondsOf(performance.now() - started);
  console.log(`[figure] crashes: ${RUNS} SIGKILLs, integrity ok ${tally.integrity}/${RUNS}, chain verified ${tally.verified}/${RUNS}, `
    + `unbalanced entries ${tally.unbalanced}; ${tally.aimedAtCheckpoint} aimed at a WAL checkpoint (${tally.duringCheckpoint} before it finished); `
    + `events ${baseline.events} → ${previous.events} (${tally.commitsSeen} written by the killed writers), 0 announced commits lost; ${seconds} s (waiting for writers to load ${secondsOf(waitedForLoadMs)} s, from "go" to the first commit ${secondsOf(startupMs)} s, checks ${secondsOf(checkMs)} s)`);
}, 60_000 + RUNS * 10_000);
