import { eq, max, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { decisionAttachments, ownerDecisions, units } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { isMatter, type Matter } from "~/domain/decisions/matters";
import { checkTallies, decide, type RegisterTotals, type Tallies } from "~/domain/decisions/outcome";
import type { JsonObject } from "~/domain/audit-chain";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { insertAttachment, type StoredAttachment } from "../attachments.server";
import type { DecisionRow } from "./usage.server";

/**
 * The register's totals (SPC interpretation arts. 8–9): the exclusive area of
 * every unit, and one head per owner record. A co-owned unit has one owner
 * record; an owner of several units is one record; the developer's unsold
 * and undelivered units all belong to its one developer record.
 */
export function registerTotals(db: Db | Tx): RegisterTotals {
  const row = db.select({
    area: sql<number>`coalesce(sum(${units.areaCentiM2}), 0)`.mapWith(Number),
    owners: sql<number>`count(DISTINCT ${units.ownerId})`.mapWith(Number),
  }).from(units).get();
  return { areaCentiM2: row?.area ?? 0, owners: row?.owners ?? 0 };
}

export interface DecisionValues {
  title: string;
  matter: Matter;
  text: string;
  source: "meeting" | "ballot";
  ballotId: number | null;
  heldFrom: string; // YYYY-MM-DD
  heldUntil: string;
  announcedOn: string;
  totals: RegisterTotals; // the register (or a ballot's electors) the tallies are counted against
  tallies: Tallies;
  authorisedFen: number | null;
}

/**
 * Writes one decision inside an audited write (recordDecision, or closing a
 * ballot): refuses impossible tallies, numbers it within the year it was
 * taken, and stores the outcome the domain computes. Returns the row and its view.
 */
export function insertDecision(tx: Tx, seq: number, values: DecisionValues, actor: Actor, now: Date): { row: DecisionRow; view: JsonObject } {
  if (!isMatter(values.matter)) throw new DomainError("decisions.errors.matter", { field: "matter" });
  const problem = checkTallies(values.totals, values.tallies);
  if (problem) throw new DomainError(problem.code, { field: "agreeArea" });
  if (values.heldUntil < values.heldFrom) throw new DomainError("decisions.errors.datesOrder", { field: "heldUntil" });
  if (values.announcedOn < values.heldUntil) throw new DomainError("decisions.errors.announcedBeforeEnd", { field: "announcedOn" });
  const verdict = decide(values.matter, values.totals, values.tallies);
  const year = Number(values.heldUntil.slice(0, 4));
  const last = tx.select({ serial: max(ownerDecisions.serial) }).from(ownerDecisions).where(eq(ownerDecisions.year, year)).get();
  const { tallies: t, totals } = values;
  const row = tx.insert(ownerDecisions).values({
    year, serial: (last?.serial ?? 0) + 1, title: values.title, matter: values.matter, text: values.text,
    source: values.source, ballotId: values.ballotId, heldFrom: values.heldFrom, heldUntil: values.heldUntil, announcedOn: values.announcedOn,
    totalAreaCentiM2: totals.areaCentiM2, totalOwners: totals.owners,
    participatingAreaCentiM2: verdict.participating.areaCentiM2, participatingOwners: verdict.participating.owners,
    agreeAreaCentiM2: t.agree.areaCentiM2, agreeOwners: t.agree.owners,
    disagreeAreaCentiM2: t.disagree.areaCentiM2, disagreeOwners: t.disagree.owners,
    abstainAreaCentiM2: t.abstain.areaCentiM2, abstainOwners: t.abstain.owners,
    outcome: verdict.outcome, authorisedFen: values.authorisedFen,
    recordedBy: actor, recordedAt: now.toISOString(), auditSeq: seq,
  }).returning().get();
  return { row, view: rowViews.owner_decisions(row) };
}

export type DecisionAttachmentKind = "minutes" | "ballots" | "other";

/**
 * A committee member records a decision taken at a meeting or by written
 * consultation (action `decision.record`, subject `decision:<id>`), counted
 * against today's register, with its minutes and counted ballots (stored
 * first with storeAttachmentFile). Returns the decision row.
 */
export function recordDecision(
  db: Db,
  input: Omit<DecisionValues, "source" | "ballotId" | "totals"> & { attachments?: { kind: DecisionAttachmentKind; stored: StoredAttachment }[] },
  actor: Actor,
  now = new Date(),
): DecisionRow {
  return auditedWrite(db, { actor, action: "decision.record" }, (tx, seq) => {
    const { row, view } = insertDecision(tx, seq, { ...input, source: "meeting", ballotId: null, totals: registerTotals(tx) }, actor, now);
    const files = (input.attachments ?? []).map((a) => {
      const attachment = insertAttachment(tx, seq, a.stored, actor);
      const link = tx.insert(decisionAttachments).values({ decisionId: row.id, attachmentId: attachment.row.id, kind: a.kind, auditSeq: seq }).returning().get();
      return { attachment: attachment.view, link: rowViews.decision_attachments(link) };
    });
    return {
      result: row,
      subject: `decision:${row.id}`,
      rows: {
        owner_decisions: [view],
        ...(files.length > 0 ? { attachments: files.map((f) => f.attachment), decision_attachments: files.map((f) => f.link) } : {}),
      },
      extra: { outcome: row.outcome, matter: row.matter },
    };
  });
}
