/**
 * One of several processes racing on the same database (issue 9 §3). Run as
 * `node --import tsx race-worker.ts` with DATABASE_PATH set; it opens the
 * database through the app's own getDb, then talks JSON Lines:
 *
 *   worker → {"ready":true}                        once the services are loaded
 *   parent → {"jobs":[…]}        worker → {"armed":true}
 *   parent → "go"                worker → {"results":[…],"startedAtMs":…,"endedAtMs":…}
 *   parent → "exit" (or closes stdin)
 *
 * The parent sends "go" to every worker once all are armed, so they start
 * their service calls within a millisecond or so of each other. Each result
 * is the service's answer (ok, with the row id) or its refusal (DomainError
 * code and status); anything else — SQLITE_BUSY, a constraint the service did
 * not expect — comes back as `unexpected`, which the test fails on.
 */
import readline from "node:readline";
import { DomainError } from "~/domain/errors";
import type { Choice as BallotChoice } from "~/domain/decisions/ballot-tally";
import type { Choice } from "~/domain/spending/approval";
import type { PaymentStage } from "~/domain/spending/payments";
import { recordPayment } from "~/services/billing/payments.server";
import { getDb } from "~/services/db.server";
import { castBallotVote } from "~/services/decisions/ballots.server";
import { recordProposalPayment } from "~/services/spending/proposal-payments.server";
import { castVote } from "~/services/spending/votes.server";
import { publishStatement } from "~/services/statements/publish.server";
import { userOf } from "./race-world";

export type RaceJob =
  | { kind: "vote"; approvalId: number; login: string; choice: Choice }
  | { kind: "ballotVote"; ballotId: number; login: string; choice: BallotChoice }
  | { kind: "payment"; unitId: number; amountFen: number; key: string; receivedOn: string }
  | { kind: "proposalPayment"; proposalId: number; stage: PaymentStage; amountFen: number; key: string; paidOn: string }
  | { kind: "publish"; draftId: number; postedFrom: string; postedTo: string; login: string };

export type RaceResult =
  | { kind: RaceJob["kind"]; ok: true; id: number; duplicate?: boolean }
  | { kind: RaceJob["kind"]; ok: false; code: string; status?: number }
  | { kind: RaceJob["kind"]; ok: false; unexpected: string; sqlite?: string };

const db = getDb();

function run(job: RaceJob): RaceResult {
  try {
    switch (job.kind) {
      case "vote": {
        const user = userOf(db, job.login);
        const { vote } = castVote(db, { approvalId: job.approvalId, userId: user.id, choice: job.choice, comment: "" }, String(user.id));
        return { kind: job.kind, ok: true, id: vote.id };
      }
      case "ballotVote": {
        const vote = castBallotVote(db, { ballotId: job.ballotId, choice: job.choice }, userOf(db, job.login));
        return { kind: job.kind, ok: true, id: vote.id };
      }
      case "payment": {
        const { payment, duplicate } = recordPayment(db, {
          unitId: job.unitId, receivedOn: job.receivedOn, amountFen: job.amountFen, method: "bank", reference: `并发 ${job.key}`,
          idempotencyKey: job.key, allowPrepayment: true,
        }, String(userOf(db, "manager").id));
        return { kind: job.kind, ok: true, id: payment.id, duplicate };
      }
      case "proposalPayment": {
        const { payment, duplicate } = recordProposalPayment(db, {
          proposalId: job.proposalId, stage: job.stage, paidOn: job.paidOn, amountFen: job.amountFen, bankReference: `BANK-${job.key}`,
          invoiceNumber: `INV-${job.key}`, idempotencyKey: job.key,
        }, String(userOf(db, "manager").id));
        return { kind: job.kind, ok: true, id: payment.id, duplicate };
      }
      case "publish": {
        const { published } = publishStatement(db, job.draftId, { postedFrom: job.postedFrom, postedTo: job.postedTo }, userOf(db, job.login));
        return { kind: job.kind, ok: true, id: published.id };
      }
    }
  } catch (error) {
    if (error instanceof DomainError) return { kind: job.kind, ok: false, code: error.code, status: error.options.status };
    const sqlite = error instanceof Error && "code" in error ? String((error as { code: unknown }).code) : undefined;
    return { kind: job.kind, ok: false, unexpected: error instanceof Error ? error.stack ?? error.message : String(error), sqlite };
  }
}

const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
let jobs: RaceJob[] = [];
const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line === "exit") return lines.close();
  if (line === "go") {
    const startedAtMs = performance.timeOrigin + performance.now();
    const results = jobs.map(run);
    return say({ results, startedAtMs, endedAtMs: performance.timeOrigin + performance.now() });
  }
  jobs = (JSON.parse(line) as { jobs: RaceJob[] }).jobs;
  say({ armed: true });
});
lines.on("close", () => {
  db.$client.close();
  process.exit(0);
});
say({ ready: true });
