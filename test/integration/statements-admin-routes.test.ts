import type { ComponentType } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import * as rules from "~/domain/statements/publishing";
import { BOARD_LOCATION_MAX, BOARD_NOTE_MAX, REOPEN_REASON_MAX, REOPEN_REASON_MIN, WORK_REPORT_MAX } from "~/domain/statements/publishing-forms";
import * as draftsIndex from "~/routes/statements.drafts._index";
import * as draftPage from "~/routes/statements.drafts.$draftId";
import * as boardPage from "~/routes/statements.$publishedId_.board";
import * as reopenPage from "~/routes/statements.$publishedId_.reopen";
import { verifyDatabase } from "~/services/audit-verify.server";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { count, maxSeq } from "../support/builders";
import { testDb } from "../support/db";
import { renderRoutePage, visibleHtml } from "../support/render";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";
import { FILES } from "../support/income";
import { sessionUserOf } from "../support/statements";
import { castVote } from "~/services/spending/votes.server";

/**
 * Section E's pages (issue 5): drafting, approving, publishing, posting and
 * reopening statements, called as functions with real Requests. Services
 * are section A's; these tests check the edge: roles, bad input, redirects.
 */
const formLimits = { WORK_REPORT_MAX, REOPEN_REASON_MIN, REOPEN_REASON_MAX, BOARD_LOCATION_MAX, BOARD_NOTE_MAX };
const db = () => testDb();
const cookies: Record<string, string> = {};
const NO_ID = "999999";

beforeAll(async () => {
  await ensureDemoCommunity(db());
  for (const login of ["manager", "director", "committee1", "auditor", "admin", "owner"]) cookies[login] = (await signIn(login, DEMO_PASSWORD)).cookie;
}, 120_000);

type Mod = { loader: (args: never) => unknown; action?: (args: never) => unknown };
const get = (mod: Mod, path: string, who: string, params: Record<string, string> = {}) =>
  settle(mod.loader({ request: makeRequest(path, { cookie: cookies[who] }), params, context: CONTEXT } as never));
const post = (mod: Mod, path: string, who: string, form: Record<string, string> | FormData, params: Record<string, string> = {}) =>
  settle(mod.action!({ request: makeRequest(path, { cookie: cookies[who], form }), params, context: CONTEXT } as never));

const status = (value: unknown) => (value instanceof Response ? value.status : isDataWithInit(value) ? value.init?.status ?? 200 : 200);
const location = (value: unknown) => (value instanceof Response ? value.headers.get("Location") : null);
const fieldErrors = (value: unknown) => (isDataWithInit(value) ? value.data.lastResult.error : null);

const TABLES = ["statement_drafts", "published_statements", "statement_board_postings", "attachments", "approvals", "votes", "notification_outbox", "audit_events"] as const;
function digest(): Record<string, number> {
  return { ...Object.fromEntries(TABLES.map((t) => [t, count(db(), t)])), maxSeq: maxSeq(db()) };
}

function boardForm(fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("photo", new File([new Uint8Array(file.bytes)], file.name));
  return form;
}

/** Renders a page; every key of this section's catalog resolves (a missing one would show as its key). */
async function renderPage(url: string, path: string, Component: ComponentType, loaderData: unknown, actionData?: unknown, lang: "zh-CN" | "en" = "zh-CN") {
  const html = await renderRoutePage({ url, path, Component, loaderData, actionData, lang });
  expect(visibleHtml(html)).not.toMatch(/statementAdmin\.|publishing\.errors\./);
  return html;
}
const replyData = (outcome: { value: unknown }) => (isDataWithInit(outcome.value) ? outcome.value.data : outcome.value);

describe("the forms' limits", () => {
  it("agree with section A's rules (repeated because the browser imports the forms)", () => {
    expect(formLimits).toEqual({
      WORK_REPORT_MAX: rules.WORK_REPORT_MAX, REOPEN_REASON_MIN: rules.REOPEN_REASON_MIN, REOPEN_REASON_MAX: rules.REOPEN_REASON_MAX,
      BOARD_LOCATION_MAX: rules.BOARD_LOCATION_MAX, BOARD_NOTE_MAX: rules.BOARD_NOTE_MAX,
    });
  });
});

