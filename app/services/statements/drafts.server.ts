import { desc, eq, min } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { journalEntries, publishedStatements, statementDrafts } from "~db/schema";
import { shanghaiDate } from "~/domain/calendar";
import { DomainError } from "~/domain/errors";
import { hasAnyRole } from "~/domain/roles";
import { draftProblem, endedQuarters, WORK_REPORT_MAX, type PeriodsState } from "~/domain/statements/publishing";
import { parsePeriod } from "~/domain/statements/snapshot";
import { actorOf } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import type { SessionUser } from "../auth.server";

export type DraftRow = typeof statementDrafts.$inferSelect;
type Acting = Pick<SessionUser, "id" | "roles" | "isDirector">;

function requireManager(user: Acting): void {
  if (!hasAnyRole(user.roles, ["manager"])) throw new DomainError("errors.forbidden", { status: 403 });
}

function requireDirector(user: Acting): void {
  if (!user.isDirector || !hasAnyRole(user.roles, ["committee"])) throw new DomainError("publishing.errors.directorOnly", { status: 403 });
}

function cleanWorkReport(text: string): string {
  const workReport = text.trim();
  if (workReport.length > WORK_REPORT_MAX) {
    throw new DomainError("publishing.errors.workReportTooLong", { field: "workReport", params: { max: WORK_REPORT_MAX }, status: 422 });
  }
  return workReport;
}

/** Which periods have drafts and publications: what drafting decides on. */
export function periodsState(db: Db | Tx): PeriodsState {
  const drafted = new Set(db.selectDistinct({ period: statementDrafts.period }).from(statementDrafts).all().map((r) => r.period));
  const published = new Set(db.selectDistinct({ period: publishedStatements.period }).from(publishedStatements).all().map((r) => r.period));
  return { drafted, published };
}

function loadDraft(db: Db | Tx, id: number): DraftRow {
  const draft = getDraft(db, id);
  if (!draft) throw new DomainError("errors.notFound", { status: 404 });
  return draft;
}

/** A manager starts the first revision of a period ("2026Q1" or "2026"); action statement.draft. */
export function createDraft(db: Db, input: { period: string; workReport: string }, user: SessionUser, now = new Date()): { draft: DraftRow } {
  requireManager(user);
  const label = input.period.trim();
  const workReport = cleanWorkReport(input.workReport);
  const today = shanghaiDate(now);
  return auditedWrite(db, { actor: actorOf(user), action: "statement.draft" }, (tx, seq) => {
    const problem = draftProblem(label, today, periodsState(tx));
    if (problem) throw new DomainError(problem.code, { field: "period", params: problem.params, status: problem.code.endsWith(".period") ? 422 : 409 });
    const period = parsePeriod(label)!;
    const draft = tx.insert(statementDrafts).values({
      periodKind: period.kind, period: label, revision: 1, workReport, status: "draft",
      draftedBy: user.id, createdAt: now.toISOString(), auditSeq: seq,
    }).returning().get();
    return { result: { draft }, subject: `statement:${label}`, rows: { statement_drafts: [rowViews.statement_drafts(draft)] }, extra: { to: "draft", revision: 1 } };
  });
}

/** A manager edits the work report; an approved draft goes back to "draft" (its approval cleared). Action statement.update. */
export function updateWorkReport(db: Db, draftId: number, input: { workReport: string }, user: SessionUser, now = new Date()): { draft: DraftRow } {
  requireManager(user);
  const workReport = cleanWorkReport(input.workReport);
  void now;
  return auditedWrite(db, { actor: actorOf(user), action: "statement.update" }, (tx, seq) => {
    const before = loadDraft(tx, draftId);
    if (before.status === "published") throw new DomainError("publishing.errors.alreadyPublished", { status: 409, params: { period: before.period, revision: before.revision } });
    const draft = tx.update(statementDrafts).set({ workReport, status: "draft", approvedBy: null, approvedAt: null, auditSeq: seq })
      .where(eq(statementDrafts.id, draftId)).returning().get();
    return {
      result: { draft }, subject: `statement:${draft.period}`, rows: { statement_drafts: [rowViews.statement_drafts(draft)] },
      extra: { from: before.status, to: draft.status, revision: draft.revision },
    };
  });
}

/** The director approves the draft as it stands; action statement.approve. */
export function approveDraft(db: Db, draftId: number, user: SessionUser, now = new Date()): { draft: DraftRow } {
  requireDirector(user);
  return auditedWrite(db, { actor: actorOf(user), action: "statement.approve" }, (tx, seq) => {
    const before = loadDraft(tx, draftId);
    if (before.status === "published") throw new DomainError("publishing.errors.alreadyPublished", { status: 409, params: { period: before.period, revision: before.revision } });
    if (before.status === "approved") throw new DomainError("publishing.errors.alreadyApproved", { status: 409 });
    const draft = tx.update(statementDrafts).set({ status: "approved", approvedBy: user.id, approvedAt: now.toISOString(), auditSeq: seq })
      .where(eq(statementDrafts.id, draftId)).returning().get();
    return {
      result: { draft }, subject: `statement:${draft.period}`, rows: { statement_drafts: [rowViews.statement_drafts(draft)] },
      extra: { from: before.status, to: draft.status, revision: draft.revision },
    };
  });
}

/** Every draft (each revision of each period), newest first. */
export function listDrafts(db: Db | Tx): DraftRow[] {
  return db.select().from(statementDrafts).orderBy(desc(statementDrafts.id)).all();
}

export function getDraft(db: Db | Tx, id: number): DraftRow | null {
  return db.select().from(statementDrafts).where(eq(statementDrafts.id, id)).get() ?? null;
}

/** The latest revision's draft of a period, or null. */
export function latestDraftOf(db: Db | Tx, period: string): DraftRow | null {
  return db.select().from(statementDrafts).where(eq(statementDrafts.period, period)).orderBy(desc(statementDrafts.revision)).limit(1).get() ?? null;
}

/**
 * The periods that may get a first draft now, newest first: ended quarters
 * (in order, see draftProblem) and years whose four quarters are published,
 * from the year of the ledger's first entry.
 */
export function draftablePeriods(db: Db | Tx, today: string): string[] {
  const first = db.select({ date: min(journalEntries.businessDate) }).from(journalEntries).get()?.date ?? null;
  const sinceYear = first ? Number(first.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
  const state = periodsState(db);
  const quarters = endedQuarters(today, sinceYear);
  const years = Array.from({ length: Number(today.slice(0, 4)) - sinceYear + 1 }, (_, i) => String(sinceYear + i));
  return [...quarters, ...years]
    .filter((label) => draftProblem(label, today, state) === null)
    .sort((a, b) => parsePeriod(b)!.endDate.localeCompare(parsePeriod(a)!.endDate) || b.length - a.length);
}
