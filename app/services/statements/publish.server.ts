import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { publishedStatements, statementBoardPostings, statementDrafts } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { BOOK_NAMES_ZH, BOOKS } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { BOARD_LOCATION_MAX, periodNameZh, postingWindowProblems, type PublishProblem } from "~/domain/statements/publishing";
import { parsePeriod, previousPeriod, SNAPSHOT_FORMAT, type StatementSnapshot } from "~/domain/statements/snapshot";
import { canonicalSnapshot, snapshotHash } from "~/domain/statements/snapshot-hash";
import { actorOf } from "../audit.server";
import { rowViews, type EventRows } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import type { SessionUser } from "../auth.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { getDraft, type DraftRow } from "./drafts.server";
import { checkpointQuarter } from "./checkpoints.server";
import { chainHeadRef, statementFigures } from "./figures.server";
import { draftProblems } from "./publish-checks.server";
import { requireCommunity } from "../community.server";
import { latestPublished, type PublishedRow } from "./published.server";

export type { PublishProblem } from "~/domain/statements/publishing";

/** Everything that blocks publishing a draft now ([] when none); the posting window is judged when publishing. */
export function publishProblems(db: Db | Tx, draftId: number): PublishProblem[] {
  const draft = getDraft(db, draftId);
  if (!draft) return [{ code: "errors.notFound" }];
  return draftProblems(db, draft, statementFigures(db, parsePeriod(draft.period)!));
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && (error as { code: string }).code === "SQLITE_CONSTRAINT_UNIQUE" && error.message.includes("published_statements.");
}

function refusal(found: PublishProblem): DomainError {
  const field = found.code.includes(".window") ? "postedTo" : undefined;
  const status = found.code.includes(".window") ? 422 : 409;
  return new DomainError(found.code, { params: found.params, status, ...(field ? { field } : {}) });
}

function announcement(draft: DraftRow, row: PublishedRow, snapshot: StatementSnapshot) {
  const name = periodNameZh(draft.period);
  const closing = BOOKS.map((book) => `${BOOK_NAMES_ZH[book]}期末余额 ${formatFen(snapshot.figures.books[book].closingFen)}`).join("；");
  const title = `${name}公示已发布（第${row.revision}版）`;
  const body = `**${title}**\n\n公示期：${row.postedFrom} 至 ${row.postedTo}\n\n${closing}\n\n哈希：${row.hash.slice(0, 12)}\n\n[查看](/statements/${row.id})`;
  return { title, body };
}

/**
 * A committee member publishes an approved draft (action statement.publish):
 * the figures as of the chain head before this event, frozen with the work
 * report, posting window and the hashes it chains to under the SHA-256 of the
 * canonical snapshot. Closes the quarter. Refused with the first problem, nothing written.
 */
export function publishStatement(
  db: Db, draftId: number, input: { postedFrom: string; postedTo: string; location?: string }, user: SessionUser, now = new Date(),
): { published: PublishedRow } {
  if (!hasAnyRole(user.roles, ["committee"])) throw new DomainError("errors.forbidden", { status: 403 });
  const location = (input.location ?? "").trim();
  if (location.length > BOARD_LOCATION_MAX) throw new DomainError("publishing.errors.locationTooLong", { field: "location", params: { max: BOARD_LOCATION_MAX }, status: 422 });
  try {
    return auditedWrite(db, { actor: actorOf(user), action: "statement.publish" }, (tx, seq) => {
      const draft = getDraft(tx, draftId);
      if (!draft) throw new DomainError("errors.notFound", { status: 404 });
      const period = parsePeriod(draft.period)!;
      const head = chainHeadRef(tx);
      if (head.seq !== seq - 1) throw new Error(`chain head ${head.seq} is not before event ${seq}`);
      checkpointQuarter(tx, period, head.seq); // a cache for later statements, not history; rolled back with a refusal
      const figures = statementFigures(tx, period, head.seq);
      const settings = requireCommunity(tx);
      const window = { from: input.postedFrom.trim(), to: input.postedTo.trim() };
      const problems = [...draftProblems(tx, draft, figures), ...postingWindowProblems(window, period.endDate, settings.settings.postingMinDays)];
      if (problems.length > 0) throw refusal(problems[0]!);
      const previous = latestPublished(tx, previousPeriod(draft.period));
      const superseded = draft.supersedesId === null ? null : tx.select().from(publishedStatements).where(eq(publishedStatements.id, draft.supersedesId)).get() ?? null;
      const snapshot: StatementSnapshot = {
        format: SNAPSHOT_FORMAT,
        community: { name: settings.name, address: settings.address },
        period, revision: draft.revision, figures, workReport: draft.workReport,
        postingWindow: window, auditHead: head,
        previousHash: previous?.hash ?? null,
        supersedes: superseded ? { hash: superseded.hash, reason: draft.reopenReason ?? "" } : null,
      };
      const canonical = canonicalSnapshot(snapshot);
      const hash = snapshotHash(canonical);
      const row = tx.insert(publishedStatements).values({
        draftId: draft.id, periodKind: period.kind, period: draft.period, revision: draft.revision, snapshot: canonical, hash,
        auditHeadSeq: head.seq, auditHeadHash: head.hash, previousHash: snapshot.previousHash, supersedesHash: superseded?.hash ?? null,
        postedFrom: window.from, postedTo: window.to, publishedBy: user.id, publishedAt: now.toISOString(), auditSeq: seq,
      }).returning().get();
      const updated = tx.update(statementDrafts).set({ status: "published", publishedId: row.id, auditSeq: seq })
        .where(eq(statementDrafts.id, draft.id)).returning().get();
      const rows: EventRows = { published_statements: [rowViews.published_statements(row)], statement_drafts: [rowViews.statement_drafts(updated)] };
      if (location !== "") {
        const posting = tx.insert(statementBoardPostings).values({
          publishedId: row.id, location, postedOn: window.from, note: "", recordedBy: user.id, auditSeq: seq,
        }).returning().get();
        rows.statement_board_postings = [rowViews.statement_board_postings(posting)];
      }
      enqueueNotification(tx, seq, { topic: "statement.published", subject: `statement:${draft.period}`, ...announcement(draft, row, snapshot) }, now);
      return {
        result: { published: row }, subject: `statement:${draft.period}`, rows,
        extra: { from: draft.status, to: "published", hash, revision: draft.revision, period: draft.period },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("publishing.errors.alreadyPublished", { status: 409 });
    throw error;
  }
}
