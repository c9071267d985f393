import { beforeAll, describe, expect, it } from "vitest";
import { decisionLabel } from "~/domain/decisions/matters";
import { DomainError } from "~/domain/errors";
import { DEFAULT_RULES } from "~/domain/spending/tiers";
import { verifyDatabase } from "~/services/audit-verify.server";
import { storeAttachmentFile } from "~/services/attachments.server";
import { decisionSpending, type DecisionRow } from "~/services/decisions/usage.server";
import { recordAcceptance } from "~/services/spending/acceptance.server";
import { draftBudget, getBudget, submitBudget } from "~/services/spending/budgets.server";
import { requestIncrease } from "~/services/spending/increase.server";
import { approvalState } from "~/services/spending/approvals.server";
import { loadProposal, recordProposalPayment } from "~/services/spending/proposal-payments.server";
import {
  addQuote, closeQuoting, draftProposal, getProposalDetail, openQuoting, proposeRulesChange, scoreQuote, SelectionRefused, submitProposal, updateDraft, withdrawProposal,
} from "~/services/spending/proposals.server";
import * as budgetNewRoute from "~/routes/budget.new";
import * as newRoute from "~/routes/spending.new";
import { approveBudgetForTest } from "../support/budget";
import { testDb } from "../support/db";
import { buildApprovedProposal, buildSubmittedProposal, decisionDigest, decisionWorld, expectRefused, failedDecision, FILES, passedDecision, voteAll } from "../support/decisions";
import { CONTEXT, isDataWithInit, makeRequest, settle } from "../support/http";
import { cookieOf, elevatorDraft } from "../support/proposals";
import { buildSupplier } from "../support/suppliers";

const db = testDb();
let world: Awaited<ReturnType<typeof decisionWorld>>;

beforeAll(async () => {
  world = await decisionWorld(db);
}, 60_000);

/** A public-revenue draft of `fen` (one line item) citing `decisionId`, or nothing. */
const prDraft = (fen: number, fields: { decisionId?: number | null; budgetLineId?: number | null; title?: string } = {}) =>
  elevatorDraft({
    book: "public_revenue", kind: "6802", title: fields.title ?? "员工休息室粉刷", items: [{ description: "粉刷", quantity: "1", unit: "项", estimatedFen: fen }],
    decisionId: fields.decisionId ?? null, budgetLineId: fields.budgetLineId ?? null,
  });

const remaining = (d: DecisionRow) => decisionSpending(db, d).remainingFen;

