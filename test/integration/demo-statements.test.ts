/**
 * The demo's statements (issue 5 item 10): the quarters published through
 * the services, one corrected in a second revision, the annual accounts, a
 * board photo anyone may open, and owners' questions — one answered, one
 * overdue; everything verifies.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { verifyDatabase } from "~/services/audit-verify.server";
import { ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { ensureDemoStatements } from "~/services/demo/statements.server";
import { ensureDemoBallots } from "~/services/demo/ballots.server";
import { ballotsAwaiting, listBallots } from "~/services/decisions/ballot-pages.server";
import { decisionDetail, listDecisions } from "~/services/decisions/decision-pages.server";
import { maintenanceFundQuarters } from "~/services/income/maintenance-fund.server";
import { boardPostingsOf } from "~/services/statements/board.server";
import { latestPublished, listPublished, revisionsOf } from "~/services/statements/published.server";
import { overdueCount, questionsOfPeriod } from "~/services/statements/questions.server";
import { verifyStatements } from "~/services/statements/verify.server";
import * as attachment from "~/routes/attachments.$attachmentId";
import { testDb } from "../support/db";
import { CONTEXT, makeRequest, settle } from "../support/http";

const db = testDb();

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
  expect(await ensureDemoStatements(db)).toBe(true);
  expect(await ensureDemoBallots(db)).not.toBe(false);
}, 240_000);

describe("the demo's owners' decisions (issue 7)", () => {
  it("has a passed ordinary ballot decision spent within its amount, a failed special one, an open ballot, and history decisions cited", async () => {
    expect(await ensureDemoBallots(db)).toBe(false);
    const decisions = listDecisions(db);
    const repaint = decisions.find((d) => d.title === "使用公共收益粉刷物业用房")!;
    const washroom = decisions.find((d) => d.title === "在中心花园旁新建公共卫生间")!;
    expect(repaint).toMatchObject({ matter: 9, outcome: "passed", source: "ballot" });
    expect(washroom).toMatchObject({ matter: 7, outcome: "failed", source: "ballot" });
    const spent = decisionDetail(db, repaint.id)!.spending;
    expect(spent.paidFen).toBe(1_650_000);
    expect(spent.remainingFen).toBe(1_800_000 - 1_650_000);
    // The washroom had more than half but less than three quarters.
    const w = decisionDetail(db, washroom.id)!;
    expect(w.verdict).toMatchObject({ quorumArea: true, quorumOwners: true, special: true });
    expect(w.verdict.approvalArea && w.verdict.approvalOwners).toBe(false);
    expect(2 * w.decision.agreeOwners).toBeGreaterThan(w.decision.participatingOwners);
    const open = listBallots(db).filter((b) => b.status === "open");
    expect(open).toHaveLength(1);
    expect(open[0]!.acceptsVotes).toBe(true);
    const owner = db.$client.prepare("SELECT owner_id AS id FROM users WHERE login = 'owner'").get() as { id: number };
    expect(ballotsAwaiting(db, owner.id).map((b) => b.id)).toEqual([open[0]!.id]);
    // The history's rules cite their decisions.
    const cited = db.$client.prepare("SELECT (SELECT count(*) FROM income_split_rules WHERE decision_id IS NULL) AS splits, (SELECT count(*) FROM maintenance_fund_rules) AS fund, (SELECT count(*) FROM budgets WHERE book = 'public_revenue' AND decision_id IS NULL) AS budgets").get();
    expect(cited).toEqual({ splits: 0, fund: 1, budgets: 0 });
  });

  it("booked the maintenance fund's share of every ended quarter from 2025Q1 to 2026Q3, as computed", () => {
    const quarters = maintenanceFundQuarters(db, "2026-11-21").filter((q) => q.period >= "2025Q1" && q.period <= "2026Q3");
    expect(quarters.map((q) => q.period).sort()).toEqual(["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]);
    for (const q of quarters) {
      expect(q.transfer, q.period).not.toBeNull();
      expect(q.transfer!.shareFen, q.period).toBe(q.shareFen);
      expect(q.shareFen).toBeGreaterThan(0);
    }
    expect(verifyDatabase(db).ok).toBe(true);
  });
});

describe("the demo's statements", () => {
  it("publish 2025Q1–2026Q3 and the 2025 annual accounts once, 2026Q1 in two revisions", async () => {
    expect(await ensureDemoStatements(db)).toBe(false);
    const periods = listPublished(db).map((row) => `${row.period}r${row.revision}`);
    expect(periods).toEqual(["2026Q3r1", "2026Q2r1", "2026Q1r2", "2026Q1r1", "2025Q4r1", "2025Q3r1", "2025Q2r1", "2025Q1r1", "2025r1"]);
    const [first, second] = revisionsOf(db, "2026Q1");
    expect(second!.supersedesHash).toBe(first!.hash);
    // The correction (the missed interest) shows in the public-revenue book's income.
    const interest = (row: typeof first) => JSON.parse(row!.snapshot).figures.books.public_revenue.income.find((l: { key: string }) => l.key === "6006")?.amountFen ?? 0;
    expect(interest(second) - interest(first)).toBe(8_640);
    expect(latestPublished(db, "2026Q2")!.previousHash).toBe(second!.hash);
  });

  it("has one answered and one overdue question on the latest quarter", () => {
    const questions = questionsOfPeriod(db, "2026Q3", { userId: null }, "2026-11-21");
    expect(overdueCount(db, "2026Q3", "2026-11-21")).toBe(1);
    const staff = questionsOfPeriod(db, "2026Q3", { userId: 1 }, "2026-11-21");
    expect(staff.filter((q) => q.answer !== null)).toHaveLength(1);
    expect(staff.filter((q) => q.overdue)).toHaveLength(1);
    expect(questions).toEqual([]); // anonymous readers see the overdue count, not the questions
  });

  it("lets an anonymous reader open the board photo of a public statement, and no other attachment", async () => {
    const [posting] = boardPostingsOf(db, latestPublished(db, "2026Q3")!.id).filter((p) => p.photoAttachmentId !== null);
    const photo = await attachment.loader({ request: makeRequest(`/attachments/${posting!.photoAttachmentId}`), params: { attachmentId: String(posting!.photoAttachmentId) }, context: CONTEXT });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("Content-Type")).toBe("image/png");
    const other = await settle(attachment.loader({ request: makeRequest("/attachments/1"), params: { attachmentId: "1" }, context: CONTEXT }));
    expect((other.value as Response).status).toBe(302);
    expect((other.value as Response).headers.get("Location")).toMatch(/^\/login/);
  });

  it("verifies: the chain, every row, and every statement recomputed at its head", () => {
    expect(verifyDatabase(db).ok).toBe(true);
    expect(verifyStatements(db)).toMatchObject({ ok: true, checked: 9, problems: [] });
  });
});