describe("who may open the pages (403 before anything else)", () => {
  it("drafts list: managers, committee members and auditors; not the admin or an owner", async () => {
    for (const who of ["manager", "director", "committee1", "auditor"]) expect((await get(draftsIndex, "/statements/drafts", who)).threw).toBe(false);
    for (const who of ["admin", "owner"]) {
      const outcome = await get(draftsIndex, "/statements/drafts", who);
      expect(outcome.threw).toBe(true);
      expect(status(outcome.value)).toBe(403);
    }
  });

  it("a visitor is sent to the login page", async () => {
    const outcome = await settle(draftsIndex.loader({ request: makeRequest("/statements/drafts"), params: {}, context: CONTEXT } as never));
    expect(status(outcome.value)).toBe(302);
    expect(location(outcome.value)).toMatch(/^\/login\?redirectTo=/);
  });

  it("draft page: 403 for the admin and owners, 404 for a missing draft", async () => {
    for (const who of ["admin", "owner"]) expect(status((await get(draftPage, `/statements/drafts/${NO_ID}`, who, { draftId: NO_ID })).value)).toBe(403);
    for (const who of ["manager", "committee1", "auditor"]) expect(status((await get(draftPage, `/statements/drafts/${NO_ID}`, who, { draftId: NO_ID })).value)).toBe(404);
    expect(status((await get(draftPage, "/statements/drafts/abc", "manager", { draftId: "abc" })).value)).toBe(404);
  });

  it("board and reopen pages: committee only (403 for managers, auditors, the admin, owners; 404 for a missing statement)", async () => {
    for (const mod of [boardPage, reopenPage]) {
      for (const who of ["manager", "auditor", "admin", "owner"]) {
        expect(status((await get(mod, `/statements/${NO_ID}/x`, who, { publishedId: NO_ID })).value)).toBe(403);
        expect(status((await post(mod, `/statements/${NO_ID}/x`, who, { reason: "x", location: "x", postedOn: "2026-11-21" }, { publishedId: NO_ID })).value)).toBe(403);
      }
      for (const who of ["director", "committee1"]) expect(status((await get(mod, `/statements/${NO_ID}/x`, who, { publishedId: NO_ID })).value)).toBe(404);
    }
  });
});

