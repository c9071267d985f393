import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { MatrixRow, Who } from "./permission-matrix";

/**
 * The pieces of the permission-matrix test (test/integration/permission-matrix.test.ts):
 * the route files as they are on disk, the real ids of the demo community
 * each `$param` stands for, and how an HTTP answer reads as allowed or denied.
 */

export const ROUTES_DIR = path.resolve(__dirname, "../../app/routes");

export interface RouteFile {
  name: string;
  source: string;
  /** A page (default export) answers `.data` requests; a resource route only its own URL. */
  hasUi: boolean;
  hasLoader: boolean;
  hasAction: boolean;
  isIndex: boolean;
}

export function routeFiles(): RouteFile[] {
  return fs
    .readdirSync(ROUTES_DIR)
    .filter((file) => /\.tsx?$/.test(file))
    .sort()
    .map((file) => {
      const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
      const name = file.replace(/\.tsx?$/, "");
      return {
        name, source,
        hasUi: /^export default /m.test(source),
        hasLoader: /^export (async )?(function|const) loader\b/m.test(source),
        hasAction: /^export (async )?(function|const) action\b/m.test(source),
        isIndex: name === "_index" || name.endsWith("._index"),
      };
    });
}

/** The route's own text and the `~/domain` modules it imports: where a form's intents are spelled. */
export function formSources(route: RouteFile): string {
  const imported = [...route.source.matchAll(/from "~\/(domain\/[^"]+)"/g)].map((m) => path.resolve(ROUTES_DIR, "..", `${m[1]}.ts`));
  return [route.source, ...imported.filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file, "utf8"))].join("\n");
}

/** `statements.$publishedId_.lines.$book.$lineKey` → `/statements/9/lines/public_revenue/6802`. */
export function urlPath(name: string, params: Record<string, string>): string {
  // Segments are split at dots, except an escaped `[.]` (as in `ledger.export[.]csv`), which stays a dot.
  const segments = (name.match(/(?:\[\.\]|[^.])+/g) ?? [])
    .filter((segment) => segment !== "_index")
    .map((segment) => segment.replace(/_$/, "").replace(/\[\.\]/g, "."))
    .map((segment) => {
      if (!segment.startsWith("$")) return segment;
      const value = params[segment.slice(1)];
      if (value === undefined) throw new Error(`no value for ${segment} in ${name}`);
      return encodeURIComponent(value);
    });
  return `/${segments.join("/")}`;
}

/** Where a GET of the loader goes: Remix single fetch for a page, the URL itself for a resource route. */
export function loaderUrl(route: RouteFile, pathname: string): string {
  if (!route.hasUi) return pathname;
  return pathname === "/" ? "/_root.data" : `${pathname}.data`;
}

export function actionUrl(route: RouteFile, pathname: string): string {
  const target = route.hasUi ? (pathname === "/" ? "/_root.data" : `${pathname}.data`) : pathname;
  return route.isIndex ? `${target}?index` : target;
}

/** The people of the table, as demo logins (see permission-matrix.ts). */
export const LOGIN_OF: Record<Exclude<Who, "anonymous">, string> = {
  ownerThis: "owner", ownerOther: "owner2", manager: "manager", committee: "committee1",
  director: "director", auditor: "auditor", admin: "admin",
};

export interface PersonalData {
  name: string;
  phone: string;
}

export interface DemoFacts {
  params: Record<string, Record<string, string>>;
  /** Everything printed about the ids chosen, for the log. */
  chosen: Record<string, string>;
  personal: { ownerThis: PersonalData; ownerOther: PersonalData };
}

/**
 * Real ids for every `$param`, read (read-only) from the server's copy of the
 * demo database. Owner-scoped ids (unit, bill, payment, owner, user) belong to
 * `ownerThis`, so `ownerOther` asking for them is the "someone else's data" case.
 */
