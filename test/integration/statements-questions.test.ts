import { createElement, type ComponentType } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { StatementQuestions } from "~/components/statements/Questions";
import { questionLines } from "~/domain/statements/question-forms";
import { sampleFigures } from "../support/questions";
import { and, desc, eq } from "drizzle-orm";
import { auditEvents, notificationOutbox } from "~db/schema";
import * as adminCommunity from "~/routes/admin.community";
import * as askRoute from "~/routes/statements.$publishedId_.ask";
import * as questionRoute from "~/routes/questions.$questionId";
import * as questionsIndex from "~/routes/questions._index";
import { communityFormSchema, communitySettingsSchema } from "~/domain/community-settings";
import { DomainError } from "~/domain/errors";
import { ownerInput } from "../support/builders";
import { verifyDatabase } from "~/services/audit-verify.server";
import { getCommunity, updateCommunity } from "~/services/community.server";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { createOwner } from "~/services/owners.server";
import {
  answerQuestion, askQuestion, listQuestions, mayAsk, overdueCount, questionDetail, questionsOfPeriod,
} from "~/services/statements/questions.server";
import { createUser } from "~/services/users.server";
import { testDb } from "../support/db";
import { renderRoutePage } from "../support/render";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";
import { makeChannel } from "../support/notifications";
import { publishForQuestions, questionsDigest, userOf } from "../support/questions";

const db = () => testDb();
const ASKED = new Date("2026-04-05T02:00:00Z"); // 2026-04-05 in Shanghai: due 2026-04-20
const cookies: Record<string, string> = {};
let q1 = 0; // the 2026Q1 statement (latest)
let old = 0; // 2025Q4 revision 1, superseded by revision 2
let latest4 = 0;
let noUnitLogin = "";

beforeAll(async () => {
  await ensureDemoCommunity(db());
  makeChannel(db());
  old = publishForQuestions(db(), "2025Q4").id;
  latest4 = publishForQuestions(db(), "2025Q4", { revision: 2 }).id;
  q1 = publishForQuestions(db(), "2026Q1").id;
  const { owner } = createOwner(db(), ownerInput({ kind: "person", name: "无房业主" }), "system");
  noUnitLogin = "nounit";
  await createUser(db(), { login: noUnitLogin, displayName: "无房业主", password: DEMO_PASSWORD, roles: ["owner"], isDirector: false, ownerId: owner.id }, "system", { mustChangePassword: false });
  for (const login of ["owner", "owner2", "manager", "director", "committee1", "auditor", "admin"]) cookies[login] = (await signIn(login, DEMO_PASSWORD)).cookie;
}, 60_000);

/** A refusal with this code (and status) that writes nothing at all. */
function expectRefused(fn: () => unknown, code: string, status?: number) {
  const before = questionsDigest(db());
  let caught: unknown = null;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).code).toBe(code);
  if (status !== undefined) expect((caught as DomainError).options.status).toBe(status);
  expect(questionsDigest(db())).toEqual(before);
}

const ask = (login: string, fields: Partial<{ publishedId: number; book: "cogoverned" | "public_revenue"; lineKey: string | null; text: string }> = {}, now = ASKED) =>
  askQuestion(db(), { publishedId: q1, book: "cogoverned", lineKey: null, text: "请问本季度维修费为何增加？", ...fields }, userOf(db(), login), now);

const call = (mod: { loader?: (a: never) => unknown; action?: (a: never) => unknown }, kind: "loader" | "action", path: string, who: string, params: Record<string, string>, form?: Record<string, string>) =>
  settle(mod[kind]!({ request: makeRequest(path, { cookie: cookies[who], form }), params, context: CONTEXT } as never));

