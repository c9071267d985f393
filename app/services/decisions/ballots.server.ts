import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { ballotElectors, ballots, ballotVotes, units } from "~db/schema";
import { shanghaiDate } from "~/domain/calendar";
import { acceptsVotes, deadlineAllowed, electorsOf, electorTotals, tallyVotes, type Choice } from "~/domain/decisions/ballot-tally";
import { decisionNumber, isMatter, isSpecialMatter, MATTER_NAMES_ZH, type Matter } from "~/domain/decisions/matters";
import { formatDateTime } from "~/domain/datetime";
import { formatFen } from "~/domain/money";
import { decide, settledOutcome, type Outcome, type RegisterTotals, type Tallies, type Verdict } from "~/domain/decisions/outcome";
import { DomainError } from "~/domain/errors";
import { hasAnyRole, type Role } from "~/domain/roles";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { insertDecision } from "./register.server";
import type { DecisionRow } from "./usage.server";

/**
 * Online ballots 表决 (issue 7): the committee opens one on a matter of
 * 民法典 art. 278 with a deadline, each owner votes once as the owner their
 * account holds, and closing it writes the decision. Every check runs inside
 * the write's transaction, so a vote racing a close or a second vote from a
 * co-owner's account is refused, never half-written.
 */
export type BallotRow = typeof ballots.$inferSelect;
export type BallotVoteRow = typeof ballotVotes.$inferSelect;
export type BallotElectorRow = typeof ballotElectors.$inferSelect;

export interface OpenBallotInput {
  title: string;
  matter: Matter;
  text: string;
  authorisedFen: number | null;
  deadline: string; // RFC 3339 instant
}

const ELECTOR_CHUNK = 500; // rows per INSERT, well under SQLite's bound-variable limit

function requireCommittee(user: { roles: readonly Role[] }): void {
  if (!hasAnyRole(user.roles, ["committee"])) throw new DomainError("ballots.errors.committeeOnly", { status: 403 });
}

function ballotOf(tx: Db | Tx, ballotId: number): BallotRow {
  const ballot = tx.select().from(ballots).where(eq(ballots.id, ballotId)).get();
  if (!ballot) throw new DomainError("errors.notFound", { status: 404 });
  return ballot;
}

function checkOpenInput(input: OpenBallotInput, now: Date): void {
  const title = input.title.trim();
  if (title.length === 0) throw new DomainError("errors.required", { field: "title" });
  if (title.length > 200) throw new DomainError("errors.tooLong", { field: "title" });
  const text = input.text.trim();
  if (text.length === 0) throw new DomainError("errors.required", { field: "text" });
  if (text.length > 5000) throw new DomainError("errors.tooLong", { field: "text" });
  if (!isMatter(input.matter)) throw new DomainError("ballots.errors.matter", { field: "matter" });
  if (input.authorisedFen !== null && (!Number.isSafeInteger(input.authorisedFen) || input.authorisedFen <= 0)) {
    throw new DomainError("ballots.errors.authorisedPositive", { field: "authorised" });
  }
  if (!deadlineAllowed(input.deadline, now)) throw new DomainError("ballots.errors.deadline", { field: "deadlineDate" });
}

/**
 * The committee opens a ballot (action `ballot.open`). The electors are fixed
 * now: one per owner that holds units, with the sum of their units' areas
 * (SPC interpretation arts. 8–9); the ballot's totals are their sum.
 */