export function demoFacts(databasePath: string, rows: readonly MatrixRow[]): DemoFacts {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string, ...args: unknown[]): Record<string, unknown> => {
      const row = db.prepare(sql).get(...args) as Record<string, unknown> | undefined;
      if (!row) throw new Error(`the demo database has no row for: ${sql}`);
      return row;
    };
    const id = (sql: string, ...args: unknown[]) => String(one(sql, ...args).id);
    const userId = (login: string) => Number(one("SELECT id FROM users WHERE login = ?", login).id);
    const ownerOf = (login: string) => one("SELECT o.id, o.name, o.phone FROM owners o JOIN users u ON u.owner_id = o.id WHERE u.login = ?", login);

    const owner = ownerOf(LOGIN_OF.ownerThis);
    const other = ownerOf(LOGIN_OF.ownerOther);
    const unitId = id("SELECT min(id) AS id FROM units WHERE owner_id = ? HAVING id IS NOT NULL", owner.id);
    const proposal = (status: string, book = "cogoverned") =>
      id("SELECT min(id) AS id FROM proposals WHERE status = ? AND book = ? HAVING id IS NOT NULL", status, book);
    // A spending line of a published statement that paid a proposal: lines and the owners' proposal view need one.
    const line = one(`SELECT ps.id AS publishedId, b.key AS book, p.value ->> 'lineKey' AS lineKey, p.value ->> 'proposalId' AS proposalId
      FROM published_statements ps, json_each(ps.snapshot, '$.figures.books') b, json_each(b.value, '$.payments') p
      WHERE p.value ->> 'source' = 'proposal' AND p.value ->> 'proposalId' IS NOT NULL ORDER BY ps.id DESC LIMIT 1`);
    const [director, committee] = [userId(LOGIN_OF.director), userId(LOGIN_OF.committee)];
    const approvals = db.prepare("SELECT id, status, voters FROM approvals ORDER BY status = 'open' DESC, id DESC").all() as { id: number; voters: string }[];
    const approval = approvals.find((a) => {
      const voters = (JSON.parse(a.voters) as { userId: number }[]).map((v) => v.userId);
      return voters.includes(director) && voters.includes(committee);
    }) ?? approvals[0];
    if (!approval) throw new Error("the demo database has no approval");

    const common: Record<string, string> = {
      unitId,
      billId: id("SELECT min(id) AS id FROM bills WHERE unit_id = ? HAVING id IS NOT NULL", unitId),
      paymentId: id("SELECT min(id) AS id FROM payments WHERE unit_id = ? HAVING id IS NOT NULL", unitId),
      ownerId: String(owner.id),
      userId: String(userId(LOGIN_OF.ownerThis)),
      approvalId: String(approval.id),
      attachmentId: id(`SELECT min(id) AS id FROM attachments WHERE id NOT IN
        (SELECT photo_attachment_id FROM statement_board_postings WHERE photo_attachment_id IS NOT NULL) HAVING id IS NOT NULL`),
      publishedId: String(line.publishedId),
      book: String(line.book),
      lineKey: String(line.lineKey),
      draftId: id("SELECT id FROM statement_drafts ORDER BY status = 'published', id DESC LIMIT 1"),
      ballotId: id("SELECT id FROM ballots ORDER BY status = 'open' DESC, id DESC LIMIT 1"),
      budgetId: id("SELECT max(id) AS id FROM budgets"),
      decisionId: id("SELECT min(id) AS id FROM owner_decisions"),
      entryId: id("SELECT min(id) AS id FROM journal_entries"),
      questionId: id("SELECT min(id) AS id FROM statement_questions"),
      supplierId: id("SELECT min(id) AS id FROM suppliers"),
      // The demo sets up no notification channel: the admin then gets a 404, everyone else still the 403.
      channelId: String((db.prepare("SELECT min(id) AS id FROM notification_channels").get() as { id: number | null }).id ?? 1),
      kind: "ledger",
      format: "csv",
      // Drafted by the `manager` login, so "the drafter edits the draft" holds for that column.
      proposalId: id("SELECT min(id) AS id FROM proposals WHERE status = 'draft' AND drafter_id = ? HAVING id IS NOT NULL", userId(LOGIN_OF.manager)),
    };
    // Each step of a proposal is asked about a proposal that is at that step.
    const proposalFor: Record<string, string> = {
      "spending.$proposalId_.accept": proposal("approved"),
      "spending.$proposalId_.score": proposal("selecting"),
      "spending.$proposalId_.submit": proposal("selecting"),
      "spending.$proposalId_.retention": proposal("accepted"),
      "spending.$proposalId_.quotes.new": proposal("quoting"),
      "spending.$proposalId_.increase": proposal("approved"),
      "spending.$proposalId_.pay": proposal("approved"),
      "statements.$publishedId_.proposals.$proposalId": String(line.proposalId),
    };
    const params = Object.fromEntries(rows.map((row) => [row.route, { ...common, ...(proposalFor[row.route] ? { proposalId: proposalFor[row.route]! } : {}) }]));
    const chosen = { ...common, ...Object.fromEntries(Object.entries(proposalFor).map(([route, value]) => [`proposalId@${route}`, value])) };
    return {
      params, chosen,
      personal: {
        ownerThis: { name: String(owner.name), phone: String(owner.phone) },
        ownerOther: { name: String(other.name), phone: String(other.phone) },
      },
    };
  } finally {
    db.close();
  }
}

/** The newest audit event's seq: a denied POST must leave it where it was. */
export function auditHead(databasePath: string): number {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM audit_events").get() as { seq: number }).seq;
  } finally {
    db.close();
  }
}

export type Verdict = "allowed" | "denied" | "crash" | "sessionLost";

/**
 * Reads one answer. Denied: a 403, or (for a visitor) the way to the login
 * page, as a 302 or as single fetch's redirect (202 with `location`). A
 * signed-in person sent to the login page has lost their session: that is
 * reported as such, never counted as a denial. Logging out sends everyone to
 * the login page on purpose: that is its success.
 */
export async function verdictOf(response: Response, who: Who, route: string): Promise<{ verdict: Verdict; status: number; location: string | null }> {
  const status = response.status;
  let location = response.headers.get("location");
  if (!location && (status === 202 || status === 204)) {
    const body = await response.clone().text();
    const match = /"SingleFetchRedirect".*?"redirect","([^"]*)"/.exec(body);
    location = match?.[1] ?? null;
  }
  if (status >= 500) return { verdict: "crash", status, location };
  if (status === 403) return { verdict: "denied", status, location };
  const toLogin = location !== null && new URL(location, "http://localhost").pathname === "/login";
  if (toLogin && route !== "logout") return { verdict: who === "anonymous" ? "denied" : "sessionLost", status, location };
  return { verdict: "allowed", status, location };
}

/** Runs `work` over `items`, `limit` at a time (the machine is shared: no more than that). */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}