describe("a public-revenue proposal cites a passed decision within its amount", () => {
  it("refuses no citation, an unknown, a failed, an amountless decision and an estimate above the remaining; nothing written", async () => {
    const m = world.manager;
    const failed = failedDecision(db);
    const noAmount = passedDecision(db, { title: "管理规约修订", authorisedFen: null });
    const small = passedDecision(db, { title: "小额维修", authorisedFen: 5_000_00 });
    await expectRefused(db, () => draftProposal(db, prDraft(10_000_00), m), "spending.errors.decisionRefRequired");
    await expectRefused(db, () => draftProposal(db, prDraft(10_000_00, { decisionId: 999_999 }), m), "decisions.errors.citedNotFound");
    await expectRefused(db, () => draftProposal(db, prDraft(10_000_00, { decisionId: failed.id }), m), "decisions.errors.citedNotPassed");
    await expectRefused(db, () => draftProposal(db, prDraft(10_000_00, { decisionId: noAmount.id }), m), "decisions.errors.citedNoAmount");
    await expectRefused(db, () => draftProposal(db, prDraft(5_000_01, { decisionId: small.id }), m), "decisions.errors.aboveRemaining");
    try {
      draftProposal(db, prDraft(5_000_01, { decisionId: small.id }), m);
    } catch (error) {
      expect((error as DomainError).options).toMatchObject({ field: "decisionId", params: { remaining: "¥5,000.00", amount: "¥5,000.01" } });
    }
    // Exactly the remaining amount is within it.
    const { proposal } = draftProposal(db, prDraft(5_000_00, { decisionId: small.id }), m);
    expect(proposal).toMatchObject({ decisionId: small.id, decisionRef: decisionLabel(small) });
    expect(remaining(small)).toBe(0);
  });

  it("refuses a second proposal that together with the first exceeds the decision; withdrawing the first releases its share", async () => {
    const m = world.manager;
    const d = passedDecision(db, { title: "监控补点", authorisedFen: 15_000_00 });
    const first = draftProposal(db, prDraft(10_000_00, { decisionId: d.id, title: "A" }), m).proposal;
    await expectRefused(db, () => draftProposal(db, prDraft(10_000_00, { decisionId: d.id, title: "B" }), m), "decisions.errors.aboveRemaining");
    // The update is judged without the proposal's own share.
    await expectRefused(db, () => updateDraft(db, first.id, prDraft(15_000_01, { decisionId: d.id, title: "A" }), m), "decisions.errors.aboveRemaining");
    updateDraft(db, first.id, prDraft(15_000_00, { decisionId: d.id, title: "A" }), m);
    expect(remaining(d)).toBe(0);
    withdrawProposal(db, first.id, { reason: "改由第二个方案实施" }, m);
    expect(remaining(d)).toBe(15_000_00);
    const second = draftProposal(db, prDraft(10_000_00, { decisionId: d.id, title: "B" }), m).proposal;
    expect(second.decisionId).toBe(d.id);
    expect(decisionSpending(db, d).proposals.map((p) => p.id)).toEqual([second.id]);
  });

  it("checks the selected quote against the remaining at submission, and the decision chosen there", async () => {
    const d = passedDecision(db, { title: "绿化补种", authorisedFen: 20_000_00 });
    const built = await buildSubmittedProposal(db, { book: "public_revenue", kind: "6802", decisionId: d.id, amountFen: 10_000_00, stopAtSelecting: true });
    const input = { selectionReason: "", exceptionReason: "", collusionReason: "", advancePercent: "0.00", retentionPercent: "0.00", warrantyMonths: 0, onDate: "2026-03-01" };
    const other = passedDecision(db, { title: "另一决定", authorisedFen: 9_000_00 });
    const failed = failedDecision(db);
    await expectRefused(db, () => submitProposal(db, built.proposalId, { ...input, selectedQuoteId: built.quoteIds[0]!, decisionId: other.id }, world.manager), "decisions.errors.aboveRemaining");
    await expectRefused(db, () => submitProposal(db, built.proposalId, { ...input, selectedQuoteId: built.quoteIds[0]!, decisionId: failed.id }, world.manager), "decisions.errors.citedNotPassed");
    // Another proposal takes the other ¥10,000 of the ¥20,000: the ¥10,200 quote (above the estimate) no longer fits.
    const taker = draftProposal(db, prDraft(10_000_00, { decisionId: d.id, title: "占用" }), world.manager).proposal;
    await expectRefused(db, () => submitProposal(db, built.proposalId, { ...input, selectionReason: "资质更好", selectedQuoteId: built.quoteIds[2]! }, world.manager), "decisions.errors.aboveRemaining");
    withdrawProposal(db, taker.id, { reason: "不再需要" }, world.manager);
    submitProposal(db, built.proposalId, { ...input, selectedQuoteId: built.quoteIds[0]! }, world.manager);
    expect(loadProposal(db, built.proposalId)).toMatchObject({ status: "in_approval", decisionId: d.id, decisionRef: decisionLabel(d) });
  });

  it("refuses an increase above the remaining (the approved amount counted once); one within it opens a vote", async () => {
    const d = passedDecision(db, { title: "健身器材更新", authorisedFen: 12_000_00 });
    const { proposalId } = await buildApprovedProposal(db, { book: "public_revenue", kind: "6802", decisionId: d.id, amountFen: 10_000_00 });
    expect(loadProposal(db, proposalId).approvedFen).toBe(10_000_00);
    await expectRefused(db, () => requestIncrease(db, { proposalId, amountFen: 2_000_01, reason: "增加器材" }, world.manager), "decisions.errors.aboveRemaining");
    const { approval } = requestIncrease(db, { proposalId, amountFen: 2_000_00, reason: "增加器材" }, world.manager);
    expect(approval.status).toBe("open");
  });

  it("re-checks the decision when an increase passes: another proposal took the rest meanwhile, so the deciding vote is refused", async () => {
    const d = passedDecision(db, { title: "儿童游乐设施更新", authorisedFen: 10_000_00 });
    const { proposalId } = await buildApprovedProposal(db, { book: "public_revenue", kind: "6802", decisionId: d.id, amountFen: 6_000_00 });
    const { approval } = requestIncrease(db, { proposalId, amountFen: 3_000_00, reason: "增加地垫" }, world.manager);
    draftProposal(db, prDraft(3_500_00, { decisionId: d.id, title: "游乐区围栏" }), world.manager);
    expect(remaining(d)).toBe(500_00);
    // The votes before the deciding one are cast; the deciding "approve" is refused and the increase stays open.
    expect(() => voteAll(db, approval.id, "approve")).toThrow("decisions.errors.aboveRemaining");
    expect(loadProposal(db, proposalId).approvedFen).toBe(6_000_00);
    expect(approvalState(db, approval.id)!.approval.status).toBe("open");
    expect(verifyDatabase(db).ok).toBe(true);
  });
});

