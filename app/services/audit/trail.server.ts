import { desc, eq, inArray } from "drizzle-orm";
import type { Db } from "~db/connection";
import { publishedStatements, statementDrafts, users } from "~db/schema";
import { subjectFilter, TEXT_SCAN_WINDOW, TRAIL_PAGE_SIZE, trailQuerySchema, type TrailPage, type TrailQuery, type TrailRow } from "~/domain/audit/trail-query";
import { subjectHref } from "~/domain/audit/subject-links";
import { addDays } from "~/domain/calendar";
import { DomainError, isDomainError } from "~/domain/errors";
import type { Role } from "~/domain/roles";
import { actorUserId, subjectKind, timelineItem } from "~/domain/timeline";

/**
 * The auditor's trail (issue 6): the audit events filtered on the server,
 * paged by seq with keyset cursors (never OFFSET, never a filtered COUNT).
 * A time range becomes a seq range through the `at` index (`at` never
 * decreases along the chain); actor, action and subject walk their indexes,
 * which carry the rowid (= seq) in order; the text search scans at most
 * TEXT_SCAN_WINDOW seqs per page and says so when it stops early.
 */
export { TEXT_SCAN_WINDOW };

export type { TrailPage, TrailRow } from "~/domain/audit/trail-query";

interface EventRow { seq: number; at: string; actor: string; action: string; subject: string; data: string; hash: string }

const SHANGHAI_OFFSET = "+08:00";

/** The UTC instant a Shanghai day starts, in the chain's `at` format. */
export function shanghaiDayStart(date: string): string {
  return new Date(`${date}T00:00:00.000${SHANGHAI_OFFSET}`).toISOString();
}

/** The seq window [lo, hi] of a time range (inclusive Shanghai days), or null when no event falls in it. */
export function seqWindow(db: Db, range: { from?: string; to?: string }): { lo: number; hi: number } | null {
  const client = db.$client;
  let lo = 1;
  // max(rowid) is one seek to the end of the table's b-tree.
  let hi = (client.prepare("SELECT max(seq) AS seq FROM audit_events").get() as { seq: number | null }).seq ?? 0;
  if (hi === 0) return null;
  if (range.from !== undefined) {
    const row = client.prepare("SELECT seq FROM audit_events WHERE at >= ? ORDER BY at ASC, seq ASC LIMIT 1").get(shanghaiDayStart(range.from)) as { seq: number } | undefined;
    if (!row) return null;
    lo = row.seq;
  }
  if (range.to !== undefined) {
    const row = client.prepare("SELECT seq FROM audit_events WHERE at < ? ORDER BY at DESC, seq DESC LIMIT 1").get(shanghaiDayStart(addDays(range.to, 1))) as { seq: number } | undefined;
    if (!row) return null;
    hi = Math.min(hi, row.seq);
  }
  return lo <= hi ? { lo, hi } : null;
}

/** Distinct values of an indexed column, one index seek per value (no scan of a million rows). */
function distinctIndexed(db: Db, column: "action" | "actor"): string[] {
  const index = column === "action" ? "audit_events_action_idx" : "audit_events_actor_idx";
  const next = db.$client.prepare(`SELECT ${column} AS v FROM audit_events INDEXED BY ${index} WHERE ${column} > ? ORDER BY ${column} LIMIT 1`);
  const values: string[] = [];
  let last = "";
  for (;;) {
    const row = next.get(last) as { v: string } | undefined;
    if (!row) return values;
    values.push(row.v);
    last = row.v;
  }
}

export function trailActions(db: Db): string[] {
  return distinctIndexed(db, "action");
}

/** The actors who appear in the chain: users by display name, then "system"/"anonymous". */
export function trailActors(db: Db): { value: string; name: string | null }[] {
  const actors = distinctIndexed(db, "actor");
  const names = userNames(db, actors.map(actorUserId).filter((id): id is number => id !== null));
  return actors
    .map((value) => {
      const id = actorUserId(value);
      return { value, name: id !== null ? names.get(id) ?? null : null };
    })
    .sort((a, b) => (a.name === null) === (b.name === null) ? Number(a.value) - Number(b.value) || a.value.localeCompare(b.value) : a.name === null ? 1 : -1);
}

