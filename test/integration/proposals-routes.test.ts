import { beforeAll, describe, expect, it } from "vitest";
import { verifyDatabase } from "~/services/audit-verify.server";
import { getProposalDetail } from "~/services/spending/proposals.server";
import * as detailRoute from "~/routes/spending.$proposalId";
import * as editRoute from "~/routes/spending.$proposalId_.edit";
import * as quoteRoute from "~/routes/spending.$proposalId_.quotes.new";
import * as scoreRoute from "~/routes/spending.$proposalId_.score";
import * as submitRoute from "~/routes/spending.$proposalId_.submit";
import * as indexRoute from "~/routes/spending._index";
import * as newRoute from "~/routes/spending.new";
import * as rulesRoute from "~/routes/spending.rules";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle } from "../support/http";
import { FILES, cookieOf, proposalsWorld, spendingDigest, supplier } from "../support/proposals";

const db = () => testDb();
let w: Awaited<ReturnType<typeof proposalsWorld>>;
const cookies: Record<string, string> = {};
let suppliers: { id: number }[] = [];

const draftForm = (fields: Record<string, string> = {}) => ({
  book: "cogoverned", kind: "6602", title: "电梯维修", reason: "钢丝绳磨损",
  "items[0].description": "更换钢丝绳", "items[0].quantity": "6", "items[0].unit": "根", "items[0].estimated": "9000",
  "items[1].description": "人工", "items[1].quantity": "1", "items[1].unit": "项", "items[1].estimated": "3000.00",
  ...fields,
});

async function post(route: { action: (args: never) => unknown }, path: string, form: Record<string, string> | FormData, cookie: string, params: Record<string, string> = {}) {
  return settle(route.action({ request: makeRequest(path, { form, cookie }), params, context: CONTEXT } as never));
}

beforeAll(async () => {
  w = await proposalsWorld(db());
  for (const login of ["manager", "director", "committee1", "auditor", "owner", "admin"]) cookies[login] = await cookieOf(login);
  suppliers = ["甲", "乙", "丙"].map((n, i) => supplier(db(), w.manager.actor, { name: `${n}电梯有限公司`, phone: `1380000010${i}` }));
}, 60_000);

describe("who may open the pages", () => {
  it("answers 403 to an owner or an admin on every page", async () => {
    const pages: [{ loader: (args: never) => unknown }, string, Record<string, string>][] = [
      [indexRoute, "/spending", {}], [newRoute, "/spending/new", {}], [detailRoute, "/spending/1", { proposalId: "1" }],
      [editRoute, "/spending/1/edit", { proposalId: "1" }], [quoteRoute, "/spending/1/quotes/new", { proposalId: "1" }],
      [scoreRoute, "/spending/1/score", { proposalId: "1" }], [submitRoute, "/spending/1/submit", { proposalId: "1" }], [rulesRoute, "/spending/rules", {}],
    ];
    for (const login of ["owner", "admin"]) {
      for (const [route, path, params] of pages) {
        const result = await settle(route.loader({ request: makeRequest(path, { cookie: cookies[login] }), params, context: CONTEXT } as never));
        expect(result.threw, `${login} ${path}`).toBe(true);
        expect((result.value as Response).status, `${login} ${path}`).toBe(403);
      }
    }
  });
});

describe("drafting through the form", () => {
  it("refuses no answer and a co-managed 'yes'; drafts with 'no'", async () => {
    const before = spendingDigest(db());
    const missing = await post(newRoute, "/spending/new", draftForm(), cookies.manager!);
    expect(isDataWithInit(missing.value) && missing.value.data.lastResult.error?.isMajorRepair).toEqual(["spending.errors.majorRepairAnswer"]);
    const yes = await post(newRoute, "/spending/new", draftForm({ isMajorRepair: "yes" }), cookies.manager!);
    expect(isDataWithInit(yes.value) && yes.value.data.lastResult.error?.isMajorRepair).toEqual(["spending.errors.majorRepairNotServiceFunds"]);
    const noDecision = await post(newRoute, "/spending/new", draftForm({ isMajorRepair: "no", book: "public_revenue", kind: "6802" }), cookies.director!);
    expect(isDataWithInit(noDecision.value) && noDecision.value.data.lastResult.error?.decisionId).toEqual(["spending.errors.decisionRefRequired"]);
    expect(spendingDigest(db())).toEqual(before);
    const ok = await post(newRoute, "/spending/new", draftForm({ isMajorRepair: "no" }), cookies.manager!);
    expect((ok.value as Response).status).toBe(302);
    const id = Number((ok.value as Response).headers.get("Location")!.split("/").pop());
    const detail = getProposalDetail(db(), id)!;
    expect(detail.proposal.estimatedFen).toBe(1_200_000);
    expect(detail.items).toHaveLength(2);
  });
});

