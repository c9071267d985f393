/**
 * Builders for the questions 质询 tests (issue 5, section B): a published
 * statement written directly through one audited write (a draft row and its
 * published row, both in the event, so the verifier stays happy) — without
 * depending on the publishing services — and the users as the session gives them.
 */
import { eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { publishedStatements, statementDrafts, users } from "~db/schema";
import type { BookStatement, StatementFigures, StatementSnapshot } from "~/domain/statements/snapshot";
import { parsePeriod, SNAPSHOT_FORMAT } from "~/domain/statements/snapshot";
import { canonicalSnapshot, snapshotHash } from "~/domain/statements/snapshot-hash";
import type { Book } from "~/domain/ledger/chart";
import type { SessionUser } from "~/services/auth.server";
import { rowViews } from "~/services/audit-rows.server";
import { auditedWrite } from "~/services/audited-write.server";
import { chainHeadRef } from "~/services/statements/figures.server";
import { parseRoles } from "~/services/users.server";

/** The user with this login as the session gives it. */
export function userOf(db: Db, login: string): SessionUser {
  const row = db.select().from(users).where(eq(users.login, login)).get();
  if (!row) throw new Error(`no user ${login}`);
  return { id: row.id, displayName: row.displayName, roles: parseRoles(row.roles), isDirector: row.isDirector, ownerId: row.ownerId, mustChangePassword: false };
}

function bookStatement(book: Book, income: [string, number][], spending: [string, number][]): BookStatement {
  const incomeTotalFen = income.reduce((s, [, f]) => s + f, 0);
  const spendingTotalFen = spending.reduce((s, [, f]) => s + f, 0);
  return {
    book, openingFen: 100_000_00,
    income: income.map(([key, amountFen]) => ({ key, amountFen })), incomeTotalFen,
    spending: spending.map(([key, amountFen]) => ({ key, amountFen })), spendingTotalFen,
    closingFen: 100_000_00 + incomeTotalFen - spendingTotalFen,
    owed: { arrearsFen: 12_000_00, prepaidFen: 3_000_00, approvedUnpaidFen: 0, remunerationPayableFen: 5_000_00 },
    budget: book === "cogoverned"
      ? { budgetId: null, title: "2026 年度预算", rows: [{ kind: "6601", lineKey: "6601", budgetFen: 80_000_00, periodFen: 20_000_00, yearToDateFen: 20_000_00, remainingFen: 60_000_00 }] }
      : { budgetId: null, title: null, rows: [] },
    payments: [],
  };
}

/** Small hand-made figures: co-managed fees in, 6601 and 酬金 out; public revenue advertising in, 6801 out. */
export function sampleFigures(period: string): StatementFigures {
  const p = parsePeriod(period);
  if (!p) throw new Error(`bad period ${period}`);
  return {
    period: p,
    books: {
      cogoverned: bookStatement("cogoverned", [["fees", 300_000_00]], [["6601", 20_000_00], ["remuneration", 30_000_00]]),
      public_revenue: bookStatement("public_revenue", [["6003", 50_000_00]], [["6801", 8_000_00]]),
    },
    collection: [],
  };
}

/**
 * Publishes `period` as its next revision, written as a draft row and a
 * published row in one audited write (actor: the director).
 */
export function publishForQuestions(db: Db, period: string, options: { revision?: number; postedFrom?: string; now?: Date } = {}) {
  const director = userOf(db, "director");
  const revision = options.revision ?? 1;
  const figures = sampleFigures(period);
  const now = options.now ?? new Date("2026-04-02T02:00:00Z");
  const postedFrom = options.postedFrom ?? "2026-04-01";
  const postedTo = "2026-04-30";
  const previous = db.select().from(publishedStatements).where(eq(publishedStatements.period, period)).all().at(-1) ?? null;
  // The head a publication records is the chain's head just before its own event.
  const head = chainHeadRef(db);
  const snapshot: StatementSnapshot = {
    format: SNAPSHOT_FORMAT, community: { name: "测试小区", address: "测试路 1 号" }, period: figures.period, revision, figures,
    workReport: "本季度工作正常。", postingWindow: { from: postedFrom, to: postedTo }, auditHead: head,
    previousHash: null, supersedes: previous ? { hash: previous.hash, reason: "更正" } : null,
  };
  const canonical = canonicalSnapshot(snapshot);
  const hash = snapshotHash(canonical);
  return auditedWrite(db, { actor: String(director.id), action: "statement.publish" }, (tx, seq) => {
    const draft = tx.insert(statementDrafts).values({
      periodKind: figures.period.kind, period, revision, workReport: snapshot.workReport, status: "published",
      draftedBy: director.id, approvedBy: director.id, approvedAt: now.toISOString(), createdAt: now.toISOString(), auditSeq: seq,
    }).returning().get();
    const published = tx.insert(publishedStatements).values({
      draftId: draft.id, periodKind: figures.period.kind, period, revision, snapshot: canonical, hash,
      auditHeadSeq: head.seq, auditHeadHash: head.hash, previousHash: null, supersedesHash: previous?.hash ?? null,
      postedFrom, postedTo, publishedBy: director.id, publishedAt: now.toISOString(), auditSeq: seq,
    }).returning().get();
    const updated = tx.update(statementDrafts).set({ publishedId: published.id }).where(eq(statementDrafts.id, draft.id)).returning().get();
    return {
      result: { published },
      subject: `statement:${period}`,
      rows: { statement_drafts: [rowViews.statement_drafts(updated)], published_statements: [rowViews.published_statements(published)] },
      extra: { hash, revision },
    };
  }).published;
}

const TABLES = ["statement_questions", "statement_answers", "notification_outbox", "audit_events"] as const;

/** Row counts of the tables a question or an answer writes, and the chain head. */
export function questionsDigest(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  out.maxSeq = (db.$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n;
  return out;
}