function userNames(db: Db, ids: number[]): Map<number, string> {
  const names = new Map<number, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    for (const u of db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, chunk)).all()) names.set(u.id, u.displayName);
  }
  return names;
}

/** The SQL of one page: the seq window, the filters, the index to walk. Exported for EXPLAIN QUERY PLAN in tests. */
export function trailSql(query: TrailQuery, direction: "older" | "newer"): { sql: string; params: (string | number)[] } {
  const where = ["seq BETWEEN ? AND ?"];
  const params: (string | number)[] = [];
  let index: string | null = null;
  if (query.subject !== undefined) {
    const filter = subjectFilter(query.subject);
    if ("exact" in filter) {
      where.push("subject = ?");
      params.push(filter.exact);
      index = "audit_events_subject_idx";
    } else {
      // "proposal:" .. "proposal;" (';' follows ':'): an index range, unlike a case-insensitive LIKE.
      where.push("subject >= ? AND subject < ?");
      params.push(filter.prefix, `${filter.prefix.slice(0, -1)};`);
    }
  }
  if (query.actor !== undefined) {
    where.push("actor = ?");
    params.push(query.actor);
    index ??= "audit_events_actor_idx";
  }
  if (query.action !== undefined) {
    where.push("action = ?");
    params.push(query.action);
    index ??= "audit_events_action_idx";
  }
  if (query.text !== undefined) {
    where.push("instr(data, ?) > 0");
    params.push(query.text);
  }
  const order = direction === "older" ? "DESC" : "ASC";
  const from = index ? `audit_events INDEXED BY ${index}` : "audit_events";
  const sql = `SELECT seq, at, actor, action, subject, data, hash FROM ${from} WHERE ${where.join(" AND ")} ORDER BY seq ${order} LIMIT ${TRAIL_PAGE_SIZE + 1}`;
  return { sql, params };
}

/**
 * One page of the trail, newest first. Throws DomainError
 * trail.errors.unknownAction for an action that never appears in the chain.
 */
export function trailPage(db: Db, query: TrailQuery, roles: readonly Role[], options: { scanWindow?: number } = {}): TrailPage {
  const scanWindow = options.scanWindow ?? TEXT_SCAN_WINDOW;
  if (query.action !== undefined && !trailActions(db).includes(query.action)) {
    throw new DomainError("trail.errors.unknownAction", { field: "action", params: { action: query.action } });
  }
  const empty: TrailPage = { rows: [], older: null, newer: null, limited: false };
  const window = seqWindow(db, query);
  if (!window) return empty;
  const direction = query.after !== undefined ? "newer" : "older";
  let { lo, hi } = window;
  if (query.before !== undefined) hi = Math.min(hi, query.before - 1);
  if (query.after !== undefined) lo = Math.max(lo, query.after + 1);
  if (lo > hi) return empty;
  // The text search examines at most scanWindow seqs from the cursor on.
  let bounded = false;
  if (query.text !== undefined && hi - lo + 1 > scanWindow) {
    bounded = true;
    if (direction === "older") lo = hi - scanWindow + 1;
    else hi = lo + scanWindow - 1;
  }
  const { sql, params } = trailSql(query, direction);
  let events = db.$client.prepare(sql).all(lo, hi, ...params) as EventRow[];
  const more = events.length > TRAIL_PAGE_SIZE;
  events = events.slice(0, TRAIL_PAGE_SIZE);
  if (direction === "newer") events.reverse();
  const limited = bounded && !more;
  const newest = events[0]?.seq;
  const oldest = events.at(-1)?.seq;
  let older: number | null;
  let newer: number | null;
  if (direction === "older") {
    older = more ? oldest! : limited ? lo : null;
    newer = query.before !== undefined ? newest ?? query.before - 1 : null;
  } else {
    newer = more ? newest! : limited ? hi : null;
    older = oldest ?? lo;
  }
  return { rows: describe(db, events, roles), older, newer, limited };
}