describe("a proposal from draft to submission through the pages", () => {
  it("opens quoting, adds quotes with documents, closes, refuses a bad submission listing problems, submits", async () => {
    const created = await post(newRoute, "/spending/new", draftForm({ isMajorRepair: "no", title: "路由测试" }), cookies.manager!);
    const id = (created.value as Response).headers.get("Location")!.split("/").pop()!;
    const params = { proposalId: id };
    const illegal = await post(detailRoute, `/spending/${id}`, { intent: "closeQuoting" }, cookies.manager!, params);
    expect(isDataWithInit(illegal.value) && illegal.value.init?.status).toBe(409);
    expect((await post(detailRoute, `/spending/${id}`, { intent: "openQuoting" }, cookies.manager!, params)).value).toBeInstanceOf(Response);
    const amounts: [string, string][] = [["8000", "3000"], ["8500", "3000"], ["9000", "2900"]];
    for (const [i, s] of suppliers.entries()) {
      const form = new FormData();
      form.set("supplierId", String(s.id));
      form.set("amounts[0]", amounts[i]![0]);
      form.set("amounts[1]", amounts[i]![1]);
      form.set("validUntil", "2099-12-31");
      form.set("attachment", new File([FILES.pdf()], "报价.pdf", { type: "application/pdf" }));
      const added = await post(quoteRoute, `/spending/${id}/quotes/new`, form, cookies.manager!, params);
      expect((added.value as Response).status, JSON.stringify(added.value)).toBe(302);
    }
    const fake = new FormData();
    fake.set("supplierId", String(suppliers[0]!.id));
    fake.set("amounts[0]", "1");
    fake.set("amounts[1]", "1");
    fake.set("validUntil", "2099-12-31");
    fake.set("attachment", new File([FILES.exe()], "报价.pdf", { type: "application/pdf" }));
    const before = spendingDigest(db());
    const refused = await post(quoteRoute, `/spending/${id}/quotes/new`, fake, cookies.manager!, params);
    expect(isDataWithInit(refused.value)).toBe(true);
    expect(spendingDigest(db())).toEqual(before);
    await post(detailRoute, `/spending/${id}`, { intent: "closeQuoting" }, cookies.manager!, params);
    const detail = getProposalDetail(db(), Number(id))!;
    expect(detail.proposal.status).toBe("selecting");
    const notLowest = detail.comparison.columns.find((c) => !c.lowestValid)!.id;
    const bad = await post(submitRoute, `/spending/${id}/submit`, { selectedQuoteId: String(notLowest) }, cookies.manager!, params);
    expect(isDataWithInit(bad.value)).toBe(true);
    expect((bad.value as unknown as { data: { problems: { code: string }[] } }).data.problems.map((p) => p.code)).toEqual(["spending.errors.nonLowestNeedsReason"]);
    const badRetention = await post(submitRoute, `/spending/${id}/submit`, { selectedQuoteId: String(detail.comparison.lowestQuoteId), retentionPercent: "5" }, cookies.manager!, params);
    expect(isDataWithInit(badRetention.value) && badRetention.value.data.lastResult.error?.warrantyMonths).toEqual(["spending.errors.warrantyNeeded"]);
    const committeeTry = await post(submitRoute, `/spending/${id}/submit`, { selectedQuoteId: String(detail.comparison.lowestQuoteId) }, cookies.director!, params);
    expect((committeeTry.value as Response).status).toBe(403);
    const ok = await post(submitRoute, `/spending/${id}/submit`, { selectedQuoteId: String(detail.comparison.lowestQuoteId), retentionPercent: "5", warrantyMonths: "12" }, cookies.manager!, params);
    expect((ok.value as Response).status).toBe(302);
    const page = await detailRoute.loader({ request: makeRequest(`/spending/${id}`, { cookie: cookies.auditor }), params, context: CONTEXT });
    expect(page.detail.proposal.status).toBe("in_approval");
    expect(page.detail.proposal.retentionPercent).toBe("5.00");
    expect(page.summaries).toHaveLength(1);
    expect(page.timeline.length).toBeGreaterThanOrEqual(6);
    const asDirector = await detailRoute.loader({ request: makeRequest(`/spending/${id}`, { cookie: cookies.director }), params, context: CONTEXT });
    expect(asDirector.may.vote).toBe(true);
    const list = await indexRoute.loader({ request: makeRequest("/spending?status=in_approval&book=nonsense", { cookie: cookies.auditor }), params: {}, context: CONTEXT });
    expect(list.rows.map((r) => r.id)).toContain(Number(id));
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

