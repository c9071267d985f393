import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { ApprovalSummaryView } from "~/components/spending/ApprovalSummary";
import { createI18n } from "~/i18n/i18n";
import { castVote } from "~/services/spending/votes.server";
import * as approvalRoute from "~/routes/approvals.$approvalId";
import * as acceptRoute from "~/routes/spending.$proposalId_.accept";
import * as increaseRoute from "~/routes/spending.$proposalId_.increase";
import * as payRoute from "~/routes/spending.$proposalId_.pay";
import * as retentionRoute from "~/routes/spending.$proposalId_.retention";
import * as waitingRoute from "~/routes/waiting";
import { verifyDatabase } from "~/services/audit-verify.server";
import { DEMO_PASSWORD } from "~/services/demo.server";
import { approvalSummary } from "~/services/spending/approval-view.server";
import { storeAttachmentFile } from "~/services/attachments.server";
import { recordAcceptance } from "~/services/spending/acceptance.server";
import { loadProposal, recordProposalPayment } from "~/services/spending/proposal-payments.server";
import { scoreQuote } from "~/services/spending/proposals.server";
import { waitingFor } from "~/services/spending/waiting.server";
import { testDb } from "../support/db";
import { buildApprovedProposal, buildSubmittedProposal, decisionDigest, decisionWorld, FILES } from "../support/decisions";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";

const db = testDb();
const cookies: Record<string, string> = {};

beforeAll(async () => {
  await decisionWorld(db);
  for (const login of ["manager", "director", "committee1", "committee2", "auditor", "admin", "owner"]) cookies[login] = (await signIn(login, DEMO_PASSWORD)).cookie;
}, 60_000);

const get = (mod: { loader: (args: never) => unknown }, path: string, who: string, params: Record<string, string> = {}) =>
  settle(mod.loader({ request: makeRequest(path, { cookie: cookies[who] }), params, context: CONTEXT } as never));
const post = (mod: { action: (args: never) => unknown }, path: string, who: string, form: Record<string, string> | FormData, params: Record<string, string> = {}) =>
  settle(mod.action({ request: makeRequest(path, { cookie: cookies[who], form }), params, context: CONTEXT } as never));
const status = (value: unknown) => (value instanceof Response ? value.status : isDataWithInit(value) ? value.init?.status ?? 200 : 200);

describe("the approval page and the vote form", () => {
  it("shows the subject and summary to members, auditors and managers; only a voter who has not voted may vote", async () => {
    const { approval, proposalId, world } = await buildSubmittedProposal(db, { amountFen: 6_000_00 });
    const params = { approvalId: String(approval.id) };
    const path = `/approvals/${approval.id}`;
    for (const who of ["director", "auditor", "manager"]) expect(status((await get(approvalRoute, path, who, params)).value)).toBe(200);
    expect(status((await get(approvalRoute, path, "owner", params)).value)).toBe(403);
    const page = (await get(approvalRoute, path, "committee1", params)).value as { canVote: boolean; subject: { isMajorRepair: boolean; id: number }; summary: { voters: unknown[] } };
    expect(page.canVote).toBe(true);
    expect(page.subject).toMatchObject({ id: proposalId, isMajorRepair: false });
    expect(page.summary.voters).toHaveLength(5);
    expect(((await get(approvalRoute, path, "auditor", params)).value as { canVote: boolean }).canVote).toBe(false);

    // A manager or admin posting a vote: 403 at the route, nothing written.
    const before = decisionDigest(db);
    for (const who of ["manager", "admin"]) expect(status((await post(approvalRoute, path, who, { choice: "approve" }, params)).value)).toBe(403);
    expect(status((await post(approvalRoute, path, "committee1", { choice: "maybe" }, params)).value)).toBe(400);
    expect(decisionDigest(db)).toEqual(before);

    const cast = await post(approvalRoute, path, "committee1", { choice: "approve", comment: "同意" }, params);
    expect((cast.value as Response).headers.get("Location")).toBe(path);
    const again = await post(approvalRoute, path, "committee1", { choice: "reject" }, params);
    expect(status(again.value)).toBe(409);
    const summary = approvalSummary(db, approval.id)!;
    expect(summary.votes).toMatchObject([{ userId: Number(world.committee[0]), choice: "approve", comment: "同意" }]);
    expect(summary.outcome.tally).toMatchObject({ approve: 1, pending: 4 });
  });
});

describe("ApprovalSummaryView", () => {
  it("renders voters, who was left out and why, the votes and the outcome in both languages", async () => {
    const world = await decisionWorld(db);
    const { approval, suppliers } = await buildSubmittedProposal(db, { amountFen: 2_800_00, relatedVoters: [world.committee[3]!] });
    castVote(db, { approvalId: approval.id, userId: Number(world.director), choice: "reject", comment: "价格偏高" }, world.director);
    const summary = approvalSummary(db, approval.id)!;
    const render = (locale: "zh-CN" | "en") => renderToString(createElement(I18nextProvider, { i18n: createI18n(locale) }, createElement(ApprovalSummaryView, { summary })));
    const zh = render("zh-CN").replaceAll("<!-- -->", "");
    expect(zh).toContain("周文华（主任）");
    expect(zh).toContain(`与供应商有关联：${suppliers[2]!.name}`);
    expect(zh).toContain("价格偏高");
    expect(zh).toContain("主任反对。");
    expect(zh).not.toContain("approvals.");
    const en = render("en").replaceAll("<!-- -->", "");
    expect(en).toContain("The director rejected.");
    expect(en).not.toContain("approvals.");
  });
});