function describe(db: Db, events: EventRow[], roles: readonly Role[]): TrailRow[] {
  const names = userNames(db, events.map((e) => actorUserId(e.actor)).filter((id): id is number => id !== null));
  const statementLinks = statementHrefs(db, events.map((e) => e.subject).filter((s) => subjectKind(s) === "statement"));
  return events.map((e) => ({
    ...timelineItem(e, names),
    hash: e.hash,
    dataText: JSON.stringify(JSON.parse(e.data), null, 2),
    href: statementLinks.get(e.subject) ?? subjectHref(e.subject, roles),
  }));
}

/** A statement subject ("statement:2026Q1") links to its latest published revision, else its latest draft. */
function statementHrefs(db: Db, subjects: string[]): Map<string, string> {
  const links = new Map<string, string>();
  for (const subject of new Set(subjects)) {
    const period = subject.slice("statement:".length);
    const published = db.select({ id: publishedStatements.id }).from(publishedStatements)
      .where(eq(publishedStatements.period, period)).orderBy(desc(publishedStatements.revision)).limit(1).get();
    if (published) {
      links.set(subject, `/statements/${published.id}`);
      continue;
    }
    const draft = db.select({ id: statementDrafts.id }).from(statementDrafts)
      .where(eq(statementDrafts.period, period)).orderBy(desc(statementDrafts.revision)).limit(1).get();
    if (draft) links.set(subject, `/statements/drafts/${draft.id}`);
  }
  return links;
}

export type TrailField = "from" | "to" | "actor" | "action" | "subject" | "text" | "before" | "after";
const FIELDS: readonly TrailField[] = ["from", "to", "actor", "action", "subject", "text", "before", "after"];
const ECHO_LIMIT = 300;
const FALLBACK_CODES: Record<TrailField, string> = {
  from: "trail.errors.badDate", to: "trail.errors.badDate", actor: "trail.errors.badActor", action: "trail.errors.badAction",
  subject: "trail.errors.badSubject", text: "trail.errors.textTooLong", before: "trail.errors.badCursor", after: "trail.errors.badCursor",
};

export interface TrailView {
  /** What the person typed, echoed into the form (cut to a sane length). */
  values: Partial<Record<TrailField, string>>;
  /** i18n codes per field (or "" for the form), null when the filters are valid. */
  errors: Record<string, string[]> | null;
  page: TrailPage;
  actors: { value: string; name: string | null }[];
  actions: string[];
}

/**
 * The trail page from the URL's raw parameters: validates the filters
 * (trailQuerySchema, then the action against the chain) and reads one page.
 * Invalid filters give `errors` and an empty page; nothing is ever written.
 */
export function trailView(db: Db, raw: URLSearchParams, roles: readonly Role[]): TrailView {
  const values: Partial<Record<TrailField, string>> = {};
  for (const key of FIELDS) {
    const value = raw.get(key);
    if (value !== null && value !== "") values[key] = value.slice(0, ECHO_LIMIT);
  }
  const actions = trailActions(db);
  const actors = trailActors(db);
  const emptyPage: TrailPage = { rows: [], older: null, newer: null, limited: false };
  const parsed = trailQuerySchema.safeParse(Object.fromEntries(FIELDS.map((key) => [key, raw.get(key) ?? undefined])));
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const field = typeof issue.path[0] === "string" ? issue.path[0] : "";
      const code = issue.message.startsWith("trail.errors.") ? issue.message : FALLBACK_CODES[field as TrailField] ?? "trail.errors.badCursor";
      (errors[field] ??= []).push(code);
    }
    return { values, errors, page: emptyPage, actors, actions };
  }
  try {
    return { values, errors: null, page: trailPage(db, parsed.data, roles), actors, actions };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { values, errors: { [error.options.field ?? ""]: [error.code] }, page: emptyPage, actors, actions };
  }
}