export function openBallot(db: Db, input: OpenBallotInput, user: { id: number; roles: Role[] }, now = new Date()): BallotRow {
  requireCommittee(user);
  checkOpenInput(input, now);
  const deadline = new Date(input.deadline).toISOString();
  return auditedWrite(db, { actor: String(user.id), action: "ballot.open" }, (tx, seq) => {
    const electors = electorsOf(tx.select({ ownerId: units.ownerId, areaCentiM2: units.areaCentiM2 }).from(units).all());
    if (electors.length === 0) throw new DomainError("ballots.errors.noElectors");
    const totals = electorTotals(electors);
    const ballot = tx.insert(ballots).values({
      title: input.title.trim(), matter: input.matter, text: input.text.trim(), authorisedFen: input.authorisedFen,
      openedAt: now.toISOString(), deadline, totalAreaCentiM2: totals.areaCentiM2, totalOwners: totals.owners,
      status: "open", openedBy: user.id, auditSeq: seq,
    }).returning().get();
    const rows: BallotElectorRow[] = [];
    for (let i = 0; i < electors.length; i += ELECTOR_CHUNK) {
      const chunk = electors.slice(i, i + ELECTOR_CHUNK).map((e) => ({ ...e, ballotId: ballot.id, auditSeq: seq }));
      rows.push(...tx.insert(ballotElectors).values(chunk).returning().all());
    }
    const matter = ballot.matter as Matter;
    enqueueNotification(tx, seq, {
      topic: "ballot.opened", subject: `ballot:${ballot.id}`, title: `业主表决：${ballot.title}`,
      body: [
        `**业主表决：${ballot.title}**`, "",
        `表决事项：民法典第二百七十八条第${matter}项（${MATTER_NAMES_ZH[matter]}）${isSpecialMatter(matter) ? "，须四分之三以上同意" : ""}`,
        ...(ballot.authorisedFen === null ? [] : [`拟动用公共收益：不超过 ${formatFen(ballot.authorisedFen)}`]),
        `截止时间：${formatDateTime(deadline, "zh-CN")}`, "", `[去投票](/ballots/${ballot.id})`,
      ].join("\n"),
    }, now);
    return {
      result: { ballot },
      subject: `ballot:${ballot.id}`,
      rows: { ballots: [rowViews.ballots(ballot)], ballot_electors: rows.map((r) => rowViews.ballot_electors(r)) },
      extra: { matter: ballot.matter, deadline, electors: rows.length },
    };
  }).ballot;
}

/**
 * An owner votes (action `ballot.vote`) — only as the owner their own account
 * holds: no input names an owner, so nobody (admin, committee) votes for
 * another. Weighted by the elector's area fixed at opening.
 */
export function castBallotVote(
  db: Db,
  input: { ballotId: number; choice: Choice },
  user: { id: number; roles: Role[]; ownerId: number | null },
  now = new Date(),
): BallotVoteRow {
  return auditedWrite(db, { actor: String(user.id), action: "ballot.vote" }, (tx, seq) => {
    const ownerId = user.ownerId;
    if (!hasAnyRole(user.roles, ["owner"]) || ownerId === null) throw new DomainError("ballots.errors.notOwner", { status: 403 });
    if (!["agree", "disagree", "abstain"].includes(input.choice)) throw new DomainError("ballots.errors.choice", { field: "choice" });
    const ballot = ballotOf(tx, input.ballotId);
    if (!acceptsVotes(ballot, now)) throw new DomainError("ballots.errors.closed", { status: 409 });
    const elector = tx.select().from(ballotElectors).where(and(eq(ballotElectors.ballotId, ballot.id), eq(ballotElectors.ownerId, ownerId))).get();
    if (!elector) throw new DomainError("ballots.errors.notElector", { status: 403 });
    const earlier = tx.select({ id: ballotVotes.id }).from(ballotVotes).where(and(eq(ballotVotes.ballotId, ballot.id), eq(ballotVotes.ownerId, ownerId))).get();
    if (earlier) throw new DomainError("ballots.errors.alreadyVoted", { status: 409 });
    const vote = tx.insert(ballotVotes).values({
      ballotId: ballot.id, ownerId, userId: user.id, choice: input.choice, areaCentiM2: elector.areaCentiM2, castAt: now.toISOString(), auditSeq: seq,
    }).returning().get();
    return { result: { vote }, subject: `ballot:${ballot.id}`, rows: { ballot_votes: [rowViews.ballot_votes(vote)] }, extra: { choice: input.choice } };
  }).vote;
}