describe("pay, accept, retention and increase routes", () => {
  it("lets only managers pay, and books a double submit of one form once", async () => {
    const { proposalId } = await buildApprovedProposal(db, { amountFen: 2_500_00 });
    const params = { proposalId: String(proposalId) };
    const path = `/spending/${proposalId}/pay`;
    expect(status((await get(payRoute, path, "director", params)).value)).toBe(403);
    const page = (await get(payRoute, path, "manager", params)).value as { idempotencyKey: string; allowances: { advance: number } };
    expect(page.allowances.advance).toBe(750_00);
    const form = { stage: "advance", paidOn: "2026-04-02", amount: "500", bankReference: "B-1", invoiceNumber: "", idempotencyKey: page.idempotencyKey };
    expect(status((await post(payRoute, path, "director", form, params)).value)).toBe(403);
    for (const amount of ["0", "-1", "1.234", "abc"]) expect(status((await post(payRoute, path, "manager", { ...form, amount }, params)).value)).toBe(400);
    const beyond = await post(payRoute, path, "manager", { ...form, amount: "750.01" }, params);
    expect(status(beyond.value)).toBe(422);
    const reply = (beyond.value as { data: { lastResult: { error: Record<string, string[]> }; params: Record<string, string> } }).data;
    expect(reply.lastResult.error[""]).toEqual(["approvals.errors.beforeAcceptance"]);
    expect(reply.params).toEqual({ allowedFen: "¥750.00" });
    await post(payRoute, path, "manager", form, params);
    await post(payRoute, path, "manager", form, params);
    const after = (await get(payRoute, path, "manager", params)).value as { payments: unknown[]; paidFen: number };
    expect(after.payments).toHaveLength(1);
    expect(after.paidFen).toBe(500_00);
  });

  it("accepts with photos through the multipart form; refuses without them", async () => {
    const { proposalId } = await buildApprovedProposal(db, { amountFen: 2_600_00 });
    const params = { proposalId: String(proposalId) };
    const path = `/spending/${proposalId}/accept`;
    expect(status((await get(acceptRoute, path, "manager", params)).value)).toBe(403);
    const without = new FormData();
    without.set("acceptedOn", "2026-04-03");
    without.set("notes", "完工");
    expect(status((await post(acceptRoute, path, "committee2", without, params)).value)).toBe(400);
    const withPhoto = new FormData();
    withPhoto.set("acceptedOn", "2026-04-03");
    withPhoto.set("notes", "完工，现场照片见附件");
    withPhoto.append("photos", new File([FILES.png()], "site.png", { type: "image/png" }));
    const done = await post(acceptRoute, path, "committee2", withPhoto, params);
    expect((done.value as Response).headers.get("Location")).toBe(`/spending/${proposalId}`);
    expect(loadProposal(db, proposalId).status).toBe("accepted");
    expect(status((await post(retentionRoute, `/spending/${proposalId}/retention`, "committee2", { note: "无缺陷" }, params)).value)).toBe(409);
    expect(status((await post(increaseRoute, `/spending/${proposalId}/increase`, "director", { amount: "100", reason: "x" }, params)).value)).toBe(403);
    const inc = await post(increaseRoute, `/spending/${proposalId}/increase`, "manager", { amount: "100", reason: "增加配件" }, params);
    expect((inc.value as Response).headers.get("Location")).toMatch(/^\/approvals\/\d+$/);
  });
});

describe("waiting for me", () => {
  it("lists open votes, approved work to accept, retentions due; and only for committee members", async () => {
    const world = await decisionWorld(db);
    const { approval } = await buildSubmittedProposal(db, { amountFen: 2_700_00, title: "待表决的方案" });
    const me = Number(world.committee[3]);
    const w = waitingFor(db, me, "2026-05-01");
    expect(w.toVote.map((a) => a.approvalId)).toContain(approval.id);
    expect(w.toAccept.length).toBeGreaterThan(0);
    expect(status((await get(waitingRoute, "/waiting", "manager")).value)).toBe(403);
    expect(status((await get(waitingRoute, "/waiting", "director")).value)).toBe(200);
  });

  it("lists selection-tier quotes to score until I scored them all, and retentions due", async () => {
    const world = await decisionWorld(db);
    const me = Number(world.committee[0]);
    const { proposalId, quoteIds } = await buildSubmittedProposal(db, { amountFen: 80_000_00, stopAtSelecting: true, title: "遴选中的方案" });
    expect(waitingFor(db, me, "2026-05-01").toScore).toContainEqual(expect.objectContaining({ proposalId, scored: 0, quotes: 3, href: `/spending/${proposalId}/score` }));
    for (const quoteId of quoteIds) scoreQuote(db, { proposalId, quoteId, price: 30, qualification: 20, service: 20, comment: "" }, world.committee[0]!);
    expect(waitingFor(db, me, "2026-05-01").toScore.map((p) => p.proposalId)).not.toContain(proposalId);

    const paid = await buildApprovedProposal(db, { amountFen: 3_000_00, retentionPercent: "10.00", warrantyMonths: 6 });
    const photo = await storeAttachmentFile(FILES.jpeg(), "x.jpg", "photos");
    recordAcceptance(db, { proposalId: paid.proposalId, acceptedOn: "2026-04-01", notes: "完工", files: [photo] }, world.director);
    recordProposalPayment(db, { proposalId: paid.proposalId, stage: "balance", paidOn: "2026-04-05", amountFen: 2_700_00, bankReference: "B", invoiceNumber: "I" }, world.manager);
    expect(waitingFor(db, me, "2026-09-30").toRelease.map((p) => p.proposalId)).not.toContain(paid.proposalId);
    expect(waitingFor(db, me, "2026-10-01").toRelease).toContainEqual(expect.objectContaining({ proposalId: paid.proposalId, retentionFen: 300_00 }));
  });

  it("keeps the chain verifiable", () => {
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