describe("community settings for statements and questions", () => {
  it("reads stored settings without the new fields with their defaults, and the form reads an unticked box as no", () => {
    expect(communitySettingsSchema.parse({ billingPeriod: "quarterly", postingMinDays: 15 })).toMatchObject({ statementsPublic: true, answerDueDays: 15 });
    expect(getCommunity(db())!.settings).toMatchObject({ statementsPublic: true, answerDueDays: 15 });
    const base = { name: "小区", address: "路 1 号", billingPeriod: "quarterly", postingMinDays: "15" };
    expect(communityFormSchema.parse({ ...base, answerDueDays: "30" })).toMatchObject({ statementsPublic: false, answerDueDays: 30 });
    expect(communityFormSchema.parse({ ...base, answerDueDays: "30", statementsPublic: true }).statementsPublic).toBe(true);
    for (const bad of ["0", "91", "1.5", "x"]) expect(communityFormSchema.safeParse({ ...base, answerDueDays: bad }).success).toBe(false);
  });

  it("saves both fields through the admin page, and an update that leaves them out keeps them", async () => {
    const form = { name: "明湖花园", address: "明湖路 1 号", billingPeriod: "quarterly", postingMinDays: "15", answerDueDays: "10" };
    const saved = await settle(adminCommunity.action({ request: makeRequest("/admin/community", { cookie: cookies.admin, form }), params: {}, context: CONTEXT }));
    expect((saved.value as Response).status).toBe(302);
    expect(getCommunity(db())!.settings).toMatchObject({ statementsPublic: false, answerDueDays: 10 });
    const bad = await settle(adminCommunity.action({ request: makeRequest("/admin/community", { cookie: cookies.admin, form: { ...form, answerDueDays: "0" } }), params: {}, context: CONTEXT }));
    expect(isDataWithInit(bad.value) && bad.value.data.lastResult.error?.answerDueDays).toEqual(["questions.settings.answerDueDaysInvalid"]);
    const c = getCommunity(db())!;
    updateCommunity(db(), { name: c.name, address: c.address, billingPeriod: "quarterly", postingMinDays: 15 }, String(userOf(db(), "admin").id));
    expect(getCommunity(db())!.settings).toMatchObject({ statementsPublic: false, answerDueDays: 10 });
    updateCommunity(db(), { name: c.name, address: c.address, billingPeriod: "quarterly", postingMinDays: 15, statementsPublic: true, answerDueDays: 15 }, "system");
  });
});

describe("asking", () => {
  it("records an owner's question due in answerDueDays, audited on statement:<period>, and tells the group without the asker", () => {
    const { questionId } = ask("owner", { lineKey: "spending.6601" });
    const event = db().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get()!;
    expect(event).toMatchObject({ action: "statement.ask", subject: "statement:2026Q1" });
    expect(JSON.parse(event.data)).toMatchObject({ book: "cogoverned", lineKey: "spending.6601" });
    const [view] = questionsOfPeriod(db(), "2026Q1", { userId: userOf(db(), "owner").id }, "2026-04-05");
    expect(view).toMatchObject({ id: questionId, dueOn: "2026-04-20", askedOn: "2026-04-05", mine: true, overdue: false, answer: null });
    expect(Object.keys(view!)).not.toContain("askedBy");
    const message = db().select().from(notificationOutbox).where(and(eq(notificationOutbox.topic, "question.asked"))).get()!;
    expect(message.title).toBe("业主质询：2026年第1季度公示");
    expect(message.body).toContain(`[回复](/questions/${questionId})`);
    expect(message.body).toContain("共管账户");
    expect(message.body).not.toContain("赵明远");
    expect(mayAsk(db(), userOf(db(), "owner"))).toBe(true);
    expect(mayAsk(db(), userOf(db(), "manager"))).toBe(false);
  });

  it("lets a committee member who owns a unit ask on the public-revenue book and a line of it", () => {
    expect(ask("committee1", { book: "public_revenue", lineKey: "income.6003" }).questionId).toBeGreaterThan(0);
    expect(ask("owner2", { book: "public_revenue", lineKey: null, text: "  广告收入的合同在哪里可以看？\n谢谢。 " }).questionId).toBeGreaterThan(0);
  });

  it("refuses anyone who is not an owner of a unit here", () => {
    for (const login of ["admin", "manager", "auditor", noUnitLogin]) expectRefused(() => ask(login), "questions.errors.notOwner", 403);
    expect(mayAsk(db(), userOf(db(), noUnitLogin))).toBe(false);
  });

  it("refuses an unknown statement, an old revision, unknown lines and bad text", () => {
    expectRefused(() => ask("owner", { publishedId: 99_999 }), "questions.errors.unknownStatement", 404);
    expectRefused(() => ask("owner", { publishedId: old }), "questions.errors.oldRevision", 409);
    for (const [book, lineKey] of [["cogoverned", "spending.9999"], ["cogoverned", "income.6601"], ["public_revenue", "budget.6601"], ["cogoverned", "6601"], ["public_revenue", "collection"]] as const) {
      expectRefused(() => ask("owner", { book, lineKey }), "questions.errors.unknownLine");
    }
    for (const text of ["", "    ", "太贵了", "问".repeat(2001)]) expectRefused(() => ask("owner", { text }), "questions.errors.textLength");
    expect(ask("owner", { publishedId: latest4, text: "问".repeat(2000), lineKey: "owed.arrears" }).questionId).toBeGreaterThan(0);
  });
});

