/**
 * Issue 9 §3: several processes on one database file voting, paying and
 * publishing the same things at the same instant. Each round builds fresh
 * targets through the services on a copy of the demo community, then four
 * worker processes (test/support/workers/race-worker.ts) race on them:
 *
 *   A  "the same thing" — every process casts the director's vote on the same
 *      approval, owner 赵明远's vote on the same ballot, the same fee payment
 *      (same unit, amount and idempotency key) and publishes the same draft,
 *      each process in another order;
 *   B  different committee members vote on that approval at once;
 *   C  advance payments on the approved proposal, distinct keys (only one
 *      fits the advance allowance) plus one shared key;
 *   D  after acceptance, the remaining balance paid with distinct keys.
 *
 * Then: one vote row per voter, one payment per key, one published revision,
 * paid never above approved, and the chain 1..max without gap or fork,
 * verified with every history row, every entry balanced.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type Db } from "~db/connection";
import { addDays, shanghaiDate } from "~/domain/calendar";
import { verifyDatabase } from "~/services/audit-verify.server";
import { copyDemoDb } from "../support/app-server";
import { spawnWorker, type Child } from "../support/workers/child";
import { acceptWork, openRoundBallot, proposalInApproval, reopenedDraft, userOf } from "../support/workers/race-world";
import type { RaceJob, RaceResult } from "../support/workers/race-worker";

/** Milliseconds as seconds with one decimal, for the figure line. */
const secondsOf = (ms: number) => Math.round(ms / 100) / 10;

const PROCESSES = 4;
const ROUNDS = 5;
const MEMBERS = ["committee1", "committee2", "committee3", "committee4"];

let dir: string;
let db: Db;
let workers: Child[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mz-concurrency-"));
  const dbPath = copyDemoDb(dir);
  // Attachments stored by the round builders go beside this database.
  process.env.DATABASE_PATH = dbPath;
  db = openDatabase(dbPath);
  workers = Array.from({ length: PROCESSES }, () => spawnWorker("race-worker.ts", { DATABASE_PATH: dbPath }));
  await Promise.all(workers.map((w) => w.next((v) => v.ready === true, 60_000)));
}, 90_000);

