/**
 * The owners' portal (issue 5, section C): the published list, a statement
 * page with its charts, tables, revisions and proofs, the drill-down to
 * payments and proposals, who may read them (the statementsPublic setting),
 * and the page's validator: a conditional GET through Remix answered 304.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as indexRoute from "~/routes/statements._index";
import * as pageRoute from "~/routes/statements.$publishedId";
import * as lineRoute from "~/routes/statements.$publishedId_.lines.$book.$lineKey";
import * as proposalRoute from "~/routes/statements.$publishedId_.proposals.$proposalId";
import { owners } from "~db/schema";
import { verifyDatabase } from "~/services/audit-verify.server";
import { getCommunity, updateCommunity } from "~/services/community.server";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { localeCookie } from "~/services/request.server";
import { recordBoardPosting } from "~/services/statements/board.server";
import { askQuestion } from "~/services/statements/questions.server";
import { statementChartsSvg } from "~/services/statements/charts.server";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";
import { publishPeriod, sessionUserOf, STATEMENT_NOW } from "../support/statements";
import { portalHandler, republish } from "../support/statements-portal";

const db = testDb();
const cookies: Record<string, string> = {};
const ids: Record<string, number> = {};
const HOSTILE = "<script>alert('x')</script>";

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
  for (const period of ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]) ids[period] = publishPeriod(db, period).id;
  ids["2026Q2r2"] = republish(db, ids["2026Q2"]!, "2026Q2", "五月利息漏记，需更正后重新公示", `二季度工作情况\n\n- 完成电梯年检\n- ${HOSTILE}\n\n1. 下季度计划`).id;
  for (const login of ["owner", "owner2", "manager", "committee1", "auditor", "admin"]) cookies[login] = (await signIn(login, DEMO_PASSWORD)).cookie;
}, 240_000);

type Mod = { loader: (args: never) => unknown };
const get = (mod: Mod, path: string, who: string | null, params: Record<string, string> = {}, headers: Record<string, string> = {}) => {
  const request = makeRequest(path, { cookie: who ? cookies[who] : undefined });
  for (const [k, v] of Object.entries(headers)) request.headers.set(k, v);
  return settle(mod.loader({ request, params, context: CONTEXT } as never));
};
const status = (value: unknown) => (value instanceof Response ? value.status : isDataWithInit(value) ? value.init?.status ?? 200 : 200);
const payload = <T>(value: unknown): T => (isDataWithInit(value) ? (value.data as unknown as T) : (value as T));

function setPublic(statementsPublic: boolean) {
  const c = getCommunity(db)!;
  updateCommunity(db, { name: c.name, address: c.address, billingPeriod: c.settings.billingPeriod, postingMinDays: c.settings.postingMinDays, statementsPublic }, String(sessionUserOf(db, "admin").id));
}

describe("the published list", () => {
  it("shows every period to a visitor, the latest revision marked and the older one with its reason", async () => {
    const outcome = await get(indexRoute, "/statements", null);
    expect(outcome.threw).toBe(false);
    const list = payload<Awaited<ReturnType<typeof indexRoute.loader>>>(outcome.value);
    expect(list.quarters.map((q) => q.period)).toEqual(["2026Q2", "2026Q1", "2025Q4", "2025Q3"]);
    const q2 = list.quarters[0]!;
    expect(q2.latest).toMatchObject({ id: ids["2026Q2r2"], revision: 2, reason: "五月利息漏记，需更正后重新公示" });
    expect(q2.older).toMatchObject([{ id: ids["2026Q2"], revision: 1, reason: null }]);
    expect(q2.latest.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(list).toMatchObject({ isOwner: false, isStaff: false });
  });

  it("links owners to their bills and staff to the drafts", async () => {
    expect(payload<{ isOwner: boolean; isStaff: boolean }>((await get(indexRoute, "/statements", "owner")).value)).toMatchObject({ isOwner: true, isStaff: false });
    expect(payload<{ isOwner: boolean; isStaff: boolean }>((await get(indexRoute, "/statements", "auditor")).value)).toMatchObject({ isStaff: true });
  });

  it("is closed to visitors and admins when the community keeps statements private", async () => {
    setPublic(false);
    try {
      const visitor = await get(indexRoute, "/statements", null);
      expect(visitor.threw).toBe(true);
      expect((visitor.value as Response).headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
      const page = await get(pageRoute, `/statements/${ids["2026Q1"]}`, null, { publishedId: String(ids["2026Q1"]) });
      expect(status(page.value)).toBe(302);
      expect(status((await get(indexRoute, "/statements", "admin")).value)).toBe(403);
      expect((await get(indexRoute, "/statements", "owner")).threw).toBe(false);
      expect((await get(lineRoute, "/x", null, { publishedId: String(ids["2026Q1"]), book: "cogoverned", lineKey: "6601" })).threw).toBe(true);
    } finally {
      setPublic(true);
    }
    expect((await get(indexRoute, "/statements", null)).threw).toBe(false);
  });
});


describe("a statement page", () => {
  it("404s for a statement that does not exist or a bad id", async () => {
    for (const publishedId of ["999999", "abc", "-1"]) {
      const outcome = await get(pageRoute, `/statements/${publishedId}`, null, { publishedId });
      expect(outcome.threw).toBe(true);
      expect(status(outcome.value)).toBe(404);
    }
  });

  it("shows a superseded revision with a link to the latest, and the latest with the reason it corrects", async () => {
    const old = payload<{ latest: boolean; newest: { id: number; revision: number } | null }>((await get(pageRoute, "/s", null, { publishedId: String(ids["2026Q2"]) })).value);
    expect(old).toMatchObject({ latest: false, newest: { id: ids["2026Q2r2"], revision: 2 } });
    const latest = payload<{ latest: boolean; corrects: { id: number } | null; previous: { id: number } | null; snapshot: { supersedes: { reason: string } | null } }>(
      (await get(pageRoute, "/s", null, { publishedId: String(ids["2026Q2r2"]) })).value,
    );
    expect(latest).toMatchObject({ latest: true, corrects: { id: ids["2026Q2"] }, previous: { id: ids["2026Q1"] } });
    expect(latest.snapshot.supersedes?.reason).toBe("五月利息漏记，需更正后重新公示");
  });

  it("carries both charts as SVG, the quarters' history and the questions, and never an owner's personal data", async () => {
    const owner = sessionUserOf(db, "owner");
    askQuestion(db, { publishedId: ids["2026Q2r2"]!, book: "cogoverned", lineKey: null, text: "请说明五月利息为何漏记？" }, owner, STATEMENT_NOW);
    const outcome = await get(pageRoute, "/s", "owner2", { publishedId: String(ids["2026Q2r2"]) });
    const page = payload<{ charts: { byKind: string; quarters: string }; history: { period: string }[]; questions: { mine: boolean; text: string }[]; canAsk: boolean }>(outcome.value);
    expect(page.charts.byKind).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(page.charts.quarters).toContain("<svg");
    expect(page.history.map((h) => h.period)).toEqual(["2025Q3", "2025Q4", "2026Q1", "2026Q2"]);
    expect(page.questions).toMatchObject([{ mine: false, text: "请说明五月利息为何漏记？" }]);
    expect(page.canAsk).toBe(true);
    const json = JSON.stringify(page);
    const names = db.select({ name: owners.name, phone: owners.phone }).from(owners).all();
    for (const { name, phone } of names) {
      if ([...name].length >= 2) expect(json).not.toContain(name);
      if (phone) expect(json).not.toContain(phone);
    }
    expect(json).not.toMatch(/askedBy|asked_by/);
    const mine = payload<{ questions: { mine: boolean }[] }>((await get(pageRoute, "/s", "owner", { publishedId: String(ids["2026Q2r2"]) })).value);
    expect(mine.questions[0]!.mine).toBe(true);
    const anonymous = payload<{ canAsk: boolean; overdueCount: number }>((await get(pageRoute, "/s", null, { publishedId: String(ids["2026Q2r2"]) })).value);
    expect(anonymous).toMatchObject({ canAsk: false, overdueCount: 0 });
  });

  it("renders the work report as text, the charts, the tables and the committee's links, through Remix", async () => {
    const handle = portalHandler();
    const html = await (await handle(makeRequest(`/statements/${ids["2026Q2r2"]}`, { cookie: cookies.committee1 }))).text();
    expect(html).toContain("&lt;script&gt;alert(");
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain("<svg");
    expect(html).toContain("<li>完成电梯年检</li>");
    expect(html).toMatch(/<ol start="1"><li>下季度计划<\/li><\/ol>/);
    expect(html).toContain(`/statements/${ids["2026Q2r2"]}/board`);
    expect(html).toContain(`/statements/${ids["2026Q2r2"]}/reopen`);
    expect(html).toContain(`/statements/${ids["2026Q2r2"]}/download/xlsx`);
    expect(html).toMatch(new RegExp(`/statements/${ids["2026Q2r2"]}/lines/cogoverned/`));
    const old = await (await handle(makeRequest(`/statements/${ids["2026Q2"]}`, { cookie: cookies.committee1 }))).text();
    expect(old).not.toContain(`/statements/${ids["2026Q2"]}/reopen`);
    const owner = await (await handle(makeRequest(`/statements/${ids["2026Q2r2"]}`, { cookie: cookies.owner }))).text();
    expect(owner).not.toContain("/reopen");
    expect(owner.replace(/<script[\s\S]*?<\/script>/g, "")).not.toMatch(/statements\.[a-z]+\.[a-zA-Z]/);
  });
});

describe("caching: a validator per reader, and 304 for a conditional GET", () => {
  const url = () => `/statements/${ids["2026Q1"]}`;

  it("serves an ETag, public caching for visitors and private for users, then 304 with no body", async () => {
    const handle = portalHandler();
    const first = await handle(makeRequest(url()));
    expect(first.status).toBe(200);
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(first.headers.get("Cache-Control")).toBe("public, max-age=300");
    const again = makeRequest(url());
    again.headers.set("If-None-Match", etag);
    const second = await handle(again);
    expect(second.status).toBe(304);
    expect(await second.text()).toBe("");
    expect(second.headers.get("ETag")).toBe(etag);

    const asOwner = await handle(makeRequest(url(), { cookie: cookies.owner }));
    expect(asOwner.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(asOwner.headers.get("ETag")).not.toBe(etag);
    const stale = makeRequest(url(), { cookie: cookies.owner });
    stale.headers.set("If-None-Match", etag);
    expect((await handle(stale)).status).toBe(200);
  });

  it("changes the validator when the language or the questions change", async () => {
    const handle = portalHandler();
    const etagOf = async (cookie?: string) => (await handle(makeRequest(url(), { cookie }))).headers.get("ETag");
    const before = await etagOf(cookies.owner2);
    const english = (await localeCookie.serialize("en")).split(";")[0]!;
    expect(await etagOf(`${cookies.owner2}; ${english}`)).not.toBe(before);
    // A question on another period leaves this page's validator alone; one on this period changes it.
    askQuestion(db, { publishedId: ids["2026Q2r2"]!, book: "cogoverned", lineKey: null, text: "另一期的质询内容" }, sessionUserOf(db, "owner"), STATEMENT_NOW);
    expect(await etagOf(cookies.owner2)).toBe(before);
    askQuestion(db, { publishedId: ids["2026Q1"]!, book: "cogoverned", lineKey: null, text: "一季度的质询内容" }, sessionUserOf(db, "owner"), STATEMENT_NOW);
    expect(await etagOf(cookies.owner2)).not.toBe(before);
  });

  it("changes the validator when a board posting is recorded, and lists the posting", async () => {
    const handle = portalHandler();
    const before = (await handle(makeRequest(url()))).headers.get("ETag");
    recordBoardPosting(db, ids["2026Q1"]!, { location: "3 号楼大堂公告栏", postedOn: "2026-04-01", note: "" }, sessionUserOf(db, "committee1"));
    const after = await handle(makeRequest(url()));
    expect(after.headers.get("ETag")).not.toBe(before);
    expect(await after.text()).toContain("3 号楼大堂公告栏");
  });

  it("answers the loader's conditional GET as 304 data, not the page", async () => {
    const first = await get(pageRoute, url(), null, { publishedId: String(ids["2026Q1"]) });
    const init = (first.value as { init: ResponseInit }).init;
    const etag = new Headers(init.headers).get("ETag")!;
    const again = await get(pageRoute, url(), null, { publishedId: String(ids["2026Q1"]) }, { "If-None-Match": `W/${etag}, "other"` });
    expect(status(again.value)).toBe(304);
    expect(payload(again.value)).toBeNull();
  });
});

describe("drill-down", () => {
  function spendingLineWithProposal(publishedId: number) {
    const page = JSON.parse(db.$client.prepare("select snapshot from published_statements where id = ?").pluck().get(publishedId) as string) as {
      figures: { books: Record<string, { payments: { lineKey: string; proposalId: number | null; amountFen: number; source: string }[] }> };
    };
    for (const [book, statement] of Object.entries(page.figures.books)) {
      const p = statement.payments.find((x) => x.source === "proposal" && x.proposalId !== null);
      if (p) return { book, lineKey: p.lineKey, proposalId: p.proposalId! };
    }
    return null;
  }

  it("lists a line's payments with their proposals and totals, and 404s for unknown lines and books", async () => {
    const found = Object.values(ids).map((id) => ({ id, line: spendingLineWithProposal(id) })).find((x) => x.line !== null)!;
    expect(found).toBeDefined();
    const { id, line } = found;
    const outcome = await get(lineRoute, "/x", null, { publishedId: String(id), book: line!.book, lineKey: line!.lineKey });
    const drill = payload<{ payments: { proposalId: number | null; amountFen: number }[]; byProposal: { proposalId: number; totalFen: number }[]; lineFen: number }>(outcome.value);
    expect(drill.payments.length).toBeGreaterThan(0);
    expect(drill.byProposal.map((p) => p.proposalId)).toContain(line!.proposalId);
    expect(drill.payments.reduce((s, p) => s + p.amountFen, 0)).toBeLessThanOrEqual(drill.lineFen);
    for (const params of [{ book: "nobook", lineKey: "6601" }, { book: line!.book, lineKey: "9999" }]) {
      expect(status((await get(lineRoute, "/x", null, { publishedId: String(id), ...params })).value)).toBe(404);
    }

    const proposal = await get(proposalRoute, "/x", null, { publishedId: String(id), proposalId: String(line!.proposalId) });
    const view = payload<{ proposal: { id: number; quotes: { supplier: string; lowest: boolean }[]; payments: unknown[]; supplier: string | null } }>(proposal.value);
    expect(view.proposal.id).toBe(line!.proposalId);
    expect(view.proposal.payments.length).toBeGreaterThan(0);
    if (view.proposal.quotes.length > 0) expect(view.proposal.quotes.some((q) => q.lowest)).toBe(true);
    const json = JSON.stringify(view);
    expect(json).not.toMatch(/bankAccount|phone|idNumber|creditCode/);
  });

  it("shows only proposals paid in that statement (404 otherwise)", async () => {
    const q3 = ids["2025Q3"]!;
    const listed = new Set(JSON.stringify(JSON.parse(db.$client.prepare("select snapshot from published_statements where id = ?").pluck().get(q3) as string)).match(/"proposalId":\d+/g) ?? []);
    const other = (db.$client.prepare("select id from proposals order by id").pluck().all() as number[]).find((pid) => !listed.has(`"proposalId":${pid}`)) ?? 999999;
    expect(status((await get(proposalRoute, "/x", null, { publishedId: String(q3), proposalId: String(other) })).value)).toBe(404);
    expect(status((await get(proposalRoute, "/x", null, { publishedId: "999999", proposalId: "1" })).value)).toBe(404);
  });
});

describe("charts", () => {
  it("render SVG with yuan labels, escaping the labels, in both languages", async () => {
    const figures = JSON.parse(db.$client.prepare("select snapshot from published_statements where id = ?").pluck().get(ids["2026Q1"]) as string).figures;
    const zh = await statementChartsSvg(figures, [{ period: "2026Q1", incomeFen: 123_456_78, spendingFen: 98_765_43 }], "zh-CN");
    expect(zh.byKind.startsWith("<svg")).toBe(true);
    expect(zh.quarters).toContain("¥123,456.78");
    expect(zh.byKind).toContain("共管");
    expect((await statementChartsSvg(figures, [], "en")).byKind).toContain("Co-managed");
  });

  it("leave the database consistent", () => {
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
