import type { ComponentType } from "react";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ballotVotes, ownerDecisions } from "~db/schema";
import { verifyDatabase } from "~/services/audit-verify.server";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import * as detailRoute from "~/routes/ballots.$ballotId";
import * as indexRoute from "~/routes/ballots._index";
import * as newRoute from "~/routes/ballots.new";
import { testDb } from "../support/db";
import { renderRoutePage } from "../support/render";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";
import { ballotDigest, HOUR_MS, openTestBallot, userByLogin } from "../support/ballots";

const db = () => testDb();
const cookies: Record<string, string> = {};
const LOGINS = ["director", "committee1", "committee2", "owner", "owner2", "auditor", "admin", "manager"] as const;

type Route = { loader?: (args: never) => unknown; action?: (args: never) => unknown };
const get = (route: Route, path: string, login: string | null, params: Record<string, string> = {}) =>
  settle(route.loader!({ request: makeRequest(path, { cookie: login ? cookies[login] : undefined }), params, context: CONTEXT } as never));
const post = (route: Route, path: string, login: string, form: Record<string, string>, params: Record<string, string> = {}) =>
  settle(route.action!({ request: makeRequest(path, { form, cookie: cookies[login] }), params, context: CONTEXT } as never));
const statusOf = (r: { value: unknown }) => (r.value instanceof Response ? r.value.status : isDataWithInit(r.value) ? (r.value.init?.status ?? 200) : 200);
const errorsOf = (r: { value: unknown }) => (isDataWithInit(r.value) ? r.value.data.lastResult.error : null);

/** Server-renders a route's page with the data its loader gave (no JavaScript runs). */
const renderPage = (url: string, path: string, loaderData: unknown, Component: ComponentType, lang: "zh-CN" | "en" = "zh-CN") =>
  renderRoutePage({ url, path, Component, loaderData, lang });
const renderAs = async (login: string, id: string, locale: "zh-CN" | "en" = "zh-CN") =>
  renderPage(`/ballots/${id}`, "/ballots/:ballotId", (await get(detailRoute, `/ballots/${id}`, login, { ballotId: id })).value, detailRoute.default, locale);

function shanghaiParts(date: Date) {
  const local = new Date(date.getTime() + 8 * HOUR_MS).toISOString();
  return { deadlineDate: local.slice(0, 10), deadlineTime: local.slice(11, 16) };
}
const openForm = (fields: Record<string, string> = {}) => ({
  title: "升级监控摄像头", matter: "5", text: "使用公共收益升级全部监控摄像头。\n<b>不超过</b> 30,000 元。", authorised: "30,000",
  ...shanghaiParts(new Date(Date.now() + 3 * 24 * HOUR_MS)), ...fields,
});

beforeAll(async () => {
  await ensureDemoCommunity(db());
  for (const login of LOGINS) cookies[login] = (await signIn(login, DEMO_PASSWORD)).cookie;
}, 60_000);

describe("who may open the pages", () => {
  it("lists ballots for owners, committee and auditors; 403 for admin and manager; login for anonymous", async () => {
    for (const login of ["owner", "director", "auditor"]) expect(statusOf(await get(indexRoute, "/ballots", login)), login).toBe(200);
    expect(((await get(indexRoute, "/ballots", "director")).value as { mayOpen: boolean }).mayOpen).toBe(true);
    expect(((await get(indexRoute, "/ballots", "owner")).value as { mayOpen: boolean }).mayOpen).toBe(false);
    for (const login of ["admin", "manager"]) expect(statusOf(await get(indexRoute, "/ballots", login)), login).toBe(403);
    const anonymous = await get(indexRoute, "/ballots", null);
    expect((anonymous.value as Response).headers.get("Location")).toMatch(/^\/login/);
    expect(statusOf(await get(newRoute, "/ballots/new", "director"))).toBe(200);
    for (const login of ["owner", "auditor", "admin", "manager"]) expect(statusOf(await get(newRoute, "/ballots/new", login)), login).toBe(403);
  });
});