/** A public-revenue project above the threshold drafted without a decision, quoted by three suppliers, in "selecting". */
async function uncitedPublicRevenue(fen: number) {
  const { proposal } = draftProposal(db, prDraft(fen, { title: "正门改造" }), world.manager);
  openQuoting(db, proposal.id, world.manager);
  const quoteIds: number[] = [];
  for (const [i, supplier] of [buildSupplier(db), buildSupplier(db), buildSupplier(db)].entries()) {
    const attachment = await storeAttachmentFile(FILES.pdf(), `q-${i}.pdf`, "attachment");
    quoteIds.push(addQuote(db, { proposalId: proposal.id, supplierId: supplier.id, itemAmounts: [fen + i * 100_00], validUntil: "2099-12-31", note: "", attachment }, world.manager).quote.id);
  }
  closeQuoting(db, proposal.id, world.manager);
  return { proposalId: proposal.id, quoteIds };
}

describe("above ¥200,000 an owners' decision is cited at submission", () => {
  async function bigSelecting(book: "cogoverned" | "public_revenue") {
    const built = book === "cogoverned" ? await buildSubmittedProposal(db, { amountFen: 210_000_00, stopAtSelecting: true }) : await uncitedPublicRevenue(210_000_00);
    for (const member of [world.director, ...world.committee]) {
      for (const quoteId of built.quoteIds) scoreQuote(db, { proposalId: built.proposalId, quoteId, price: 30, qualification: 20, service: 20, comment: "" }, member);
    }
    return built;
  }
  const terms = { selectionReason: "", exceptionReason: "", collusionReason: "", advancePercent: "0.00", retentionPercent: "0.00", warrantyMonths: 0, onDate: "2026-03-01" };

  it("refuses a co-managed selection_owners proposal without a decision; a passed one without an amount is enough", async () => {
    const built = await bigSelecting("cogoverned");
    const before = decisionDigest(db);
    let refusal: unknown;
    try {
      submitProposal(db, built.proposalId, { ...terms, selectedQuoteId: built.quoteIds[0]! }, world.manager);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(SelectionRefused);
    expect((refusal as SelectionRefused).problems.map((p) => p.code)).toContain("spending.errors.ownersDecisionNeeded");
    expect(decisionDigest(db)).toEqual(before);
    const failed = failedDecision(db).id;
    await expectRefused(db, () => submitProposal(db, built.proposalId, { ...terms, selectedQuoteId: built.quoteIds[0]!, decisionId: failed }, world.manager), "decisions.errors.citedNotPassed");
    const d = passedDecision(db, { title: "电梯整体更换", matter: 5, authorisedFen: null });
    submitProposal(db, built.proposalId, { ...terms, selectedQuoteId: built.quoteIds[0]!, decisionId: d.id }, world.manager);
    expect(loadProposal(db, built.proposalId)).toMatchObject({ method: "selection_owners", decisionId: d.id, decisionRef: decisionLabel(d) });
  });

  it("lets a public-revenue project above the threshold be quoted first, but not submitted without its decision", async () => {
    const built = await bigSelecting("public_revenue");
    expect(loadProposal(db, built.proposalId)).toMatchObject({ status: "selecting", decisionId: null });
    await expectRefused(db, () => submitProposal(db, built.proposalId, { ...terms, selectedQuoteId: built.quoteIds[0]! }, world.manager), "spending.errors.decisionRefRequired");
    const d = passedDecision(db, { title: "正门改造", authorisedFen: 210_000_00 });
    submitProposal(db, built.proposalId, { ...terms, selectedQuoteId: built.quoteIds[0]!, decisionId: d.id }, world.manager);
    expect(remaining(d)).toBe(0);
  });
});

describe("public-revenue budgets cite a decision that authorises their total", () => {
  it("refuses no decision, a failed one, a total above the remaining; the approved budget's line carries its decision", async () => {
    const c = world.director;
    const d = passedDecision(db, { title: "2027 年度公共收益使用计划", authorisedFen: 50_000_00 });
    const lines = (fen: number) => [{ kind: "6802", amountFen: fen, note: "" }];
    const base = { year: 2027, book: "public_revenue" as const, title: "2027 年度公共收益预算", note: "" };
    await expectRefused(db, () => draftBudget(db, { ...base, lines: lines(1_00) }, c), "budget.errors.decisionRequired");
    const failed = failedDecision(db).id;
    await expectRefused(db, () => draftBudget(db, { ...base, decisionId: failed, lines: lines(1_00) }, c), "decisions.errors.citedNotPassed");
    await expectRefused(db, () => draftBudget(db, { ...base, decisionId: d.id, lines: lines(50_000_01) }, c), "decisions.errors.aboveRemaining");
    const { budget } = draftBudget(db, { ...base, decisionId: d.id, lines: lines(50_000_00) }, c);
    expect(budget).toMatchObject({ decisionId: d.id, decisionRef: decisionLabel(d) });
    // A second draft finds nothing left.
    await expectRefused(db, () => draftBudget(db, { ...base, year: 2028, decisionId: d.id, lines: lines(1_00) }, c), "decisions.errors.aboveRemaining");
    submitBudget(db, budget.id, world.manager);
    approveBudgetForTest(db, budget.id);
    const found = getBudget(db, budget.id)!;
    expect(found.decision).toMatchObject({ id: d.id, href: `/decisions/${d.id}` });
    const lineId = found.lines[0]!.id;
    // Charged to the line, the proposal carries the budget's decision and is held by the budget, not twice.
    const { proposal } = draftProposal(db, prDraft(30_000_00, { budgetLineId: lineId, title: "道路修补" }), world.manager);
    expect(proposal).toMatchObject({ decisionId: d.id, budgetLineId: lineId });
    const spending = decisionSpending(db, d);
    expect(spending.proposals).toEqual([]);
    expect(spending.reservedFen).toBe(50_000_00);
    expect(getProposalDetail(db, proposal.id)!.decision).toMatchObject({ id: d.id });
  });
});

describe("rules changes cite a passed decision", () => {
  it("refuses a change without its decision and with a failed one; writes the label with a passed one", async () => {
    await expectRefused(db, () => proposeRulesChange(db, { rules: DEFAULT_RULES, decisionId: null, reason: "调整门槛" }, world.director), "spending.errors.rulesDecisionRequired");
    const failed = failedDecision(db).id;
    await expectRefused(db, () => proposeRulesChange(db, { rules: DEFAULT_RULES, decisionId: failed, reason: "调整门槛" }, world.director), "decisions.errors.citedNotPassed");
    const d = passedDecision(db, { title: "修改采购与表决规则", matter: 1, authorisedFen: null });
    const { rules } = proposeRulesChange(db, { rules: DEFAULT_RULES, decisionId: d.id, reason: "调整门槛" }, world.director);
    expect(rules).toMatchObject({ decisionId: d.id, decisionRef: decisionLabel(d) });
  });
});

describe("the whole path within the amount", () => {
  it("drafts, submits, approves, accepts and pays; the decision shows what was paid and what remains", async () => {
    const d = passedDecision(db, { title: "员工休息室粉刷", authorisedFen: 12_000_00 });
    const { proposalId } = await buildApprovedProposal(db, { book: "public_revenue", kind: "6802", decisionId: d.id, amountFen: 10_000_00, advancePercent: "0.00", retentionPercent: "0.00", warrantyMonths: 0 });
    const photo = await storeAttachmentFile(FILES.jpeg(), "done.jpg", "photos");
    recordAcceptance(db, { proposalId, acceptedOn: "2026-04-20", notes: "粉刷完成", files: [photo] }, world.committee[1]!);
    recordProposalPayment(db, { proposalId, stage: "balance", paidOn: "2026-04-25", amountFen: 10_000_00, bankReference: "PR-1", invoiceNumber: "INV-PR-1" }, world.manager);
    const spending = decisionSpending(db, d);
    expect(spending).toMatchObject({ reservedFen: 10_000_00, paidFen: 10_000_00, remainingFen: 2_000_00 });
    expect(spending.proposals).toEqual([expect.objectContaining({ id: proposalId, paidFen: 10_000_00, reservedFen: 10_000_00 })]);
    expect(verifyDatabase(db).ok).toBe(true);
  });
});

describe("the decision's label is what statements print", () => {
  it("keeps decisionRef = decisionLabel(decision) on every citation", () => {
    const rows = db.$client.prepare(`
      SELECT d.year, d.serial, d.title, p.decision_ref AS ref FROM proposals p JOIN owner_decisions d ON d.id = p.decision_id
      UNION ALL SELECT d.year, d.serial, d.title, b.decision_ref FROM budgets b JOIN owner_decisions d ON d.id = b.decision_id
      UNION ALL SELECT d.year, d.serial, d.title, r.decision_ref FROM procurement_rules r JOIN owner_decisions d ON d.id = r.decision_id`).all() as { year: number; serial: number; title: string; ref: string }[];
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(r.ref).toBe(decisionLabel(r));
  });
});

describe("the forms cite the register", () => {
  const form = (fields: Record<string, string>) => ({
    book: "public_revenue", kind: "6802", title: "休息室粉刷", reason: "墙面脱落", isMajorRepair: "no",
    "items[0].description": "粉刷", "items[0].quantity": "1", "items[0].unit": "项", "items[0].estimated": "8000", ...fields,
  });
  const post = async (fields: Record<string, string>, cookie: string) =>
    (await settle(newRoute.action({ request: makeRequest("/spending/new", { form: form(fields), cookie }), params: {}, context: CONTEXT } as never))).value;

  it("offers passed decisions only, and answers a failed one or one above the remaining on the decision field, writing nothing", async () => {
    const cookie = await cookieOf("director");
    const d = passedDecision(db, { title: "表单测试决定", authorisedFen: 5_000_00 });
    const failed = failedDecision(db, { title: "表单测试未通过" });
    const page = await newRoute.loader({ request: makeRequest("/spending/new", { cookie }), params: {}, context: CONTEXT } as never);
    expect(page.decisions.map((x) => x.id)).toContain(d.id);
    expect(page.decisions.map((x) => x.id)).not.toContain(failed.id);
    expect(page.decisions.find((x) => x.id === d.id)).toMatchObject({ remainingFen: 5_000_00 });
    const before = decisionDigest(db);
    const none = await post({}, cookie);
    expect(isDataWithInit(none) && none.data.lastResult.error?.decisionId).toEqual(["spending.errors.decisionRefRequired"]);
    const notPassed = await post({ decisionId: String(failed.id) }, cookie);
    expect(isDataWithInit(notPassed) && notPassed.data.lastResult.error?.decisionId).toEqual(["decisions.errors.citedNotPassed"]);
    const above = await post({ decisionId: String(d.id) }, cookie);
    expect(isDataWithInit(above) && above.data).toMatchObject({ lastResult: { error: { decisionId: ["decisions.errors.aboveRemaining"] } }, params: { remaining: "¥5,000.00", amount: "¥8,000.00" } });
    expect(decisionDigest(db)).toEqual(before);
    const ok = await post({ decisionId: String(d.id), "items[0].estimated": "5000" }, cookie);
    expect((ok as Response).status).toBe(302);
    const budgetPage = await budgetNewRoute.loader({ request: makeRequest("/budget/new?book=public_revenue", { cookie }), params: {}, context: CONTEXT } as never);
    expect(budgetPage.decisions.every((x) => x.authorisedFen !== null)).toBe(true);
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
