/**
 * Section A: a statement's life on the demo ledger — drafting, approval by
 * the director, publication (snapshot, hash, closing the quarter), the
 * refusals (each with nothing written), reopening by a committee vote and
 * the corrected revision, board postings.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, bankLines } from "~db/schema";
import { type StatementSnapshot } from "~/domain/statements/snapshot";
import { canonicalSnapshot, snapshotHash } from "~/domain/statements/snapshot-hash";
import { verifyDatabase } from "~/services/audit-verify.server";
import { ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { matchLine, unmatchLine, currentMatches } from "~/services/bank/matching.server";
import { postVoucher } from "~/services/ledger/entries.server";
import { approvalState, parseVoters } from "~/services/spending/approvals.server";
import { castVote } from "~/services/spending/votes.server";
import { boardPostingsOf, recordBoardPosting } from "~/services/statements/board.server";
import { closedQuarterOf } from "~/services/statements/closed-periods.server";
import { approveDraft, createDraft, draftablePeriods, getDraft, latestDraftOf, updateWorkReport } from "~/services/statements/drafts.server";
import { publishProblems, publishStatement } from "~/services/statements/publish.server";
import { getPublished } from "~/services/statements/published.server";
import { requestReopen } from "~/services/statements/reopen.server";
import { verifyStatements } from "~/services/statements/verify.server";
import { postFixtureEntry } from "../support/bank";
import { expectRefusedUnchanged } from "../support/builders";
import { testDb } from "../support/db";
import { publishPeriod, sessionUserOf, statementDigest, STATEMENT_NOW } from "../support/statements";

const db = testDb();
const now = STATEMENT_NOW;
const refused = (fn: () => unknown, code: string) => expectRefusedUnchanged(() => statementDigest(db), fn, code);
const codes = (draftId: number) => publishProblems(db, draftId).map((p) => p.code);
let manager: ReturnType<typeof sessionUserOf>;
let director: ReturnType<typeof sessionUserOf>;
let committee: ReturnType<typeof sessionUserOf>;

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
  manager = sessionUserOf(db, "manager");
  director = sessionUserOf(db, "director");
  committee = sessionUserOf(db, "committee1");
}, 180_000);

function eventAt(seq: number) {
  return db.select().from(auditEvents).where(eq(auditEvents.seq, seq)).get()!;
}

describe("drafting and approving", () => {
  it("offers the ended quarters and refuses what may not be drafted", async () => {
    const periods = draftablePeriods(db, "2026-11-21");
    expect(periods).toContain("2026Q3");
    expect(periods).toContain("2025Q1");
    expect(periods).not.toContain("2026Q4");
    expect(periods).not.toContain("2025");
    await refused(() => createDraft(db, { period: "2026Q4", workReport: "" }, manager, now), "publishing.errors.periodNotEnded");
    await refused(() => createDraft(db, { period: "2026Q5", workReport: "" }, manager, now), "publishing.errors.period");
    await refused(() => createDraft(db, { period: "2025", workReport: "" }, manager, now), "publishing.errors.yearNeedsQuarters");
    await refused(() => createDraft(db, { period: "2025Q1", workReport: "" }, committee, now), "errors.forbidden");
    await refused(() => createDraft(db, { period: "2025Q1", workReport: "长".repeat(20_001) }, manager, now), "publishing.errors.workReportTooLong");
  });

  it("drafts, lists what blocks publication, approves only by the director, and an edit clears the approval", async () => {
    const { draft } = createDraft(db, { period: "2025Q1", workReport: "  " }, manager, now);
    expect(draft).toMatchObject({ period: "2025Q1", revision: 1, status: "draft", workReport: "" });
    expect(eventAt(draft.auditSeq)).toMatchObject({ action: "statement.draft", subject: "statement:2025Q1" });
    expect(codes(draft.id)).toEqual(["publishing.errors.notApproved", "publishing.errors.workReportMissing"]);
    await refused(() => createDraft(db, { period: "2025Q1", workReport: "" }, manager, now), "publishing.errors.alreadyDrafted");
    await refused(() => approveDraft(db, draft.id, committee, now), "publishing.errors.directorOnly");
    await refused(() => approveDraft(db, draft.id, manager, now), "publishing.errors.directorOnly");
    updateWorkReport(db, draft.id, { workReport: "一季度工作情况：\n1. 保洁\n2. 绿化" }, manager, now);
    expect(approveDraft(db, draft.id, director, now).draft).toMatchObject({ status: "approved", approvedBy: director.id });
    await refused(() => approveDraft(db, draft.id, director, now), "publishing.errors.alreadyApproved");
    const edited = updateWorkReport(db, draft.id, { workReport: "一季度工作情况（修改）：\n- 保洁\n- 绿化" }, manager, now).draft;
    expect(edited).toMatchObject({ status: "draft", approvedBy: null, approvedAt: null });
    const data = JSON.parse(eventAt(edited.auditSeq).data) as { from: string; to: string };
    expect(data).toMatchObject({ from: "approved", to: "draft" });
    approveDraft(db, draft.id, director, now);
    expect(codes(draft.id)).toEqual([]);
  });
});

describe("publishing", () => {
  it("refuses a short or early posting window and a non-committee publisher, writing nothing", async () => {
    const draft = latestDraftOf(db, "2025Q1")!;
    await refused(() => publishStatement(db, draft.id, { postedFrom: "2025-04-01", postedTo: "2025-04-10" }, committee, now), "publishing.errors.windowTooShort");
    await refused(() => publishStatement(db, draft.id, { postedFrom: "2025-03-20", postedTo: "2025-04-30" }, committee, now), "publishing.errors.windowTooEarly");
    await refused(() => publishStatement(db, draft.id, { postedFrom: "2025-04-20", postedTo: "2025-04-01" }, committee, now), "publishing.errors.windowOrder");
    await refused(() => publishStatement(db, draft.id, { postedFrom: "2025-04-01", postedTo: "2025-04-30" }, manager, now), "errors.forbidden");
  });

  it("freezes the snapshot under its hash, closes the quarter, and refuses a second publication", async () => {
    const draft = latestDraftOf(db, "2025Q1")!;
    const { published } = publishStatement(db, draft.id, { postedFrom: "2025-04-01", postedTo: "2025-04-30", location: "1栋大堂公告栏" }, committee, now);
    expect(published.hash).toBe(snapshotHash(published.snapshot));
    const snapshot = JSON.parse(published.snapshot) as StatementSnapshot;
    expect(canonicalSnapshot(snapshot)).toBe(published.snapshot);
    expect(snapshot).toMatchObject({ revision: 1, previousHash: null, supersedes: null, postingWindow: { from: "2025-04-01", to: "2025-04-30" } });
    expect(snapshot.auditHead.seq).toBe(published.auditSeq - 1);
    expect(snapshot.auditHead.hash).toBe(eventAt(published.auditSeq - 1).hash);
    const event = eventAt(published.auditSeq);
    expect(event).toMatchObject({ action: "statement.publish", subject: "statement:2025Q1" });
    expect(JSON.parse(event.data)).toMatchObject({ hash: published.hash, revision: 1, period: "2025Q1", from: "approved", to: "published" });
    expect(getDraft(db, draft.id)).toMatchObject({ status: "published", publishedId: published.id });
    expect(boardPostingsOf(db, published.id)).toEqual([expect.objectContaining({ location: "1栋大堂公告栏", postedOn: "2025-04-01" })]);
    expect(closedQuarterOf(db, "2025-02-14")).toBe("2025Q1");
    expect(closedQuarterOf(db, "2025-04-01")).toBeNull();
    await refused(() => publishStatement(db, draft.id, { postedFrom: "2025-04-01", postedTo: "2025-04-30" }, committee, now), "publishing.errors.alreadyPublished");
    await refused(() => updateWorkReport(db, draft.id, { workReport: "x" }, manager, now), "publishing.errors.alreadyPublished");
    expect(verifyStatements(db)).toMatchObject({ ok: true, checked: 1 });
  });

  it("refuses any entry dated inside the closed quarter", async () => {
    await refused(() => postVoucher(db, {
      businessDate: "2025-03-31", memo: "补记利息",
      postings: [{ book: "cogoverned", accountCode: "1002", amountFen: 500 }, { book: "cogoverned", accountCode: "6006", amountFen: -500 }],
    }, String(manager.id)), "publishing.errors.periodClosed");
    await refused(() => postFixtureEntry(db, {
      businessDate: "2025-01-05", memo: "fixture",
      postings: [{ book: "cogoverned", accountCode: "1002", amountFen: 500 }, { book: "cogoverned", accountCode: "6006", amountFen: -500 }],
    }, "system"), "publishing.errors.periodClosed");
  });

  it("lists unmatched bank lines and failing balance assertions, and quarters go in order", async () => {
    await refused(() => createDraft(db, { period: "2025Q3", workReport: "x" }, manager, now), "publishing.errors.previousNotPublished");
    const { draft } = createDraft(db, { period: "2025Q2", workReport: "二季度工作情况" }, manager, now);
    approveDraft(db, draft.id, director, now);
    const line = db.select().from(bankLines).all().find((l) => l.txnDate >= "2025-04-01" && l.txnDate <= "2025-06-30")!;
    const match = currentMatches(db, line.book).find((m) => m.bankLineId === line.id)!;
    unmatchLine(db, { bankLineId: line.id }, String(manager.id));
    // Money moved in the ledger that the bank never saw: the assertions after it fail.
    postFixtureEntry(db, {
      businessDate: "2025-05-10", memo: "fixture",
      postings: [{ book: "cogoverned", accountCode: "1002", amountFen: 700 }, { book: "cogoverned", accountCode: "6006", amountFen: -700 }],
    }, "system");
    const problems = publishProblems(db, draft.id);
    expect(problems.map((p) => p.code)).toContain("publishing.errors.unmatchedBankLines");
    expect(problems.find((p) => p.code === "publishing.errors.unmatchedBankLines")!.params).toMatchObject({ bookKey: line.book, count: 1 });
    expect(problems.map((p) => p.code)).toContain("publishing.errors.assertionFails");
    await refused(() => publishStatement(db, draft.id, { postedFrom: "2025-07-01", postedTo: "2025-07-31" }, committee, now), "publishing.errors.unmatchedBankLines");
    matchLine(db, { bankLineId: line.id, entryId: match.entryId }, String(manager.id));
    await refused(() => publishStatement(db, draft.id, { postedFrom: "2025-07-01", postedTo: "2025-07-31" }, committee, now), "publishing.errors.assertionFails");
    postFixtureEntry(db, {
      businessDate: "2025-05-10", memo: "fixture reversed",
      postings: [{ book: "cogoverned", accountCode: "1002", amountFen: -700 }, { book: "cogoverned", accountCode: "6006", amountFen: 700 }],
    }, "system");
    expect(publishProblems(db, draft.id)).toEqual([]);
    const { published } = publishStatement(db, draft.id, { postedFrom: "2025-07-01", postedTo: "2025-07-31" }, committee, now);
    const q1 = getPublished(db, 1)!;
    expect(published.previousHash).toBe(q1.row.hash);
    expect((JSON.parse(published.snapshot) as StatementSnapshot).figures.books.cogoverned.openingFen).toBe(q1.snapshot.figures.books.cogoverned.closingFen);
  });
});

describe("reopening and the corrected revision", () => {
  it("refuses a reopen by a manager, without a reason, or of an old revision", async () => {
    const q2 = getPublished(db, 2)!;
    await refused(() => requestReopen(db, q2.row.id, { reason: "利息漏记，需更正" }, manager, now), "errors.forbidden");
    await refused(() => requestReopen(db, q2.row.id, { reason: "  " }, committee, now), "publishing.errors.reasonRequired");
    await refused(() => requestReopen(db, q2.row.id, { reason: "短" }, committee, now), "publishing.errors.reasonRequired");
  });

  it("opens a vote, and when it passes a new revision is drafted and the quarter is open again", async () => {
    const q2 = getPublished(db, 2)!;
    const { approvalId } = requestReopen(db, q2.row.id, { reason: "五月利息漏记，需更正后重新公示" }, committee, now);
    await refused(() => requestReopen(db, q2.row.id, { reason: "重复申请重新打开" }, sessionUserOf(db, "committee2"), now), "publishing.errors.reopenPending");
    const state = approvalState(db, approvalId)!;
    expect(state.approval).toMatchObject({ subjectKind: "reopen", subjectId: q2.row.id, amountFen: null, unanimous: false, status: "open" });
    expect(parseVoters(state.approval).map((v) => v.userId)).not.toContain(committee.id);
    expect(eventAt(state.approval.auditSeq)).toMatchObject({ action: "statement.request_reopen", subject: "statement:2025Q2" });
    for (const voter of parseVoters(state.approval)) {
      if (approvalState(db, approvalId)!.approval.status !== "open") break;
      const { vote } = castVote(db, { approvalId, userId: voter.userId, choice: "approve", comment: "" }, String(voter.userId), now);
      expect(eventAt(vote.auditSeq)).toMatchObject({ action: "approval.vote", subject: "statement:2025Q2" });
    }
    expect(approvalState(db, approvalId)!.approval.status).toBe("passed");
    const draft = latestDraftOf(db, "2025Q2")!;
    expect(draft).toMatchObject({ revision: 2, status: "draft", supersedesId: q2.row.id, reopenApprovalId: approvalId, draftedBy: committee.id, workReport: "二季度工作情况" });
    expect(closedQuarterOf(db, "2025-05-10")).toBeNull();
    expect(closedQuarterOf(db, "2025-02-10")).toBe("2025Q1");
    await refused(() => requestReopen(db, q2.row.id, { reason: "再次申请重新打开" }, committee, now), "publishing.errors.alreadyReopened");
  });

  it("publishes revision 2 with the correction, superseding revision 1", () => {
    const published = publishPeriod(db, "2025Q2", { postedFrom: "2025-12-01", workReport: "二季度（更正）" });
    const first = getPublished(db, 2)!;
    expect(published.revision).toBe(2);
    expect(published.supersedesHash).toBe(first.row.hash);
    const snapshot = JSON.parse(published.snapshot) as StatementSnapshot;
    expect(snapshot.supersedes).toEqual({ hash: first.row.hash, reason: "五月利息漏记，需更正后重新公示" });
    expect(getPublished(db, first.row.id)!.latest).toBe(false);
    expect(closedQuarterOf(db, "2025-05-10")).toBe("2025Q2");
    expect(verifyStatements(db)).toMatchObject({ ok: true, checked: 3 });
  });
});

describe("board postings", () => {
  it("records where it was posted; refuses an empty location or a manager", async () => {
    const id = getPublished(db, 1)!.row.id;
    const { postingId } = recordBoardPosting(db, id, { location: "2栋电梯厅", postedOn: "2025-04-02", note: "已拍照" }, committee);
    expect(boardPostingsOf(db, id).map((p) => p.id)).toContain(postingId);
    await refused(() => recordBoardPosting(db, id, { location: " ", postedOn: "2025-04-02", note: "" }, committee), "publishing.errors.locationRequired");
    await refused(() => recordBoardPosting(db, id, { location: "3栋", postedOn: "2025-04-32", note: "" }, committee), "publishing.errors.postedOn");
    await refused(() => recordBoardPosting(db, id, { location: "3栋", postedOn: "2025-04-02", note: "" }, manager), "errors.forbidden");
  });

  it("leaves a verifiable database", () => {
    expect(verifyDatabase(db).ok).toBe(true);
    expect(verifyStatements(db).ok).toBe(true);
  });
});