describe("a ballot through the pages", () => {
  let id: string;

  it("refuses bad input with field errors and writes nothing; the committee opens a ballot", async () => {
    const before = ballotDigest(db());
    const past = await post(newRoute, "/ballots/new", "director", openForm(shanghaiParts(new Date(Date.now() - HOUR_MS))));
    expect(statusOf(past)).toBe(400);
    expect(errorsOf(past)?.deadlineDate).toEqual(["ballots.errors.deadline"]);
    const far = await post(newRoute, "/ballots/new", "director", openForm(shanghaiParts(new Date(Date.now() + 91 * 24 * HOUR_MS))));
    expect(errorsOf(far)?.deadlineDate).toEqual(["ballots.errors.deadline"]);
    expect(errorsOf(await post(newRoute, "/ballots/new", "director", openForm({ matter: "10" })))?.matter).toEqual(["ballots.errors.matter"]);
    expect(errorsOf(await post(newRoute, "/ballots/new", "director", openForm({ authorised: "-5" })))?.authorised).toBeTruthy();
    expect(errorsOf(await post(newRoute, "/ballots/new", "director", openForm({ deadlineTime: "25:00" })))?.deadlineTime).toEqual(["ballots.errors.deadlineTime"]);
    expect(statusOf(await post(newRoute, "/ballots/new", "owner", openForm()))).toBe(403);
    expect(ballotDigest(db())).toEqual(before);
    const created = await post(newRoute, "/ballots/new", "director", openForm());
    expect(statusOf(created)).toBe(302);
    id = (created.value as Response).headers.get("Location")!.split("/").pop()!;
    const page = (await get(detailRoute, `/ballots/${id}`, "director", { ballotId: id })).value as { ballot: { authorisedFen: number; text: string; deadline: string } };
    expect(page.ballot.authorisedFen).toBe(3_000_000);
    expect(page.ballot.text).toContain("<b>不超过</b>"); // stored as typed; React escapes it on the page
  });

  it("shows an owner the aggregates and their weight, never the individual ballots", async () => {
    await post(detailRoute, `/ballots/${id}`, "owner2", { intent: "vote", choice: "agree" }, { ballotId: id });
    const page = (await get(detailRoute, `/ballots/${id}`, "owner", { ballotId: id })).value as Record<string, unknown>;
    expect(page.individual).toBeNull();
    expect(page.timeline).toBeNull();
    expect(page.mine).toMatchObject({ elector: { unitCount: 1 }, vote: null });
    expect(page.counts).toMatchObject({ voted: 1 });
    const multi = (await get(detailRoute, `/ballots/${id}`, "owner2", { ballotId: id })).value as { mine: { elector: { unitCount: number }; vote: { choice: string } } };
    // owner2 holds three units: one head, all three areas.
    expect(multi.mine).toMatchObject({ elector: { unitCount: 3 }, vote: { choice: "agree" } });
  });

  it("lets an owner vote once; a posted ownerId is ignored; admin, manager and auditor cannot vote", async () => {
    const params = { ballotId: id };
    expect(statusOf(await post(detailRoute, `/ballots/${id}`, "owner", { intent: "vote", choice: "disagree" }, params))).toBe(302);
    const again = await post(detailRoute, `/ballots/${id}`, "owner", { intent: "vote", choice: "agree" }, params);
    expect(statusOf(again)).toBe(409);
    expect(errorsOf(again)?.[""]).toEqual(["ballots.errors.alreadyVoted"]);
    // committee1 names the plain owner's owner id: the vote is still committee1's own.
    const target = userByLogin(db(), "owner").ownerId!;
    const own = userByLogin(db(), "committee1").ownerId!;
    expect(statusOf(await post(detailRoute, `/ballots/${id}`, "committee1", { intent: "vote", choice: "abstain", ownerId: String(target) }, params))).toBe(302);
    const votes = db().select().from(ballotVotes).where(eq(ballotVotes.ballotId, Number(id))).all();
    expect(votes.find((v) => v.choice === "abstain")).toMatchObject({ ownerId: own, userId: userByLogin(db(), "committee1").id });
    expect(votes.filter((v) => v.ownerId === target)).toHaveLength(1);
    const twice = await post(detailRoute, `/ballots/${id}`, "committee1", { intent: "vote", choice: "agree", ownerId: String(userByLogin(db(), "committee2").ownerId) }, params);
    expect(errorsOf(twice)?.[""]).toEqual(["ballots.errors.alreadyVoted"]);
    const before = ballotDigest(db());
    for (const login of ["admin", "manager", "auditor"]) {
      expect(statusOf(await post(detailRoute, `/ballots/${id}`, login, { intent: "vote", choice: "agree", ownerId: String(target) }, params)), login).toBe(403);
    }
    expect(errorsOf(await post(detailRoute, `/ballots/${id}`, "director", { intent: "vote", choice: "maybe" }, params))?.choice).toBeTruthy();
    expect(ballotDigest(db())).toEqual(before);
  });

  it("shows committee and auditors the individual ballots and the timeline", async () => {
    for (const login of ["auditor", "director"]) {
      const page = (await get(detailRoute, `/ballots/${id}`, login, { ballotId: id })).value as { individual: { ownerName: string; units: string; choice: string }[]; timeline: { action: string }[] };
      expect(page.individual).toHaveLength(3);
      expect(page.individual.find((r) => r.ownerName === "孙国庆")).toMatchObject({ units: "3栋 0101、3栋 0102、4栋 1402", choice: "agree" });
      expect(page.timeline.map((e) => e.action)).toContain("ballot.vote");
    }
    expect(((await get(detailRoute, `/ballots/${id}`, "auditor", { ballotId: id })).value as { mine: unknown }).mine).toBeNull();
  });

  it("refuses an early close while unsettled, and a close by a plain owner", async () => {
    const before = ballotDigest(db());
    const early = await post(detailRoute, `/ballots/${id}`, "director", { intent: "close" }, { ballotId: id });
    expect(statusOf(early)).toBe(409);
    expect(errorsOf(early)?.[""]).toEqual(["ballots.errors.notSettled"]);
    expect(isDataWithInit(early.value) && (early.value.data as unknown as { params: { left: number } }).params.left).toBeGreaterThan(100);
    expect(statusOf(await post(detailRoute, `/ballots/${id}`, "owner", { intent: "close" }, { ballotId: id }))).toBe(403);
    expect(statusOf(await post(detailRoute, `/ballots/${id}`, "auditor", { intent: "close" }, { ballotId: id }))).toBe(403);
    expect(ballotDigest(db())).toEqual(before);
    const page = (await get(detailRoute, `/ballots/${id}`, "director", { ballotId: id })).value as { mayClose: boolean; closeAllowed: boolean };
    expect(page).toMatchObject({ mayClose: true, closeAllowed: false });
  });

  it("renders without JavaScript: escaped text, the weight and vote form, the thresholds, staff-only ballots", async () => {
    const voter = await renderAs("committee2", id);
    expect(voter).toContain("&lt;b&gt;不超过&lt;/b&gt;");
    expect(voter).toMatch(/您的表决权：1 套房屋，共 [\d.]+ m²，计 1 人/);
    expect(voter).toMatch(/<input type="radio" name="choice"[^>]*value="disagree"/);
    expect(voter).toMatch(/name="intent"[^>]*value="vote"/);
    expect(voter).toContain("过半数");
    expect(voter).toContain("逐票明细");
    expect(voter).toContain("截止时间前只有在结果已成定局时才能提前结束");
    const owner = await renderAs("owner", id);
    expect(owner).toContain("您已投票：反对");
    expect(owner).not.toContain("逐票明细");
    expect(owner).not.toContain('value="close"');
    expect(owner).toContain("%");
    expect(await renderAs("auditor", id, "en")).toContain("Individual ballots");
    const list = await renderPage("/ballots", "/ballots", (await get(indexRoute, "/ballots", "director")).value, indexRoute.default);
    expect(list).toContain("发起表决");
    expect(list).toContain("升级监控摄像头");
    const form = await renderPage("/ballots/new", "/ballots/new", null, newRoute.default);
    expect(form).toContain("（特别事项，须 3/4 以上同意）");
    expect(form).toContain('type="time"');
  });

  it("answers 404 for an unknown ballot", async () => {
    expect(statusOf(await get(detailRoute, "/ballots/999999", "owner", { ballotId: "999999" }))).toBe(404);
    expect(statusOf(await get(detailRoute, "/ballots/abc", "owner", { ballotId: "abc" }))).toBe(404);
  });
});

