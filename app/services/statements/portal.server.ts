import { and, desc, eq, lte } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { publishedStatements } from "~db/schema";
import { shanghaiDate } from "~/domain/calendar";
import { parsePeriod, quarterOf, type StatementSnapshot } from "~/domain/statements/snapshot";
import { questionLines, type QuestionLine, type QuestionView } from "~/domain/statements/question-forms";
import type { Locale } from "~/i18n/locales";
import type { SessionUser } from "../auth.server";
import { boardPostingsOf } from "./board.server";
import { statementCharts, type HistoryPoint } from "./charts.server";
import { cacheControlFor, etagMatches, pageChangeSeq, statementEtag } from "./etag.server";
import { listPublished, type PublishedRow } from "./published.server";
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

/**
 * A published snapshot never changes, and its hash names its bytes: what is
 * derived from it alone (the parsed object, the charts) is kept per process
 * under that hash, in small maps that drop the least recently used entry.
 * Callers must not mutate what they get from here.
 */
class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string, make: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = make();
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

const snapshots = new BoundedCache<StatementSnapshot>(64);
const charts = new BoundedCache<string>(64);

/** A published row without its snapshot text (read the snapshot through snapshotByHash). */
type PublishedMeta = Omit<PublishedRow, "snapshot" | "draftId" | "publishedBy" | "auditSeq">;

const META = {
  id: publishedStatements.id, periodKind: publishedStatements.periodKind, period: publishedStatements.period, revision: publishedStatements.revision,
  hash: publishedStatements.hash, auditHeadSeq: publishedStatements.auditHeadSeq, auditHeadHash: publishedStatements.auditHeadHash,
  previousHash: publishedStatements.previousHash, supersedesHash: publishedStatements.supersedesHash,
  postedFrom: publishedStatements.postedFrom, postedTo: publishedStatements.postedTo, publishedAt: publishedStatements.publishedAt,
};

function snapshotByHash(db: Db | Tx, hash: string): StatementSnapshot {
  return snapshots.get(hash, () => {
    const raw = db.select({ snapshot: publishedStatements.snapshot }).from(publishedStatements).where(eq(publishedStatements.hash, hash)).get()?.snapshot;
    if (raw === undefined) throw new Error(`no published statement with hash ${hash}`);
    return JSON.parse(raw) as StatementSnapshot;
  });
}

function snapshotOf(row: PublishedRow): StatementSnapshot {
  return snapshots.get(row.hash, () => JSON.parse(row.snapshot) as StatementSnapshot);
}

function metaById(db: Db | Tx, id: number): PublishedMeta | null {
  return db.select(META).from(publishedStatements).where(eq(publishedStatements.id, id)).get() ?? null;
}

function metaByHash(db: Db | Tx, hash: string): PublishedMeta | null {
  return db.select(META).from(publishedStatements).where(eq(publishedStatements.hash, hash)).get() ?? null;
}

function latestOf(db: Db | Tx, period: string): { id: number; revision: number } | null {
  return db.select({ id: publishedStatements.id, revision: publishedStatements.revision }).from(publishedStatements)
    .where(eq(publishedStatements.period, period)).orderBy(desc(publishedStatements.revision)).limit(1).get() ?? null;
}

function revisionItem(row: PublishedMeta, snapshot: StatementSnapshot): RevisionItem {
  return {
    id: row.id, period: row.period, revision: row.revision, publishedOn: shanghaiDate(new Date(row.publishedAt)), hash: row.hash,
    postedFrom: row.postedFrom, postedTo: row.postedTo, reason: snapshot.supersedes?.reason ?? null,
  };
}

/** Every published period, newest first, its latest revision first and the older ones under it. */
export function publishedIndex(db: Db | Tx): { quarters: PeriodEntry[]; years: PeriodEntry[] } {
  const byPeriod = new Map<string, PeriodEntry>();
  for (const row of listPublished(db)) {
    const item = revisionItem(row, snapshotOf(row));
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
  const rows = db.select({ period: publishedStatements.period, hash: publishedStatements.hash }).from(publishedStatements)
    .where(and(eq(publishedStatements.periodKind, "quarter"), lte(publishedStatements.period, lastQuarter)))
    .orderBy(desc(publishedStatements.period), desc(publishedStatements.revision)).all();
  const seen = new Set<string>();
  const latest = rows.filter((row) => (seen.has(row.period) ? false : (seen.add(row.period), true))).slice(0, count).reverse();
  return latest.map((row) => {
    const book = snapshotByHash(db, row.hash).figures.books.cogoverned;
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
  const row = metaById(db, publishedId);
  if (!row) return null;
  const snapshot = snapshotByHash(db, row.hash);
  const newestRow = latestOf(db, row.period);
  const latest = !newestRow || newestRow.revision === row.revision;
  const correctedRow = row.supersedesHash ? metaByHash(db, row.supersedesHash) : null;
  const previousRow = row.previousHash ? metaByHash(db, row.previousHash) : null;
  return {
    id: row.id,
    snapshot,
    item: revisionItem(row, snapshot),
    latest,
    auditHead: { seq: row.auditHeadSeq, hash: row.auditHeadHash },
    newest: latest || !newestRow ? null : { id: newestRow.id, revision: newestRow.revision },
    corrects: correctedRow ? { id: correctedRow.id, revision: correctedRow.revision, hash: correctedRow.hash } : null,
    previous: previousRow ? { id: previousRow.id, period: previousRow.period, hash: previousRow.hash } : null,
    previousHash: row.previousHash,
    history: quarterHistory(db, row.period),
    boardPostings: boardPostingsOf(db, row.id),
  };
}

/**
 * The two charts, each rendered once per content and language: the by-kind
 * chart depends on the snapshot alone (its hash), the quarters chart on the
 * history points it draws.
 */
async function chartsOf(page: StatementPage, locale: Locale): Promise<{ byKind: string; quarters: string }> {
  const draw = await statementCharts();
  const historyKey = page.history.map((h) => `${h.period}:${h.incomeFen}:${h.spendingFen}`).join(",");
  return {
    byKind: charts.get(`kind|${locale}|${page.item.hash}`, () => draw.byKind(page.snapshot.figures, locale)),
    quarters: charts.get(`quarters|${locale}|${historyKey}`, () => draw.quarters(page.history, locale)),
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
export async function statementPageView(
  db: Db | Tx,
  publishedId: number,
  reader: { user: SessionUser | null; locale: Locale; today: string; ifNoneMatch: string | null },
): Promise<StatementPageResult> {
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
      charts: await chartsOf(page, reader.locale),
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
