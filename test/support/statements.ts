/**
 * Builders for statements (issue 5, section A): a quarter or year drafted,
 * approved and published through the services, the users acting as they
 * would, and the digest compared before and after a refusal. Free of
 * vitest, so demo scripts may use it too.
 */
import { eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { users } from "~db/schema";
import { addDays } from "~/domain/calendar";
import { parseRoles } from "~/services/users.server";
import { parsePeriod } from "~/domain/statements/snapshot";
import type { SessionUser } from "~/services/auth.server";
import { approveDraft, createDraft, latestDraftOf, updateWorkReport } from "~/services/statements/drafts.server";
import { publishStatement } from "~/services/statements/publish.server";

/** The user with this login as the session gives it (demo logins: manager, director, committee1…, auditor, owner). */
export function sessionUserOf(db: Db, login: string): SessionUser {
  const row = db.select().from(users).where(eq(users.login, login)).get();
  if (!row) throw new Error(`no user ${login}`);
  return { id: row.id, displayName: row.displayName, roles: parseRoles(row.roles), isDirector: row.isDirector, ownerId: row.ownerId, mustChangePassword: false };
}

export interface PublishOptions {
  workReport?: string;
  postedFrom?: string; // default: the day after the period ends
  days?: number; // the posting window's length, default 15
  location?: string;
  now?: Date; // default: 2026-11-21 10:00 Shanghai
  manager?: string;
  director?: string;
  publisher?: string;
}

export const STATEMENT_NOW = new Date("2026-11-21T02:00:00Z");

/**
 * Drafts (or takes the open draft of a reopened period), approves and
 * publishes a period with demo users; returns the published row.
 */
export function publishPeriod(db: Db, period: string, options: PublishOptions = {}) {
  const now = options.now ?? STATEMENT_NOW;
  const manager = sessionUserOf(db, options.manager ?? "manager");
  const director = sessionUserOf(db, options.director ?? "director");
  const publisher = sessionUserOf(db, options.publisher ?? "committee1");
  const workReport = options.workReport ?? `${period} 工作情况汇报：\n- 日常保洁、绿化养护正常\n- 完成消防设施年度检测`;
  const open = latestDraftOf(db, period);
  let draft = open && open.status !== "published" ? updateWorkReport(db, open.id, { workReport: open.workReport || workReport }, manager, now).draft
    : createDraft(db, { period, workReport }, manager, now).draft;
  draft = approveDraft(db, draft.id, director, now).draft;
  const postedFrom = options.postedFrom ?? addDays(parsePeriod(period)!.endDate, 1);
  const postedTo = addDays(postedFrom, (options.days ?? 15) - 1);
  return publishStatement(db, draft.id, { postedFrom, postedTo, location: options.location }, publisher, now).published;
}

/** Same as publishPeriod, named for quarters. */
export const publishQuarter = publishPeriod;

export const STATEMENT_TABLES = [
  "statement_drafts", "published_statements", "statement_board_postings", "approvals", "votes", "attachments",
  "journal_entries", "postings", "notification_outbox", "audit_events",
] as const;

export function statementDigest(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of STATEMENT_TABLES) out[table] = (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  out.maxSeq = (db.$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n;
  return out;
}