describe("closing after the deadline", () => {
  it("closes through the page, and the decision appears in the register with source ballot", async () => {
    const director = userByLogin(db(), "director");
    // Opened two hours ago with a deadline an hour ago (the service takes `now`, so history can be built).
    const ballot = openTestBallot(db(), { user: director, now: new Date(Date.now() - 2 * HOUR_MS), deadline: new Date(Date.now() - HOUR_MS).toISOString(), matter: 7, title: "加建卫生间" });
    const params = { ballotId: String(ballot.id) };
    const late = await post(detailRoute, `/ballots/${ballot.id}`, "owner", { intent: "vote", choice: "agree" }, params);
    expect(errorsOf(late)?.[""]).toEqual(["ballots.errors.closed"]);
    const list = (await get(indexRoute, "/ballots", "owner")).value as { rows: { id: number; status: string; acceptsVotes: boolean }[] };
    expect(list.rows.find((r) => r.id === ballot.id)).toMatchObject({ status: "open", acceptsVotes: false });
    expect(statusOf(await post(detailRoute, `/ballots/${ballot.id}`, "director", { intent: "close" }, params))).toBe(302);
    const decision = db().select().from(ownerDecisions).where(eq(ownerDecisions.ballotId, ballot.id)).get();
    expect(decision).toMatchObject({ source: "ballot", outcome: "no_quorum", matter: 7, title: "加建卫生间", recordedBy: String(director.id) });
    const page = (await get(detailRoute, `/ballots/${ballot.id}`, "owner", { ballotId: String(ballot.id) })).value as { decision: { id: number; outcome: string }; ballot: { status: string } };
    expect(page).toMatchObject({ ballot: { status: "closed" }, decision: { id: decision!.id, outcome: "no_quorum" } });
    const html = await renderAs("owner", String(ballot.id));
    expect(html).toContain(`href="/decisions/${decision!.id}"`);
    expect(html).toContain("参与业主不足法定比例");
    const again = await post(detailRoute, `/ballots/${ballot.id}`, "director", { intent: "close" }, params);
    expect(errorsOf(again)?.[""]).toEqual(["ballots.errors.closed"]);
    const listed = (await get(indexRoute, "/ballots", "owner")).value as { rows: { id: number; status: string; decision: { id: number } | null }[] };
    expect(listed.rows.at(-1)).toMatchObject({ id: ballot.id, status: "closed", decision: { id: decision!.id } });
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