describe("actions refused by role or input, writing nothing", () => {
  it("only a manager creates a draft", async () => {
    const before = digest();
    for (const who of ["director", "committee1", "auditor", "admin", "owner"]) {
      expect(status((await post(draftsIndex, "/statements/drafts", who, { period: "2026Q3", workReport: "" })).value)).toBe(403);
    }
    expect(digest()).toEqual(before);
  });

  it("a malformed period answers 400 with the field's error", async () => {
    const before = digest();
    for (const period of ["2026Q5", "26Q1", "", "2026-Q1"]) {
      const bad = await post(draftsIndex, "/statements/drafts", "manager", { period, workReport: "x" });
      expect(status(bad.value)).toBe(400);
      expect(fieldErrors(bad.value)).toMatchObject({ period: ["statementAdmin.errors.period"] });
    }
    expect(digest()).toEqual(before);
  });

  it("draft page actions: auditors, the admin and owners 403; a manager may not publish or approve; a member who is not the director may not approve", async () => {
    const before = digest();
    const at = `/statements/drafts/${NO_ID}`;
    for (const who of ["auditor", "admin", "owner"]) expect(status((await post(draftPage, at, who, { intent: "workReport", workReport: "x" }, { draftId: NO_ID })).value)).toBe(403);
    expect(status((await post(draftPage, at, "manager", { intent: "publish", postedFrom: "2026-11-21", postedTo: "2026-12-05" }, { draftId: NO_ID })).value)).toBe(403);
    expect(status((await post(draftPage, at, "manager", { intent: "approve" }, { draftId: NO_ID })).value)).toBe(403);
    expect(status((await post(draftPage, at, "committee1", { intent: "approve" }, { draftId: NO_ID })).value)).toBe(403);
    expect(status((await post(draftPage, at, "committee1", { intent: "workReport", workReport: "x" }, { draftId: NO_ID })).value)).toBe(403);
    expect(status((await post(draftPage, at, "director", { intent: "approve" }, { draftId: NO_ID })).value)).toBe(404);
    expect(digest()).toEqual(before);
  });

  it("an unknown intent, a bad date and a window ending before it starts answer 400", async () => {
    const before = digest();
    const at = `/statements/drafts/${NO_ID}`;
    const unknown = await post(draftPage, at, "manager", { intent: "delete" }, { draftId: NO_ID });
    expect(status(unknown.value)).toBe(400);
    expect(fieldErrors(unknown.value)).toMatchObject({ intent: ["statementAdmin.errors.intent"] });
    const badDate = await post(draftPage, at, "committee1", { intent: "publish", postedFrom: "2026-02-30", postedTo: "2026-11-01" }, { draftId: NO_ID });
    expect(status(badDate.value)).toBe(400);
    expect(fieldErrors(badDate.value)).toMatchObject({ postedFrom: ["statementAdmin.errors.date"] });
    const reversed = await post(draftPage, at, "committee1", { intent: "publish", postedFrom: "2026-12-01", postedTo: "2026-11-01" }, { draftId: NO_ID });
    expect(fieldErrors(reversed.value)).toMatchObject({ postedTo: ["statementAdmin.errors.windowOrder"] });
    expect(digest()).toEqual(before);
  });

  it("a reopen request without a reason answers 400", async () => {
    const before = digest();
    const bad = await post(reopenPage, `/statements/${NO_ID}/reopen`, "committee1", { reason: "   " }, { publishedId: NO_ID });
    expect(status(bad.value)).toBe(400);
    expect(fieldErrors(bad.value)).toMatchObject({ reason: ["statementAdmin.errors.reasonRequired"] });
    const short = await post(reopenPage, `/statements/${NO_ID}/reopen`, "committee1", { reason: "错了" }, { publishedId: NO_ID });
    expect(fieldErrors(short.value)).toMatchObject({ reason: ["statementAdmin.errors.reasonShort"] });
    expect(digest()).toEqual(before);
  });

  it("cross-origin posts are refused", async () => {
    const request = makeRequest("/statements/drafts", { cookie: cookies.manager, form: { period: "2026Q3" }, origin: "https://evil.example" });
    const outcome = await settle(draftsIndex.action({ request, params: {}, context: CONTEXT } as never));
    expect(status(outcome.value)).toBe(403);
  });
});

