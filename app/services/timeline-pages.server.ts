import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import {
  auditEvents, billRuns, bills, budgetLines, journalEntries, owners, paymentAllocations, payments, proposalPayments, proposals, routineSpendings, units, users,
} from "~db/schema";
import { eventsAt, importSeqsOf, pageTimeline, subjectTimeline, type TimelineItem } from "./timeline.server";

/**
 * The history shown on each subject page (issue 6): the events about the
 * subject, plus the events that wrote its rows as part of ANOTHER subject's
 * event (a unit in a register import, a bill in its run, an entry written by
 * a payment). `writtenBy` is the seq of the event that last wrote the page's
 * own row when that event is about another subject ("written by event #seq"),
 * else null. Read-only; never returns the rows' content.
 */
export interface PageHistory {
  items: TimelineItem[];
  writtenBy: number | null;
}

function subjectOfSeq(db: Db | Tx, seq: number): string | null {
  return db.select({ subject: auditEvents.subject }).from(auditEvents).where(eq(auditEvents.seq, seq)).get()?.subject ?? null;
}

/** The row's own event when it is about another subject than the page. */
function writtenByOf(db: Db | Tx, subject: string, auditSeq: number): number | null {
  const other = subjectOfSeq(db, auditSeq);
  return other !== null && other !== subject ? auditSeq : null;
}

function history(db: Db | Tx, subject: string, auditSeq: number, extraSeqs: readonly number[] = [], extraSubjects: readonly string[] = []): PageHistory {
  return {
    items: pageTimeline(db, { subjects: [subject, ...extraSubjects], seqs: [auditSeq, ...extraSeqs] }),
    writtenBy: writtenByOf(db, subject, auditSeq),
  };
}

/** A unit's own history (admin register page): its edits and the register import that created it. */
export function unitHistory(db: Db | Tx, unitId: number): PageHistory | null {
  const row = db.select({ auditSeq: units.auditSeq }).from(units).where(eq(units.id, unitId)).get();
  return row ? history(db, `unit:${unitId}`, row.auditSeq, importSeqsOf(db, "units", unitId)) : null;
}

/** An owner's history: edits and the import that created the owner. The events name no one (owners appear as digests). */
export function ownerHistory(db: Db | Tx, ownerId: number): PageHistory | null {
  const row = db.select({ auditSeq: owners.auditSeq }).from(owners).where(eq(owners.id, ownerId)).get();
  return row ? history(db, `owner:${ownerId}`, row.auditSeq, importSeqsOf(db, "owners", ownerId)) : null;
}

/** A user account's history: creation, edits, password and status changes, sign-ins. */
export function userHistory(db: Db | Tx, userId: number): PageHistory | null {
  const row = db.select({ auditSeq: users.auditSeq }).from(users).where(eq(users.id, userId)).get();
  return row ? history(db, `user:${userId}`, row.auditSeq) : null;
}

/**
 * A unit's account history (billing page; /billing/bills/:id and
 * /billing/payments/:id land there): the unit's events, each payment's event,
 * the bill runs that issued its bills (ONE event per run for all bills), and
 * the events that wrote its allocations.
 */
export function unitAccountHistory(db: Db | Tx, unitId: number, limit = 200): TimelineItem[] | null {
  const unit = db.select({ auditSeq: units.auditSeq }).from(units).where(eq(units.id, unitId)).get();
  if (!unit) return null;
  const billRows = db.select({ runId: bills.billRunId, auditSeq: bills.auditSeq }).from(bills).where(eq(bills.unitId, unitId)).all();
  const paymentRows = db.select({ id: payments.id, auditSeq: payments.auditSeq }).from(payments).where(eq(payments.unitId, unitId)).all();
  const allocationSeqs = db.select({ auditSeq: paymentAllocations.auditSeq }).from(paymentAllocations).where(eq(paymentAllocations.unitId, unitId)).all();
  const runIds = [...new Set(billRows.map((b) => b.runId))];
  const runSeqs = runIds.length === 0 ? [] : db.select({ auditSeq: billRuns.auditSeq }).from(billRuns).where(inArray(billRuns.id, runIds)).all();
  return pageTimeline(db, {
    subjects: [`unit:${unitId}`, ...paymentRows.map((p) => `payment:${p.id}`), ...runIds.map((id) => `bill_run:${id}`)],
    seqs: [unit.auditSeq, ...billRows.map((b) => b.auditSeq), ...paymentRows.map((p) => p.auditSeq), ...allocationSeqs.map((a) => a.auditSeq), ...runSeqs.map((r) => r.auditSeq)],
  }, limit);
}

/**
 * A journal entry's history: the event that wrote it (entries written by
 * other services carry their source's subject), events about `entry:<id>`,
 * and the reversal that reverses it.
 */
export function entryHistory(db: Db | Tx, entryId: number): PageHistory | null {
  const row = db.select({ auditSeq: journalEntries.auditSeq }).from(journalEntries).where(eq(journalEntries.id, entryId)).get();
  if (!row) return null;
  const reversals = db.select({ auditSeq: journalEntries.auditSeq }).from(journalEntries).where(eq(journalEntries.reversesEntryId, entryId)).all();
  return history(db, `entry:${entryId}`, row.auditSeq, reversals.map((r) => r.auditSeq));
}

/**
 * One budget line's events (the line filter of a budget's timeline): the
 * event that drafted the line, its routine spendings, and the payments of the
 * proposals charged to it. Null when the line is not the budget's.
 */
export function budgetLineHistory(db: Db | Tx, budgetId: number, lineId: number): TimelineItem[] | null {
  const line = db.select({ auditSeq: budgetLines.auditSeq }).from(budgetLines).where(and(eq(budgetLines.id, lineId), eq(budgetLines.budgetId, budgetId))).get();
  if (!line) return null;
  const routine = db.select({ auditSeq: routineSpendings.auditSeq }).from(routineSpendings).where(eq(routineSpendings.budgetLineId, lineId)).all();
  const paid = db.select({ auditSeq: proposalPayments.auditSeq }).from(proposalPayments)
    .innerJoin(proposals, eq(proposals.id, proposalPayments.proposalId)).where(eq(proposals.budgetLineId, lineId)).all();
  return eventsAt(db, [line.auditSeq, ...routine.map((r) => r.auditSeq), ...paid.map((p) => p.auditSeq)]);
}

/** A statement period's history (drafts, approval, publication, board postings, questions and answers): for staff only, it names who asked. */
export function statementHistory(db: Db | Tx, period: string): TimelineItem[] {
  return subjectTimeline(db, [`statement:${period}`]);
}

/**
 * The statement page's validator for staff, who also see the period's
 * timeline: the page's own ETag plus the newest event of the timeline, so a
 * reopen request or a new draft (which the page's ETag does not cover)
 * changes it too.
 */
export function withTimelineEtag(etag: string, items: readonly TimelineItem[]): string {
  return `"${etag.replace(/^"|"$/g, "")}.t${items[0]?.seq ?? 0}"`;
}
