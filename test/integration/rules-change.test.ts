import { beforeAll, describe, expect, it } from "vitest";
import { verifyDatabase } from "~/services/audit-verify.server";
import * as rulesRoute from "~/routes/spending.rules";
import { decisionLabel } from "~/domain/decisions/matters";
import { testDb } from "../support/db";
import { failedDecision, passedDecision } from "../support/decisions";
import { CONTEXT, isDataWithInit, makeRequest, settle } from "../support/http";
import { cookieOf, expectRefused, proposalsWorld, spendingDigest } from "../support/proposals";

const db = () => testDb();
let w: Awaited<ReturnType<typeof proposalsWorld>>;
let decision: { id: number; title: string; year: number; serial: number };
let failed: { id: number };
const cookies: Record<string, string> = {};

async function post(route: { action: (args: never) => unknown }, path: string, form: Record<string, string>, cookie: string) {
  return settle(route.action({ request: makeRequest(path, { form, cookie }), params: {}, context: CONTEXT } as never));
}

beforeAll(async () => {
  w = await proposalsWorld(db());
  for (const login of ["manager", "director", "committee1", "auditor", "admin"]) cookies[login] = await cookieOf(login);
  decision = passedDecision(db(), { title: "修改业主大会议事规则（采购规则）", matter: 1, authorisedFen: null });
  failed = failedDecision(db());
}, 60_000);

describe("rules change", () => {
  const rulesForm = (fields: Record<string, string> = {}) => ({
    comparisonFrom: "3000", selectionFrom: "50000", ownersAbove: "200000", unanimousFrom: "50000",
    minQuotes_direct: "1", minQuotes_comparison: "3", minQuotes_selection: "3", minQuotes_selection_owners: "3", splitWindowDays: "60",
    decisionId: String(decision.id), reason: "提高比价起点", ...fields,
  });

  it("refuses a manager (403), a change without the owners' decision, thresholds out of order; a committee member's change opens a vote", async () => {
    const before = spendingDigest(db());
    expect(((await post(rulesRoute, "/spending/rules", rulesForm(), cookies.manager!)).value as Response).status).toBe(403);
    expect(((await post(rulesRoute, "/spending/rules", rulesForm(), cookies.auditor!)).value as Response).status).toBe(403);
    expect(((await post(rulesRoute, "/spending/rules", rulesForm(), cookies.admin!)).value as Response).status).toBe(403);
    const noDecision = await post(rulesRoute, "/spending/rules", rulesForm({ decisionId: "" }), cookies.committee1!);
    expect(isDataWithInit(noDecision.value) && noDecision.value.data.lastResult.error?.decisionId).toEqual(["spending.errors.rulesDecisionRequired"]);
    const failedOne = await post(rulesRoute, "/spending/rules", rulesForm({ decisionId: String(failed.id) }), cookies.committee1!);
    expect(isDataWithInit(failedOne.value) && failedOne.value.data.lastResult.error?.decisionId).toEqual(["decisions.errors.citedNotPassed"]);
    const unknown = await post(rulesRoute, "/spending/rules", rulesForm({ decisionId: "999999" }), cookies.committee1!);
    expect(isDataWithInit(unknown.value) && unknown.value.data.lastResult.error?.decisionId).toEqual(["decisions.errors.citedNotFound"]);
    const disorder = await post(rulesRoute, "/spending/rules", rulesForm({ comparisonFrom: "60000" }), cookies.committee1!);
    expect(isDataWithInit(disorder.value) && disorder.value.data.lastResult.error?.[""]).toEqual(["spending.errors.rulesOrder"]);
    expect(spendingDigest(db())).toEqual(before);
    const ok = await post(rulesRoute, "/spending/rules", rulesForm(), cookies.committee1!);
    expect((ok.value as Response).status).toBe(302);
    const page = await rulesRoute.loader({ request: makeRequest("/spending/rules", { cookie: cookies.manager }), params: {}, context: CONTEXT });
    expect(page.inForce.id).toBeNull(); // not adopted until the vote passes
    expect(page.history[0]!.status).toBe("in_approval");
    expect(page.history[0]!.rules.comparisonFromFen).toBe(300_000);
    expect(page.history[0]).toMatchObject({ decisionId: decision.id, decisionRef: decisionLabel(decision) });
    expect(page.decisions).toEqual([]); // only a committee member is offered decisions to cite
    expect(page.mayPropose).toBe(false);
    const approval = db().$client.prepare("SELECT * FROM approvals WHERE subject_kind = 'rules'").get() as { voters: string; excluded: string; amount_fen: number | null };
    expect(approval.amount_fen).toBeNull();
    expect(JSON.parse(approval.excluded)).toEqual([{ userId: w.committee1.id, reason: "drafter", supplierIds: [] }]);
    expect(verifyDatabase(db()).ok).toBe(true);
  });

  it("the service refuses without a decision, with a failed one, and for non-members", async () => {
    const { proposeRulesChange } = await import("~/services/spending/proposals.server");
    const { DEFAULT_RULES } = await import("~/domain/spending/tiers");
    await expectRefused(db(), () => proposeRulesChange(db(), { rules: DEFAULT_RULES, decisionId: null, reason: "x" }, w.director.actor), "spending.errors.rulesDecisionRequired");
    await expectRefused(db(), () => proposeRulesChange(db(), { rules: DEFAULT_RULES, decisionId: failed.id, reason: "x" }, w.director.actor), "decisions.errors.citedNotPassed");
    await expectRefused(db(), () => proposeRulesChange(db(), { rules: DEFAULT_RULES, decisionId: decision.id, reason: "x" }, w.manager.actor), "errors.forbidden", 403);
    await expectRefused(db(), () => proposeRulesChange(db(), { rules: { ...DEFAULT_RULES, splitWindowDays: 0 }, decisionId: decision.id, reason: "x" }, w.director.actor), "spending.errors.rulesInvalid");
  });
});
