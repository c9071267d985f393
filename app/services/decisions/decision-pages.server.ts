import Decimal from "decimal.js";
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "~db/connection";
import { attachments, ballotElectors, decisionAttachments, ownerDecisions } from "~db/schema";
import { isMatter, isSpecialMatter, type Matter } from "~/domain/decisions/matters";
import { challengeUntil, decide, type Count, type Verdict } from "~/domain/decisions/outcome";
import { DomainError } from "~/domain/errors";
import { sharePercent } from "~/domain/decisions/percent";
import type { Actor } from "../audit.server";
import { storeAttachmentFile } from "../attachments.server";
import { eventsAt, subjectTimeline, type TimelineItem } from "../timeline.server";
import { recordDecision, type DecisionAttachmentKind, type DecisionValues } from "./register.server";
import { decisionSpending, type DecisionRow, type DecisionSpending } from "./usage.server";

/** Read models of the decisions pages, and the upload use case of /decisions/new. */

export interface Upload {
  bytes: Uint8Array;
  filename: string;
}

export type RecordDecisionInput = Omit<DecisionValues, "source" | "ballotId" | "totals">;

/**
 * Records a decision with its files: at least one file of minutes 会议记录
 * (decisions.errors.minutesRequired), and any counted ballots 表决票. The
 * files are stored first (refused types or sizes write nothing), then one
 * audited write records the decision and links them.
 */
export async function recordDecisionWithUpload(
  db: Db,
  input: RecordDecisionInput,
  files: { minutes: Upload[]; ballots: Upload[] },
  actor: Actor,
  now = new Date(),
): Promise<DecisionRow> {
  if (files.minutes.length === 0) throw new DomainError("decisions.errors.minutesRequired", { field: "minutes" });
  const stored: { kind: DecisionAttachmentKind; stored: Awaited<ReturnType<typeof storeAttachmentFile>> }[] = [];
  for (const [kind, list] of [["minutes", files.minutes], ["ballots", files.ballots]] as const) {
    for (const file of list) stored.push({ kind, stored: await storeAttachmentFile(file.bytes, file.filename, kind) });
  }
  return recordDecision(db, { ...input, attachments: stored }, actor, now);
}

/** part / whole as a percentage with two decimals ("66.67"), exact (decimal.js, half-up); "—" of nothing. */
export function percentOf(part: number, whole: number): string {
  return sharePercent(part, whole, Decimal.ROUND_HALF_UP) ?? "—";
}

function matterOf(row: DecisionRow): Matter {
  if (!isMatter(row.matter)) throw new Error(`decision ${row.id} has matter ${row.matter}`);
  return row.matter;
}

export function verdictOf(row: DecisionRow): Verdict {
  return decide(matterOf(row), { areaCentiM2: row.totalAreaCentiM2, owners: row.totalOwners }, {
    agree: { areaCentiM2: row.agreeAreaCentiM2, owners: row.agreeOwners },
    disagree: { areaCentiM2: row.disagreeAreaCentiM2, owners: row.disagreeOwners },
    abstain: { areaCentiM2: row.abstainAreaCentiM2, owners: row.abstainOwners },
  });
}

export interface DecisionListItem {
  id: number;
  year: number;
  serial: number;
  title: string;
  matter: number;
  special: boolean;
  source: "meeting" | "ballot";
  ballotId: number | null;
  heldFrom: string;
  heldUntil: string;
  announcedOn: string;
  participationAreaPercent: string;
  participationOwnersPercent: string;
  outcome: DecisionRow["outcome"];
  authorisedFen: number | null;
  remainingFen: number | null;
}

/** The register, newest first (by year and number). */
export function listDecisions(db: Db): DecisionListItem[] {
  const rows = db.select().from(ownerDecisions).orderBy(desc(ownerDecisions.year), desc(ownerDecisions.serial)).all();
  return rows.map((d) => ({
    id: d.id, year: d.year, serial: d.serial, title: d.title, matter: d.matter, special: isSpecialMatter(matterOf(d)),
    source: d.source, ballotId: d.ballotId, heldFrom: d.heldFrom, heldUntil: d.heldUntil, announcedOn: d.announcedOn,
    participationAreaPercent: percentOf(d.participatingAreaCentiM2, d.totalAreaCentiM2),
    participationOwnersPercent: percentOf(d.participatingOwners, d.totalOwners),
    outcome: d.outcome, authorisedFen: d.authorisedFen,
    remainingFen: decisionSpending(db, d).remainingFen,
  }));
}

/** One line of the tallies table: the count and its share of the participating and of the register. */
export interface TallyLine {
  key: "agree" | "disagree" | "abstain" | "participating" | "absent";
  count: Count;
  ofParticipating: { area: string; owners: string };
  ofTotal: { area: string; owners: string };
}

export interface DecisionDetail {
  decision: DecisionRow;
  verdict: Verdict;
  lines: TallyLine[];
  challengeUntil: string;
  attachments: { id: number; filename: string; kind: DecisionAttachmentKind }[];
  spending: DecisionSpending;
}

export function decisionDetail(db: Db, id: number): DecisionDetail | null {
  const decision = db.select().from(ownerDecisions).where(eq(ownerDecisions.id, id)).get();
  if (!decision) return null;
  const verdict = verdictOf(decision);
  const p = verdict.participating;
  const counts: [TallyLine["key"], Count][] = [
    ["agree", { areaCentiM2: decision.agreeAreaCentiM2, owners: decision.agreeOwners }],
    ["disagree", { areaCentiM2: decision.disagreeAreaCentiM2, owners: decision.disagreeOwners }],
    ["abstain", { areaCentiM2: decision.abstainAreaCentiM2, owners: decision.abstainOwners }],
    ["participating", p],
    ["absent", { areaCentiM2: decision.totalAreaCentiM2 - p.areaCentiM2, owners: decision.totalOwners - p.owners }],
  ];
  const lines = counts.map(([key, count]) => ({
    key, count,
    // Non-participants are no part of the participating: only their share of the register means something.
    ofParticipating: key === "absent" ? { area: "—", owners: "—" } : { area: percentOf(count.areaCentiM2, p.areaCentiM2), owners: percentOf(count.owners, p.owners) },
    ofTotal: { area: percentOf(count.areaCentiM2, decision.totalAreaCentiM2), owners: percentOf(count.owners, decision.totalOwners) },
  }));
  const files = db.select({ id: attachments.id, filename: attachments.filename, kind: decisionAttachments.kind })
    .from(decisionAttachments).innerJoin(attachments, eq(attachments.id, decisionAttachments.attachmentId))
    .where(eq(decisionAttachments.decisionId, id)).orderBy(decisionAttachments.id).all();
  return { decision, verdict, lines, challengeUntil: challengeUntil(decision.announcedOn), attachments: files, spending: decisionSpending(db, decision) };
}

/**
 * A decision's history: its own events, and for one taken by online ballot
 * the ballot's opening and closing (the votes stay on the ballot's page,
 * which only the committee and auditors see, since they name the voters).
 */
export function decisionTimeline(db: Db, decision: DecisionRow): TimelineItem[] {
  const own = subjectTimeline(db, [`decision:${decision.id}`]);
  if (decision.ballotId === null) return own;
  const opened = db.select({ seq: sql<number>`min(${ballotElectors.auditSeq})`.mapWith(Number) }).from(ballotElectors)
    .where(eq(ballotElectors.ballotId, decision.ballotId)).get()?.seq;
  return [...own, ...eventsAt(db, [decision.auditSeq, ...(opened ? [opened] : [])])].sort((a, b) => b.seq - a.seq);
}