afterAll(async () => {
  for (const w of workers) w.send("exit");
  await Promise.all(workers.map((w) => w.exited));
  db?.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Race { results: RaceResult[][]; spreadMs: number; overlapped: boolean }

/** Arms every worker with its jobs, then says "go" to all at once; fails on any unexpected error. */
async function race(jobsOf: (worker: number) => RaceJob[]): Promise<Race> {
  workers.forEach((w, i) => w.send(JSON.stringify({ jobs: jobsOf(i) })));
  await Promise.all(workers.map((w) => w.next((v) => v.armed === true)));
  for (const w of workers) w.send("go");
  const answers = await Promise.all(workers.map((w) => w.next<{ results: RaceResult[]; startedAtMs: number; endedAtMs: number }>((v) => "results" in v)));
  const unexpected = answers.flatMap((a) => a.results).filter((r) => "unexpected" in r);
  expect(unexpected, "a worker hit an error the service did not turn into a refusal").toEqual([]);
  const starts = answers.map((a) => a.startedAtMs);
  // Overlapped: some worker started before another had finished all its calls.
  const overlapped = answers.some((a, i) => answers.some((b, j) => i !== j && b.startedAtMs < a.endedAtMs && a.startedAtMs < b.endedAtMs));
  return { results: answers.map((a) => a.results), spreadMs: Math.max(...starts) - Math.min(...starts), overlapped };
}

const ofKind = (race: Race, kind: RaceJob["kind"], match: (job: RaceResult, index: number) => boolean = () => true) =>
  race.results.flatMap((results) => results.filter((r, i) => r.kind === kind && match(r, i)));
const oks = (results: RaceResult[]) => results.filter((r) => r.ok) as Extract<RaceResult, { ok: true }>[];
const codes = (results: RaceResult[]) => results.filter((r): r is Extract<RaceResult, { code: string }> => !r.ok && "code" in r).map((r) => r.code);
const rotate = <T,>(items: T[], by: number) => items.map((_, i) => items[(i + by) % items.length]!);
const one = <T,>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params) as T;
const n = (sql: string, ...params: unknown[]) => one<{ n: number }>(sql, ...params).n;

/** The invariants the races must not break, over the whole database. */
function invariants() {
  const chain = one<{ count: number; max: number; min: number; uniq: number }>(
    "SELECT count(*) AS count, max(seq) AS max, min(seq) AS min, count(DISTINCT seq) AS uniq FROM audit_events");
  return {
    gapless: chain.min === 1 && chain.count === chain.max && chain.uniq === chain.count,
    forks: n("SELECT count(*) AS n FROM (SELECT prev FROM audit_events GROUP BY prev HAVING count(*) > 1)"),
    unbalanced: n("SELECT count(*) AS n FROM (SELECT entry_id, book FROM postings GROUP BY entry_id, book HAVING sum(amount_fen) <> 0)"),
    thinEntries: n("SELECT count(*) AS n FROM journal_entries e WHERE (SELECT count(*) FROM postings p WHERE p.entry_id = e.id) < 2"),
    doublePayments: n("SELECT count(*) AS n FROM (SELECT idempotency_key FROM payments WHERE idempotency_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1)")
      + n("SELECT count(*) AS n FROM (SELECT idempotency_key FROM proposal_payments WHERE idempotency_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1)")
      + n("SELECT count(*) AS n FROM proposals p WHERE (SELECT coalesce(sum(amount_fen), 0) FROM proposal_payments q WHERE q.proposal_id = p.id) > coalesce(p.approved_fen, 0)"),
    doubleVotes: n("SELECT count(*) AS n FROM (SELECT 1 FROM votes GROUP BY approval_id, user_id HAVING count(*) > 1)")
      + n("SELECT count(*) AS n FROM (SELECT 1 FROM ballot_votes GROUP BY ballot_id, owner_id HAVING count(*) > 1)"),
    doublePublished: n("SELECT count(*) AS n FROM (SELECT 1 FROM published_statements GROUP BY period, revision HAVING count(*) > 1)")
      + n("SELECT count(*) AS n FROM (SELECT 1 FROM published_statements GROUP BY draft_id HAVING count(*) > 1)"),
  };
}

const CLEAN = { gapless: true, forks: 0, unbalanced: 0, thinEntries: 0, doublePayments: 0, doubleVotes: 0, doublePublished: 0 };

it(`${PROCESSES} processes race on the same votes, payments and publication, ${ROUNDS} rounds: nothing doubled, the chain intact`, async () => {
  const started = performance.now();
  const owner = userOf(db, "owner");
  const unit = one<{ id: number }>("SELECT id FROM units WHERE owner_id = ? ORDER BY id LIMIT 1", owner.ownerId);
  const director = userOf(db, "director");
  const eventsBefore = n("SELECT count(*) AS n FROM audit_events");
  let races = 0;
  let overlapped = 0;
  let maxSpreadMs = 0;
  const tally = (r: Race) => {
    races += 1;
    if (r.overlapped) overlapped += 1;
    maxSpreadMs = Math.max(maxSpreadMs, r.spreadMs);
  };

  for (let round = 1; round <= ROUNDS; round++) {
    const today = shanghaiDate(new Date());
    const target = await proposalInApproval(db, round);
    const ballotId = openRoundBallot(db, round);
    const draftId = reopenedDraft(db, "2026Q3");
    const key = `race-${process.pid}-${round}`;

    // A: the same vote, ballot vote, payment and publication from every process, in rotated orders.
    const same: RaceJob[] = [
      { kind: "vote", approvalId: target.approvalId, login: "director", choice: "approve" },
      { kind: "ballotVote", ballotId, login: "owner", choice: "agree" },
      { kind: "payment", unitId: unit.id, amountFen: 12_345 + round, key, receivedOn: today },
      { kind: "publish", draftId, postedFrom: today, postedTo: addDays(today, 14), login: MEMBERS[round % MEMBERS.length]! },
    ];
    const a = await race((w) => rotate(same, w));
    tally(a);
    expect(oks(ofKind(a, "vote")), "the director's vote").toHaveLength(1);
    expect(codes(ofKind(a, "vote"))).toEqual(Array(PROCESSES - 1).fill("approvals.errors.alreadyVoted"));
    expect(oks(ofKind(a, "ballotVote")), "the owner's ballot vote").toHaveLength(1);
    expect(codes(ofKind(a, "ballotVote"))).toEqual(Array(PROCESSES - 1).fill("ballots.errors.alreadyVoted"));
    const payments = oks(ofKind(a, "payment"));
    expect(payments, "every process gets the payment back").toHaveLength(PROCESSES);
    expect(new Set(payments.map((p) => p.id)).size, "one payment id for the key").toBe(1);
    expect(payments.filter((p) => !p.duplicate), "written once").toHaveLength(1);
    expect(oks(ofKind(a, "publish")), "one publication").toHaveLength(1);
    expect(codes(ofKind(a, "publish"))).toHaveLength(PROCESSES - 1);
    expect(n("SELECT count(*) AS n FROM votes WHERE approval_id = ? AND user_id = ?", target.approvalId, director.id)).toBe(1);
    expect(n("SELECT count(*) AS n FROM ballot_votes WHERE ballot_id = ? AND owner_id = ?", ballotId, owner.ownerId)).toBe(1);
    expect(n("SELECT count(*) AS n FROM payments WHERE idempotency_key = ?", key)).toBe(1);
    expect(n("SELECT count(*) AS n FROM journal_entries WHERE source_kind = 'payment' AND source_id = ?", String(payments[0]!.id))).toBe(1);
    expect(n("SELECT count(*) AS n FROM published_statements WHERE draft_id = ?", draftId)).toBe(1);

    // B: committee1–4 at once. With the director's approve, the 2nd of them passes it (3 of 5); the last two find it closed.
    const b = await race((w) => [{ kind: "vote", approvalId: target.approvalId, login: MEMBERS[w % MEMBERS.length]!, choice: "approve" }]);
    tally(b);
    expect(oks(ofKind(b, "vote"))).toHaveLength(2);
    expect(codes(ofKind(b, "vote"))).toEqual(["approvals.errors.closed", "approvals.errors.closed"]);
    expect(one("SELECT status FROM approvals WHERE id = ?", target.approvalId)).toEqual({ status: "passed" });
    expect(one("SELECT status, approved_fen AS approvedFen FROM proposals WHERE id = ?", target.proposalId)).toEqual({ status: "approved", approvedFen: target.approvedFen });
    expect(n("SELECT count(*) AS n FROM votes WHERE approval_id = ?", target.approvalId)).toBe(3);
    expect(n("SELECT count(*) AS n FROM audit_events WHERE action = 'approval.vote' AND subject = ? AND json_extract(data, '$.outcome') = 'passed'", `proposal:${target.proposalId}`)).toBe(1);

    // C: advance payments. 30,000 fen each under distinct keys (one fits the 45,000 allowance) and 15,000 under one shared key.
    const sharedKey = `${key}-advance`;
    const c = await race((w) => rotate<RaceJob>([
      { kind: "proposalPayment", proposalId: target.proposalId, stage: "advance", amountFen: 30_000, key: `${key}-advance-${w}`, paidOn: today },
      { kind: "proposalPayment", proposalId: target.proposalId, stage: "advance", amountFen: 15_000, key: sharedKey, paidOn: today },
    ], w));
    tally(c);
    const advances = oks(ofKind(c, "proposalPayment"));
    expect(advances.filter((p) => p.duplicate), "the shared key answered with its first payment").toHaveLength(PROCESSES - 1);
    expect(new Set(advances.map((p) => p.id)).size, "two payments: one distinct key, the shared key").toBe(2);
    expect(codes(ofKind(c, "proposalPayment"))).toEqual(Array(PROCESSES - 1).fill("approvals.errors.beforeAcceptance"));

    // D: the remaining balance, distinct keys from every process: paid once, up to the approved amount exactly.
    await acceptWork(db, target.proposalId, today);
    const remainingFen = target.approvedFen - target.advanceFen;
    const d = await race((w) => [{ kind: "proposalPayment", proposalId: target.proposalId, stage: "balance", amountFen: remainingFen, key: `${key}-balance-${w}`, paidOn: today }]);
    tally(d);
    expect(oks(ofKind(d, "proposalPayment"))).toHaveLength(1);
    expect(codes(ofKind(d, "proposalPayment"))).toHaveLength(PROCESSES - 1);
    expect(one("SELECT status FROM proposals WHERE id = ?", target.proposalId)).toEqual({ status: "closed" });
    expect(n("SELECT coalesce(sum(amount_fen), 0) AS n FROM proposal_payments WHERE proposal_id = ?", target.proposalId)).toBe(target.approvedFen);

    expect(invariants(), `after round ${round}`).toEqual(CLEAN);
  }

  const verified = verifyDatabase(db);
  expect(verified).toMatchObject({ ok: true });
  const after = invariants();
  expect(after).toEqual(CLEAN);
  expect(overlapped, "races whose processes' calls really overlapped in time").toBeGreaterThan(0);
  const eventsAdded = n("SELECT count(*) AS n FROM audit_events") - eventsBefore;
  const seconds = secondsOf(performance.now() - started);
  console.log(`[figure] concurrency: ${races} races × ${PROCESSES} processes (${overlapped} overlapping in time, starts within ${Math.round(maxSpreadMs)} ms), `
    + `${after.doublePayments} double payments, ${after.doubleVotes} double votes, ${after.doublePublished} double publications, `
    + `chain verified (${verified.ok ? verified.eventCount : 0} events, +${eventsAdded}, no gap, no fork, ${after.unbalanced} unbalanced entries) in ${seconds} s`);
}, 300_000);