describe("answering", () => {
  it("lets a manager answer the co-managed book and the committee the public-revenue book; late is recorded", () => {
    expect(questionsOfPeriod(db(), "2026Q1", { userId: null }, "2026-04-05")).toEqual([]);
    const [cq, pq] = questionsOfPeriod(db(), "2026Q1", { userId: userOf(db(), "auditor").id }, "2026-04-05");
    expect(pq!.book).toBe("public_revenue");
    for (const login of ["committee1", "auditor", "owner"]) expectRefused(() => answerQuestion(db(), cq!.id, { text: "已核实。" }, userOf(db(), login)), "questions.errors.notYourBook", 403);
    expectRefused(() => answerQuestion(db(), pq!.id, { text: "已核实。" }, userOf(db(), "manager")), "questions.errors.notYourBook", 403);
    expectRefused(() => answerQuestion(db(), cq!.id, { text: " 好 " }, userOf(db(), "manager")), "questions.errors.answerLength");
    expectRefused(() => answerQuestion(db(), cq!.id, { text: "答".repeat(5001) }, userOf(db(), "manager")), "questions.errors.answerLength");
    expectRefused(() => answerQuestion(db(), 99_999, { text: "已核实。" }, userOf(db(), "manager")), "questions.errors.unknownQuestion", 404);

    answerQuestion(db(), cq!.id, { text: "本季度更换了 3 栋水泵。" }, userOf(db(), "manager"), new Date("2026-04-10T02:00:00Z"));
    let event = db().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get()!;
    expect(event).toMatchObject({ action: "statement.answer", subject: "statement:2026Q1" });
    expect(JSON.parse(event.data)).toMatchObject({ questionId: cq!.id, late: false });
    expectRefused(() => answerQuestion(db(), cq!.id, { text: "再补充一点。" }, userOf(db(), "accountant")), "questions.errors.alreadyAnswered", 409);

    answerQuestion(db(), pq!.id, { text: "合同在业委会办公室可查阅。" }, userOf(db(), "director"), new Date("2026-04-25T02:00:00Z"));
    event = db().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get()!;
    expect(JSON.parse(event.data)).toMatchObject({ questionId: pq!.id, late: true });
  });

  it("flags overdue questions, counts them for everyone, and lists them overdue first for the staff", () => {
    const views = questionsOfPeriod(db(), "2026Q1", { userId: userOf(db(), "owner2").id }, "2026-04-21");
    expect(views.map((v) => [v.book, v.overdue, v.mine, v.answer?.byRole ?? null])).toEqual([
      ["cogoverned", false, false, "manager"], ["public_revenue", false, false, "committee"], ["public_revenue", true, true, null],
    ]);
    expect(overdueCount(db(), "2026Q1", "2026-04-20")).toBe(0);
    expect(overdueCount(db(), "2026Q1", "2026-04-21")).toBe(1);
    const list = listQuestions(db(), {}, userOf(db(), "auditor"), "2026-04-21");
    // The 2025Q4 question (asked the same day) is overdue too; answered ones come last.
    expect(list.map((q) => [q.period, q.state])).toEqual([["2026Q1", "overdue"], ["2025Q4", "overdue"], ["2026Q1", "answered"], ["2026Q1", "answered"]]);
    expect(listQuestions(db(), {}, userOf(db(), "auditor"), "2026-04-20").map((q) => q.state)).toEqual(["open", "open", "answered", "answered"]);
    expect(list.find((q) => q.late)?.book).toBe("public_revenue");
    expect(list[0]!.ageDays).toBe(16);
    expect(listQuestions(db(), { state: "answered", book: "cogoverned" }, userOf(db(), "manager"), "2026-04-21")).toHaveLength(1);
    expect(listQuestions(db(), { state: "open" }, userOf(db(), "manager"), "2026-04-21")).toHaveLength(2);
    expect(() => listQuestions(db(), {}, userOf(db(), "owner"), "2026-04-21")).toThrow(DomainError);
    const detail = questionDetail(db(), list[0]!.id, userOf(db(), "director"), "2026-04-21");
    expect(detail).toMatchObject({ canAnswer: true, question: { state: "overdue" } });
    expect(questionDetail(db(), list[0]!.id, userOf(db(), "manager"), "2026-04-21")!.canAnswer).toBe(false);
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

describe("the pages", () => {
  const status = (value: unknown) => (value instanceof Response ? value.status : isDataWithInit(value) ? value.init?.status ?? 200 : 200);
  const errorsOf = (value: unknown) => (isDataWithInit(value) ? value.data.lastResult.error : undefined);

  it("shows /questions to the staff only, filtered", async () => {
    for (const who of ["owner", "admin"]) expect(status((await call(questionsIndex, "loader", "/questions", who, {})).value)).toBe(403);
    const { value } = await call(questionsIndex, "loader", "/questions?state=overdue&book=bogus", "auditor", {});
    expect((value as { questions: { state: string }[] }).questions.map((q) => q.state)).toEqual(["overdue", "overdue"]);
    expect((value as { filter: object }).filter).toEqual({ state: "overdue", book: undefined });
    expect(status((await call(questionRoute, "loader", "/questions/99999", "manager", { questionId: "99999" })).value)).toBe(404);
    expect(status((await call(questionRoute, "loader", "/questions/1", "owner", { questionId: "1" })).value)).toBe(403);
  });

  it("answers through /questions/:id with field errors on bad input and nothing written", async () => {
    const open = listQuestions(db(), { state: "open" }, userOf(db(), "auditor"), "2026-04-21").find((q) => q.book === "cogoverned")!;
    const params = { questionId: String(open.id) };
    const path = `/questions/${open.id}`;
    const before = questionsDigest(db());
    expect(status((await call(questionRoute, "action", path, "auditor", params, { text: "已核实。" })).value)).toBe(403);
    const empty = await call(questionRoute, "action", path, "manager", params, { text: "" });
    expect(status(empty.value)).toBe(400);
    expect(errorsOf(empty.value)?.text).toEqual(["questions.errors.answerLength"]);
    const wrongBook = await call(questionRoute, "action", path, "committee1", params, { text: "已核实。" });
    expect(status(wrongBook.value)).toBe(403);
    expect(errorsOf(wrongBook.value)?.[""]).toEqual(["questions.errors.notYourBook"]);
    expect(questionsDigest(db())).toEqual(before);
    const done = await call(questionRoute, "action", path, "manager", params, { text: "已核实，系正常支出。" });
    expect((done.value as Response).headers.get("Location")).toBe(path);
    const again = await call(questionRoute, "action", path, "manager", params, { text: "已核实。" });
    expect(status(again.value)).toBe(409);
  });

  it("asks through /statements/:id/ask, without JavaScript, and refuses bad input with field errors", async () => {
    const path = `/statements/${q1}/ask`;
    const params = { publishedId: String(q1) };
    const shown = await call(askRoute, "loader", path, "owner", params);
    expect(shown.value).toMatchObject({ publishedId: q1, latest: true });
    expect((shown.value as { lines: { key: string }[] }).lines.map((l) => l.key)).toContain("spending.remuneration");
    expect(status((await call(askRoute, "loader", path, "manager", params)).value)).toBe(403);
    expect(status((await call(askRoute, "action", path, "admin", params, { book: "cogoverned", text: "一个问题问问" })).value)).toBe(403);
    const before = questionsDigest(db());
    const short = await call(askRoute, "action", path, "owner", params, { book: "cogoverned", text: "贵" });
    expect(status(short.value)).toBe(400);
    expect(errorsOf(short.value)?.text).toEqual(["questions.errors.textLength"]);
    const line = await call(askRoute, "action", path, "owner", params, { book: "public_revenue", lineKey: "spending.6601", text: "这一项是什么？" });
    expect(errorsOf(line.value)?.lineKey).toEqual(["questions.errors.unknownLine"]);
    const stale = await call(askRoute, "action", `/statements/${old}/ask`, "owner", { publishedId: String(old) }, { book: "cogoverned", text: "这一项是什么？" });
    expect(status(stale.value)).toBe(409);
    expect(isDataWithInit(stale.value) && (stale.value.data as unknown as { params: { latestId: number } }).params.latestId).toBe(latest4);
    expect(questionsDigest(db())).toEqual(before);
    const asked = await call(askRoute, "action", path, "owner", params, { book: "cogoverned", lineKey: "owed.arrears", text: "欠费是如何催收的？" });
    expect((asked.value as Response).headers.get("Location")).toBe(`/statements/${q1}#questions`);
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

/** Server-renders a route's page with the data its loader gave. */
const renderPage = (url: string, path: string, loaderData: unknown, Component: ComponentType) => renderRoutePage({ url, path, Component, loaderData });

describe("what the pages show", () => {
  it("shows questions as escaped text, never the asker, overdue and late in words, and the ask form to owners", async () => {
    ask("owner2", { book: "cogoverned", lineKey: "spending.6601", text: "<script>alert(1)</script>\n第二行" }, new Date("2026-04-06T02:00:00Z"));
    const questions = questionsOfPeriod(db(), "2026Q1", { userId: userOf(db(), "owner2").id }, "2026-04-21");
    const lines = questionLines(sampleFigures("2026Q1"), "zh-CN");
    const Page = () => createElement(StatementQuestions, { publishedId: q1, questions, canAsk: true, lines, overdueCount: overdueCount(db(), "2026Q1", "2026-04-21"), signedIn: true });
    const html = await renderPage(`/statements/${q1}`, "/statements/:id", {}, Page);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("pre-wrap");
    expect(html).toContain("已逾期，尚未答复");
    expect(html).toContain("逾期答复");
    expect(html).toContain("业主委员会答复");
    expect(html).toContain("物业服务企业答复");
    expect(html).toContain("支出：人员费用（工资、社保、福利）");
    expect(html).toContain("我提出的");
    expect(html).toContain(`action="/statements/${q1}/ask"`);
    for (const name of ["赵明远", "孙国庆", "林晓燕"]) expect(html).not.toContain(name);
    const anonymous = await renderPage(`/statements/${q1}`, "/statements/:id", {}, () => createElement(StatementQuestions, { publishedId: q1, questions: [], canAsk: false, lines, overdueCount: 2, signedIn: false }));
    expect(anonymous).toContain("有 2 个质询已逾期未答复");
    expect(anonymous).toContain("业主登录后可查看质询及答复");
    expect(anonymous).not.toContain("暂无质询");
    expect(anonymous).not.toContain("<form");
  });

  it("renders /questions and /questions/:id for the staff, with the answer form only for the answering role", async () => {
    const listed = await call(questionsIndex, "loader", "/questions", "manager", {});
    const list = await renderPage("/questions", "/questions", listed.value, questionsIndex.default);
    expect(list).toContain("逾期未答复");
    const open = listQuestions(db(), { state: "open", book: "cogoverned" }, userOf(db(), "manager"), "2026-11-21")[0]!;
    const forManager = await call(questionRoute, "loader", `/questions/${open.id}`, "manager", { questionId: String(open.id) });
    const page = await renderPage(`/questions/${open.id}`, "/questions/:questionId", forManager.value, questionRoute.default);
    expect(page).toContain("提交答复");
    const forDirector = await call(questionRoute, "loader", `/questions/${open.id}`, "director", { questionId: String(open.id) });
    const other = await renderPage(`/questions/${open.id}`, "/questions/:questionId", forDirector.value, questionRoute.default);
    expect(other).not.toContain("提交答复");
    expect(other).toContain("此质询由物业服务企业答复");
  });

  it("renders the admin's community form with the two settings", async () => {
    const loaded = await call(adminCommunity, "loader", "/admin/community", "admin", {});
    const html = await renderPage("/admin/community", "/admin/community", loaded.value, adminCommunity.default);
    expect(html).toContain("公示无需登录即可查看");
    expect(html).toMatch(/type="checkbox"[^>]*name="statementsPublic"[^>]*checked|name="statementsPublic"[^>]*type="checkbox"[^>]*checked|checked=""[^>]*name="statementsPublic"/);
    expect(html).toContain('name="answerDueDays"');
    expect(html).toContain('value="15"');
  });
});
