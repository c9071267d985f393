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
}, 180_000);

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
