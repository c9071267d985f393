import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { publishedStatements, statementAnswers, statementBoardPostings, statementQuestions } from "~db/schema";

/**
 * A published statement never changes, but its page does: who reads it, in
 * which language, the questions and answers on the period, the board
 * postings, a newer revision or quarter (the banner, the chart) and the day
 * (a question turns overdue). The validator covers all of them, so a
 * conditional GET is answered 304 only when the page would be the same.
 */
export interface PageVersion {
  hash: string; // the statement's hash
  locale: string;
  viewer: number | null;
  today: string;
}

/** The latest audit seq of everything outside the snapshot that its page shows. */
export function pageChangeSeq(db: Db | Tx, period: string, publishedId: number): string {
  const max = (query: ReturnType<typeof sql>) => Number(db.get<{ n: number | null }>(query)?.n ?? 0);
  const questions = max(sql`select max(${statementQuestions.auditSeq}) as n from ${statementQuestions} where ${statementQuestions.period} = ${period}`);
  const answers = max(sql`select max(a.audit_seq) as n from ${statementAnswers} a join ${statementQuestions} q on q.id = a.question_id where q.period = ${period}`);
  const board = max(sql`select max(${statementBoardPostings.auditSeq}) as n from ${statementBoardPostings} where ${statementBoardPostings.publishedId} = ${publishedId}`);
  const published = max(sql`select max(${publishedStatements.auditSeq}) as n from ${publishedStatements}`);
  return `${Math.max(questions, answers)}.${board}.${published}`;
}

/** A strong validator for one rendering of a statement page. */
export function statementEtag(version: PageVersion, changeSeq: string): string {
  const digest = createHash("sha256")
    .update([version.hash, version.locale, version.viewer === null ? "anon" : String(version.viewer), version.today, changeSeq].join("\n"))
    .digest("base64url");
  return `"${digest.slice(0, 32)}"`;
}

/** Whether an If-None-Match header names this validator (a list, "*", or a weak copy of it). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").map((tag) => tag.trim().replace(/^W\//, "")).some((tag) => tag === "*" || tag === etag);
}

export function cacheControlFor(viewer: number | null): string {
  return viewer === null ? "public, max-age=300" : "private, no-cache";
}

