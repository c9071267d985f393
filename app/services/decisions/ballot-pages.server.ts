import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "~db/connection";
import { ballotElectors, ballots, ballotVotes, ownerDecisions, owners, units } from "~db/schema";
import { acceptsVotes } from "~/domain/decisions/ballot-tally";
import { decisionNumber, isSpecialMatter, type Matter } from "~/domain/decisions/matters";
import { hasAnyRole, type Role } from "~/domain/roles";
import { subjectTimeline, type TimelineItem } from "../timeline.server";
import { ballotTallies, closeAllowed, type BallotRow, type BallotTallies } from "./ballots.server";

/**
 * What the ballot pages show (read-only). Aggregates are for every owner;
 * who voted how — and the timeline, which names the voters — only for the
 * committee and the auditors.
 */
export interface BallotListRow {
  id: number;
  title: string;
  matter: number;
  deadline: string;
  status: "open" | "closed";
  acceptsVotes: boolean; // open and before its deadline
  electors: number;
  voted: number;
  votedAreaCentiM2: number;
  totalAreaCentiM2: number;
  decision: { id: number; number: string; outcome: string } | null;
}

/** Open ballots first (nearest deadline first), then closed ones (latest closed first). */
export function listBallots(db: Db, now = new Date()): BallotListRow[] {
  const rows = db.select({
    ballot: ballots,
    voted: sql<number>`(SELECT count(*) FROM ballot_votes v WHERE v.ballot_id = "ballots"."id")`.mapWith(Number),
    votedArea: sql<number>`(SELECT coalesce(sum(v.area_centi_m2), 0) FROM ballot_votes v WHERE v.ballot_id = "ballots"."id")`.mapWith(Number),
    decisionId: ownerDecisions.id, year: ownerDecisions.year, serial: ownerDecisions.serial, outcome: ownerDecisions.outcome,
  }).from(ballots).leftJoin(ownerDecisions, eq(ownerDecisions.id, ballots.decisionId))
    .orderBy(sql`CASE ${ballots.status} WHEN 'open' THEN 0 ELSE 1 END`, sql`CASE ${ballots.status} WHEN 'open' THEN ${ballots.deadline} END ASC`, desc(ballots.closedAt), desc(ballots.id))
    .all();
  return rows.map((r) => ({
    id: r.ballot.id, title: r.ballot.title, matter: r.ballot.matter, deadline: r.ballot.deadline, status: r.ballot.status,
    acceptsVotes: acceptsVotes(r.ballot, now), electors: r.ballot.totalOwners, voted: r.voted, votedAreaCentiM2: r.votedArea,
    totalAreaCentiM2: r.ballot.totalAreaCentiM2,
    decision: r.decisionId !== null && r.year !== null && r.serial !== null && r.outcome !== null
      ? { id: r.decisionId, number: decisionNumber({ year: r.year, serial: r.serial }), outcome: r.outcome } : null,
  }));
}

export interface IndividualBallot {
  ownerId: number;
  ownerName: string;
  units: string; // "1栋 0101、3栋 0102"
  choice: "agree" | "disagree" | "abstain";
  areaCentiM2: number;
  castAt: string;
}

export interface BallotViewer {
  id: number;
  roles: Role[];
  ownerId: number | null;
}

export interface BallotDetail {
  ballot: BallotRow;
  special: boolean;
  counts: BallotTallies;
  acceptsVotes: boolean;
  // For an owner: their elector row (null: not an elector of this ballot) and their vote.
  mine: { elector: { areaCentiM2: number; unitCount: number } | null; vote: { choice: string; castAt: string } | null } | null;
  mayClose: boolean; // a committee member looking at an open ballot
  closeAllowed: boolean;
  decision: { id: number; number: string; outcome: string } | null;
  individual: IndividualBallot[] | null; // committee and auditor only
  timeline: TimelineItem[] | null; // committee and auditor only (it names the voters)
}