describe("a statement from draft to publication, posting and reopening (section A's services)", () => {
  let draftId = 0;
  let publishedId = 0;
  let approvalId = 0;

  it("a manager sees the draftable periods and starts a draft; others get no form", async () => {
    const page = await get(draftsIndex, "/statements/drafts", "manager");
    const { periods, canDraft } = page.value as { periods: string[]; canDraft: boolean };
    expect(canDraft).toBe(true);
    expect(periods.length).toBeGreaterThan(0);
    expect((await get(draftsIndex, "/statements/drafts", "director")).value).toMatchObject({ canDraft: false, periods: [] });
    // The oldest ended quarter offered: earlier ones need no publication first.
    const period = [...periods].filter((p) => p.includes("Q")).at(-1) ?? periods.at(-1)!;
    const created = await post(draftsIndex, "/statements/drafts", "manager", { period, workReport: "" });
    expect(status(created.value)).toBe(302);
    const to = location(created.value)!;
    expect(to).toMatch(/^\/statements\/drafts\/\d+$/);
    draftId = Number(to.split("/").at(-1));
    const list = await get(draftsIndex, "/statements/drafts", "auditor");
    expect((list.value as { drafts: { id: number; status: string; revision: number }[] }).drafts[0]).toMatchObject({ id: draftId, status: "draft", revision: 1 });
    const html = await renderPage("/statements/drafts", "/statements/drafts", draftsIndex.default, (await get(draftsIndex, "/statements/drafts", "manager")).value);
    expect(html).toContain("物业编制 → 主任审核 → 业委会发布 → 公示期");
    expect(html).toContain('name="period"');
    expect(html).toContain(`href="/statements/drafts/${draftId}"`);
    const refused = await post(draftsIndex, "/statements/drafts", "manager", { period: "2026Q9" });
    const withError = await renderPage("/statements/drafts", "/statements/drafts", draftsIndex.default, page.value, replyData(refused));
    expect(withError).toContain("请选择期间");
  });

  it("the draft page shows the live figures, the problems and the actions by role", async () => {
    const params = { draftId: String(draftId) };
    const asManager = await get(draftPage, `/statements/drafts/${draftId}`, "manager", params);
    expect(asManager.value).toMatchObject({ draft: { status: "draft", revision: 1 }, canEdit: true, canApprove: false, canPublish: false });
    const value = asManager.value as { figures: { books: object }; problems: unknown[]; timeline: { action: string }[]; window: { postedFrom: string; postedTo: string; minDays: number } };
    expect(value.figures.books).toHaveProperty("cogoverned");
    expect(Array.isArray(value.problems)).toBe(true);
    expect(value.timeline.map((i) => i.action)).toContain("statement.draft");
    expect(value.window.minDays).toBeGreaterThanOrEqual(15);
    const asDirector = await get(draftPage, `/statements/drafts/${draftId}`, "director", params);
    expect(asDirector.value).toMatchObject({ canEdit: false, canApprove: true, canPublish: false });
    const managerHtml = await renderPage(`/statements/drafts/${draftId}`, "/statements/drafts/:draftId", draftPage.default, asManager.value);
    expect(managerHtml).toContain('name="workReport"');
    expect(managerHtml).not.toContain('value="approve"');
    expect(await renderPage(`/statements/drafts/${draftId}`, "/statements/drafts/:draftId", draftPage.default, asDirector.value)).toContain('value="approve"');
    expect((await get(draftPage, `/statements/drafts/${draftId}`, "auditor", params)).value).toMatchObject({ canEdit: false, canApprove: false, canPublish: false });
  });

  it("the manager writes the work report, the director approves, a member publishes", async () => {
    const params = { draftId: String(draftId) };
    const at = `/statements/drafts/${draftId}`;
    const saved = await post(draftPage, at, "manager", { intent: "workReport", workReport: "本季度完成：\n- 电梯年检\n- <script>alert(1)</script>" }, params);
    expect(status(saved.value)).toBe(302);
    expect(location(saved.value)).toBe(at);
    const approved = await post(draftPage, at, "director", { intent: "approve" }, params);
    expect(status(approved.value)).toBe(302);
    const page = await get(draftPage, at, "committee1", params);
    expect(page.value).toMatchObject({ draft: { status: "approved" }, canPublish: true, canApprove: false });
    const { window } = page.value as { window: { postedFrom: string; postedTo: string } };
    const html = await renderPage(at, "/statements/drafts/:draftId", draftPage.default, page.value);
    expect(html).toContain(`value="${window.postedFrom}"`);
    expect(html).toContain(`value="${window.postedTo}"`);
    // What a person typed is shown as text, never run.
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("&lt;script&gt;");

    // A window shorter than the minimum is refused by the service, nothing written.
    const before = digest();
    const short = await post(draftPage, at, "committee1", { intent: "publish", postedFrom: window.postedFrom, postedTo: window.postedFrom }, params);
    expect(status(short.value)).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(fieldErrors(short.value))).toMatch(/publishing\.errors\./);
    expect(digest()).toEqual(before);
    expect(await renderPage(at, "/statements/drafts/:draftId", draftPage.default, page.value, replyData(short))).toContain('class="form-errors"');

    const published = await post(draftPage, at, "committee1", { intent: "publish", ...window, location: "小区大门公示栏" }, params);
    expect(status(published.value)).toBe(302);
    const to = location(published.value)!;
    expect(to).toMatch(/^\/statements\/\d+$/);
    publishedId = Number(to.split("/").at(-1));

    // A second publication of the same revision is refused.
    const again = await post(draftPage, at, "committee1", { intent: "publish", ...window }, params);
    expect(status(again.value)).toBeGreaterThanOrEqual(400);
    expect((await get(draftPage, at, "manager", params)).value).toMatchObject({ draft: { status: "published", publishedId }, figures: null, canEdit: false });
  });

  it("a member records a board posting with a photo; a bad photo or a missing place is refused, nothing written", async () => {
    const params = { publishedId: String(publishedId) };
    const at = `/statements/${publishedId}/board`;
    // Publishing with a location recorded the first posting (section A's publishStatement).
    expect((await get(boardPage, at, "committee1", params)).value).toMatchObject({ statement: { id: publishedId, revision: 1 }, postings: [{ location: "小区大门公示栏", photoAttachmentId: null }] });
    const before = digest();
    const exe = await post(boardPage, at, "committee1", boardForm({ location: "1 号楼大堂", postedOn: "2026-11-21", note: "" }, { bytes: FILES.exe(), name: "board.exe" }), params);
    expect(status(exe.value)).toBe(400);
    expect(fieldErrors(exe.value)).toMatchObject({ photo: ["income.errors.attachmentType"] });
    const noPlace = await post(boardPage, at, "committee1", boardForm({ location: " ", postedOn: "21/11/2026" }), params);
    expect(status(noPlace.value)).toBe(400);
    expect(fieldErrors(noPlace.value)).toMatchObject({ location: ["statementAdmin.errors.locationRequired"], postedOn: ["statementAdmin.errors.date"] });
    expect(digest()).toEqual(before);
    const form = await get(boardPage, at, "committee1", params);
    const errorHtml = await renderPage(at, "/statements/:publishedId/board", boardPage.default, form.value, replyData(noPlace));
    expect(errorHtml).toContain("请填写张贴地点");
    expect(errorHtml).toMatch(/enctype="multipart\/form-data"/i);

    const recorded = await post(boardPage, at, "committee1", boardForm({ location: "1 号楼大堂", postedOn: "2026-11-21", note: "已拍照" }, { bytes: FILES.jpeg(), name: "board.jpg" }), params);
    expect(status(recorded.value)).toBe(302);
    expect(location(recorded.value)).toBe(`/statements/${publishedId}`);
    const page = await get(boardPage, at, "director", params);
    const { postings } = page.value as { postings: { location: string; photoAttachmentId: number | null }[] };
    expect(postings).toHaveLength(2);
    const withPhoto = postings.find((p) => p.location === "1 号楼大堂");
    expect(withPhoto?.photoAttachmentId).toEqual(expect.any(Number));
  });

  it("a member asks the committee to reopen it and lands on the vote", async () => {
    const params = { publishedId: String(publishedId) };
    const at = `/statements/${publishedId}/reopen`;
    const page = await get(reopenPage, at, "committee1", params);
    expect(page.value).toMatchObject({ statement: { id: publishedId, latest: true } });
    const { statement } = page.value as { statement: { hash: string } };
    expect(await renderPage(at, "/statements/:publishedId/reopen", reopenPage.default, page.value, undefined, "en")).toContain(statement.hash);
    const reopened = await post(reopenPage, at, "committee1", { reason: "第 3 笔支出的科目记错，需更正。" }, params);
    expect(status(reopened.value)).toBe(302);
    expect(location(reopened.value)).toMatch(/^\/approvals\/\d+$/);
    // A second request while the vote is open is refused, nothing written.
    const before = digest();
    const again = await post(reopenPage, at, "director", { reason: "另一个理由，也要更正。" }, params);
    expect(status(again.value)).toBeGreaterThanOrEqual(400);
    expect(digest()).toEqual(before);
    approvalId = Number(location(reopened.value)!.split("/").at(-1));
  });

  it("once the committee votes to reopen, the new revision's page names the reason and links the revision it corrects", async () => {
    for (const login of ["director", "committee2", "committee3", "committee4"]) {
      const voter = sessionUserOf(db(), login);
      const { approval } = castVote(db(), { approvalId, userId: voter.id, choice: "approve", comment: "" }, String(voter.id));
      if (approval.status !== "open") break;
    }
    const list = await get(draftsIndex, "/statements/drafts", "manager");
    const second = (list.value as { drafts: { id: number; revision: number; status: string }[] }).drafts.find((d) => d.revision === 2);
    expect(second).toMatchObject({ status: "draft" });
    const params = { draftId: String(second!.id) };
    const page = await get(draftPage, `/statements/drafts/${second!.id}`, "auditor", params);
    expect(page.value).toMatchObject({ draft: { revision: 2, reopenReason: "第 3 笔支出的科目记错，需更正。", reopenApprovalId: approvalId }, corrects: { id: publishedId, revision: 1 } });
    const html = await renderPage(`/statements/drafts/${second!.id}`, "/statements/drafts/:draftId", draftPage.default, page.value);
    expect(html).toContain("第 3 笔支出的科目记错，需更正。");
    expect(html).toContain(`href="/statements/${publishedId}"`);
    expect(html).toContain(`href="/approvals/${approvalId}"`);
  });

  it("leaves a database that verifies", () => {
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