const OUTCOME_ZH: Record<DecisionRow["outcome"], string> = {
  passed: "表决通过", failed: "表决未通过", no_quorum: "参与表决的业主未达到专有部分面积和人数的三分之二，表决无效",
};

export interface BallotTallies {
  totals: RegisterTotals;
  tallies: Tallies;
  verdict: Verdict;
  settled: Outcome | null;
  electors: number;
  voted: number;
}

function talliesOf(db: Db | Tx, ballot: BallotRow): BallotTallies {
  const votes = db.select({ choice: ballotVotes.choice, areaCentiM2: ballotVotes.areaCentiM2 }).from(ballotVotes).where(eq(ballotVotes.ballotId, ballot.id)).all();
  const totals: RegisterTotals = { areaCentiM2: ballot.totalAreaCentiM2, owners: ballot.totalOwners };
  const tallies = tallyVotes(votes);
  const matter = ballot.matter as Matter;
  return {
    totals, tallies, verdict: decide(matter, totals, tallies), settled: settledOutcome(matter, totals, tallies),
    electors: ballot.totalOwners, voted: votes.length,
  };
}

/** The live count of a ballot from its votes (404 DomainError for an unknown id). */
export function ballotTallies(db: Db | Tx, ballotId: number): BallotTallies {
  return talliesOf(db, ballotOf(db, ballotId));
}

/** Whether the committee may close now: at or after the deadline, or before it once the result can no longer change. */
export function closeAllowed(ballot: { deadline: string }, counts: { settled: Outcome | null }, now: Date): boolean {
  return now.getTime() >= Date.parse(ballot.deadline) || counts.settled !== null;
}

/**
 * The committee closes a ballot (action `ballot.close`) and its result
 * becomes a decision of the register, in the same write.
 */
export function closeBallot(db: Db, input: { ballotId: number }, user: { id: number; roles: Role[] }, now = new Date()): { ballot: BallotRow; decision: DecisionRow } {
  requireCommittee(user);
  const actor = String(user.id);
  const { ballot, decision } = auditedWrite(db, { actor, action: "ballot.close" }, (tx, seq) => {
    const open = ballotOf(tx, input.ballotId);
    if (open.status !== "open") throw new DomainError("ballots.errors.closed", { status: 409 });
    const counts = talliesOf(tx, open);
    if (!closeAllowed(open, counts, now)) {
      throw new DomainError("ballots.errors.notSettled", { status: 409, params: { left: counts.electors - counts.voted } });
    }
    const { row: decision, view } = insertDecision(tx, seq, {
      title: open.title, matter: open.matter as Matter, text: open.text, source: "ballot", ballotId: open.id,
      heldFrom: shanghaiDate(new Date(open.openedAt)), heldUntil: shanghaiDate(now), announcedOn: shanghaiDate(now),
      totals: counts.totals, tallies: counts.tallies, authorisedFen: open.authorisedFen,
    }, actor, now);
    const ballot = tx.update(ballots).set({ status: "closed", closedBy: user.id, closedAt: now.toISOString(), decisionId: decision.id, auditSeq: seq })
      .where(eq(ballots.id, open.id)).returning().get();
    enqueueNotification(tx, seq, {
      topic: "ballot.closed", subject: `ballot:${ballot.id}`, title: `表决结果：${ballot.title}`,
      body: `**表决结果：${ballot.title}**\n\n${OUTCOME_ZH[decision.outcome]}，形成业主共同决定${decisionNumber(decision)}。\n\n[查看决定](/decisions/${decision.id})`,
    }, now);
    return {
      result: { ballot, decision },
      subject: `ballot:${ballot.id}`,
      rows: { ballots: [rowViews.ballots(ballot)], owner_decisions: [view] },
      extra: { from: "open", to: "closed", outcome: decision.outcome, decisionId: decision.id },
    };
  });
  return { ballot, decision };
}