function individualBallots(db: Db, ballotId: number): IndividualBallot[] {
  const votes = db.select({ ownerId: ballotVotes.ownerId, ownerName: owners.name, choice: ballotVotes.choice, areaCentiM2: ballotVotes.areaCentiM2, castAt: ballotVotes.castAt })
    .from(ballotVotes).innerJoin(owners, eq(owners.id, ballotVotes.ownerId))
    .where(eq(ballotVotes.ballotId, ballotId)).orderBy(asc(ballotVotes.castAt), asc(ballotVotes.id)).all();
  const ownerIds = votes.map((v) => v.ownerId);
  const unitRows = ownerIds.length === 0 ? [] : db.select({ ownerId: units.ownerId, building: units.building, number: units.number })
    .from(units).where(inArray(units.ownerId, ownerIds)).orderBy(asc(units.building), asc(units.number)).all();
  const labels = new Map<number, string[]>();
  for (const u of unitRows) labels.set(u.ownerId, [...(labels.get(u.ownerId) ?? []), `${u.building} ${u.number}`]);
  return votes.map((v) => ({ ...v, units: (labels.get(v.ownerId) ?? []).join("、") }));
}

/** One ballot as `viewer` may see it, or null for an unknown id. */
export function ballotDetail(db: Db, ballotId: number, viewer: BallotViewer, now = new Date()): BallotDetail | null {
  const ballot = db.select().from(ballots).where(eq(ballots.id, ballotId)).get();
  if (!ballot) return null;
  const counts = ballotTallies(db, ballotId);
  const staff = hasAnyRole(viewer.roles, ["committee", "auditor"]);
  let mine: BallotDetail["mine"] = null;
  if (hasAnyRole(viewer.roles, ["owner"]) && viewer.ownerId !== null) {
    const elector = db.select({ areaCentiM2: ballotElectors.areaCentiM2, unitCount: ballotElectors.unitCount }).from(ballotElectors)
      .where(and(eq(ballotElectors.ballotId, ballotId), eq(ballotElectors.ownerId, viewer.ownerId))).get() ?? null;
    const vote = db.select({ choice: ballotVotes.choice, castAt: ballotVotes.castAt }).from(ballotVotes)
      .where(and(eq(ballotVotes.ballotId, ballotId), eq(ballotVotes.ownerId, viewer.ownerId))).get() ?? null;
    mine = { elector, vote };
  }
  const decisionRow = ballot.decisionId === null ? undefined
    : db.select({ id: ownerDecisions.id, year: ownerDecisions.year, serial: ownerDecisions.serial, outcome: ownerDecisions.outcome }).from(ownerDecisions).where(eq(ownerDecisions.id, ballot.decisionId)).get();
  return {
    ballot, special: isSpecialMatter(ballot.matter as Matter), counts, acceptsVotes: acceptsVotes(ballot, now), mine,
    mayClose: ballot.status === "open" && hasAnyRole(viewer.roles, ["committee"]),
    closeAllowed: ballot.status === "open" && closeAllowed(ballot, counts, now),
    decision: decisionRow ? { id: decisionRow.id, number: decisionNumber(decisionRow), outcome: decisionRow.outcome } : null,
    individual: staff ? individualBallots(db, ballotId) : null,
    timeline: staff ? subjectTimeline(db, [`ballot:${ballotId}`], 1000) : null,
  };
}

/** Open ballots an owner may still vote in (an elector who has not voted, before the deadline), nearest deadline first: for /me. */
export function ballotsAwaiting(db: Db, ownerId: number, now = new Date()): { id: number; title: string; deadline: string }[] {
  return db.select({ ballot: ballots }).from(ballots)
    .innerJoin(ballotElectors, and(eq(ballotElectors.ballotId, ballots.id), eq(ballotElectors.ownerId, ownerId)))
    .where(and(eq(ballots.status, "open"), sql`NOT EXISTS (SELECT 1 FROM ballot_votes v WHERE v.ballot_id = "ballots"."id" AND v.owner_id = ${ownerId})`))
    .orderBy(asc(ballots.deadline)).all()
    .filter((r) => acceptsVotes(r.ballot, now))
    .map((r) => ({ id: r.ballot.id, title: r.ballot.title, deadline: r.ballot.deadline }));
}
