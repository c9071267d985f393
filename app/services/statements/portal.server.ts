import type { Db, Tx } from "~db/connection";
import { shanghaiDate } from "~/domain/calendar";
import { parsePeriod, quarterOf, type StatementSnapshot } from "~/domain/statements/snapshot";
import { questionLines, type QuestionLine, type QuestionView } from "~/domain/statements/question-forms";
import type { Locale } from "~/i18n/locales";
import type { SessionUser } from "../auth.server";
import { boardPostingsOf } from "./board.server";
import { statementChartsSvg, type HistoryPoint } from "./charts.server";
import { cacheControlFor, etagMatches, pageChangeSeq, statementEtag } from "./etag.server";
import { getPublished, latestPublished, latestPublishedList, listPublished, publishedByHash, type PublishedRow } from "./published.server";
import { mayAsk, overdueCount, questionsOfPeriod } from "./questions.server";

/**
 * What the owners' portal reads about published statements: the list with
 * every revision, and one revision with what surrounds it (the revision
 * that replaced it, the one it corrects, the previous period's, the board
 * postings and the recent quarters for the chart). Nothing here is personal
 * data: snapshots carry totals and masked supplier names only.
 */
export interface RevisionItem {
  id: number;
  period: string;
  revision: number;
  publishedOn: string; // YYYY-MM-DD, Asia/Shanghai
  hash: string;
  postedFrom: string;
  postedTo: string;
  reason: string | null; // why it corrects the revision before it
}

export interface PeriodEntry {
  period: string;
  kind: "quarter" | "year";
  latest: RevisionItem;
  older: RevisionItem[]; // newest first
}

function snapshotOf(row: PublishedRow): StatementSnapshot {
  return JSON.parse(row.snapshot) as StatementSnapshot;
}

function revisionItem(row: PublishedRow, snapshot?: StatementSnapshot): RevisionItem {
  return {
    id: row.id, period: row.period, revision: row.revision, publishedOn: shanghaiDate(new Date(row.publishedAt)), hash: row.hash,
    postedFrom: row.postedFrom, postedTo: row.postedTo, reason: (snapshot ?? snapshotOf(row)).supersedes?.reason ?? null,
  };
}

/** Every published period, newest first, its latest revision first and the older ones under it. */
export function publishedIndex(db: Db | Tx): { quarters: PeriodEntry[]; years: PeriodEntry[] } {
  const byPeriod = new Map<string, PeriodEntry>();
  for (const row of listPublished(db)) {
    const item = revisionItem(row);
    const entry = byPeriod.get(row.period);
    if (entry) entry.older.push(item);
    else byPeriod.set(row.period, { period: row.period, kind: row.periodKind, latest: item, older: [] });
  }
  const entries = [...byPeriod.values()];
  return { quarters: entries.filter((e) => e.kind === "quarter"), years: entries.filter((e) => e.kind === "year") };
}

export interface BoardPostingView {
  id: number;
  location: string;
  postedOn: string;
  note: string;
  photoAttachmentId: number | null;
}

/** The co-managed book's income and spending in the last `count` published quarters up to `period` (latest revisions). */
export function quarterHistory(db: Db | Tx, period: string, count = 8): HistoryPoint[] {
  const parsed = parsePeriod(period);
  if (!parsed) return [];
  const lastQuarter = quarterOf(parsed.endDate);
  return latestPublishedList(db, "quarter")
    .filter((row) => row.period <= lastQuarter)
    .slice(0, count)
    .reverse()
    .map((row) => {
      const book = snapshotOf(row).figures.books.cogoverned;
      return { period: row.period, incomeFen: book.incomeTotalFen, spendingFen: book.spendingTotalFen };
    });
}

export interface StatementPage {
  id: number;
  snapshot: StatementSnapshot;
  item: RevisionItem;
  latest: boolean;
  auditHead: { seq: number; hash: string };
  newest: { id: number; revision: number } | null; // the latest revision when this one is superseded
  corrects: { id: number; revision: number; hash: string } | null; // the revision this one corrects
  previous: { id: number; period: string; hash: string } | null; // the previous period's statement, when published here
  previousHash: string | null;
  history: HistoryPoint[];
  boardPostings: BoardPostingView[];
}

/** One published revision with everything its page shows around the snapshot, or null. */
export function statementPage(db: Db | Tx, publishedId: number): StatementPage | null {
  const found = getPublished(db, publishedId);
  if (!found) return null;
  const { row, snapshot, latest } = found;
  const newestRow = latest ? null : latestPublished(db, row.period);
  const correctedRow = row.supersedesHash ? publishedByHash(db, row.supersedesHash) : null;
  const previousRow = row.previousHash ? publishedByHash(db, row.previousHash) : null;
  return {
    id: row.id,
    snapshot,
    item: revisionItem(row, snapshot),
    latest,
    auditHead: { seq: row.auditHeadSeq, hash: row.auditHeadHash },
    newest: newestRow ? { id: newestRow.id, revision: newestRow.revision } : null,
    corrects: correctedRow ? { id: correctedRow.id, revision: correctedRow.revision, hash: correctedRow.hash } : null,
    previous: previousRow ? { id: previousRow.id, period: previousRow.period, hash: previousRow.hash } : null,
    previousHash: row.previousHash,
    history: quarterHistory(db, row.period),
    boardPostings: boardPostingsOf(db, row.id),
  };
}

export interface StatementPageView extends StatementPage {
  charts: { byKind: string; quarters: string };
  questions: QuestionView[];
  overdueCount: number;
  canAsk: boolean;
  lines: QuestionLine[];
  isCommittee: boolean;
  isStaff: boolean;
  signedIn: boolean; // questions are shown to signed-in readers only
}

export type StatementPageResult =
  | { status: "missing" }
  | { status: "unchanged"; headers: Record<string, string> }
  | { status: "ok"; headers: Record<string, string>; view: StatementPageView };

/**
 * The statement page for one reader: its validator first (so a conditional
 * GET that matches costs no chart rendering), then everything it shows.
 */
export function statementPageView(
  db: Db | Tx,
  publishedId: number,
  reader: { user: SessionUser | null; locale: Locale; today: string; ifNoneMatch: string | null },
): StatementPageResult {
  const page = statementPage(db, publishedId);
  if (!page) return { status: "missing" };
  const viewer = reader.user?.id ?? null;
  const etag = statementEtag({ hash: page.item.hash, locale: reader.locale, viewer, today: reader.today }, pageChangeSeq(db, page.item.period, page.id));
  const headers = { ETag: etag, "Cache-Control": cacheControlFor(viewer), Vary: "Cookie" };
  if (etagMatches(reader.ifNoneMatch, etag)) return { status: "unchanged", headers };
  const roles = reader.user?.roles ?? [];
  return {
    status: "ok",
    headers,
    view: {
      ...page,
      charts: statementChartsSvg(page.snapshot.figures, page.history, reader.locale),
      questions: questionsOfPeriod(db, page.item.period, { userId: viewer }, reader.today),
      overdueCount: overdueCount(db, page.item.period, reader.today),
      canAsk: page.latest && mayAsk(db, reader.user),
      lines: questionLines(page.snapshot.figures, reader.locale),
      isCommittee: roles.includes("committee"),
      isStaff: roles.some((r) => r === "manager" || r === "committee" || r === "auditor"),
      signedIn: reader.user !== null,
    },
  };
}
