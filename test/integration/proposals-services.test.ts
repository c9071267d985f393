import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { approvals, proposals } from "~db/schema";
import { saveChannel } from "~/services/notifications/channels.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import { auditedWrite } from "~/services/audited-write.server";
import { rowViews } from "~/services/audit-rows.server";
import { declareRelation } from "~/services/spending/related-parties.server";
import {
  addQuote, addQuoteWithUpload, attachToProposalWithUpload, closeQuoting, draftProposal, getProposalDetail, listProposals, openQuoting,
  reopenQuoting, scoreQuote, submitProposal, updateDraft, withdrawProposal, SelectionRefused,
} from "~/services/spending/proposals.server";
import { testDb } from "../support/db";
import { passedDecision } from "../support/decisions";
import { FILES, elevatorDraft, expectRefused, proposalsWorld, quotedProposal, storedPdf, submitInput, supplier } from "../support/proposals";

const db = () => testDb();
let w: Awaited<ReturnType<typeof proposalsWorld>>;
let s: Record<"a" | "b" | "c" | "related" | "shared1" | "shared2" | "d", { id: number }>;
const NOW = new Date("2026-05-01T02:00:00Z");

beforeAll(async () => {
  w = await proposalsWorld(db());
  const m = w.manager.actor;
  s = {
    a: supplier(db(), m, { name: "甲电梯工程有限公司", phone: "13800000001" }),
    b: supplier(db(), m, { name: "乙机电设备有限公司", phone: "13800000002" }),
    c: supplier(db(), m, { name: "丙电梯服务有限公司", phone: "13800000003" }),
    d: supplier(db(), m, { name: "丁维修有限公司", phone: "13800000004" }),
    related: supplier(db(), m, { name: "物业子公司工程部", relatedToCompany: true }),
    shared1: supplier(db(), m, { name: "戊建筑有限公司", phone: "13900000009", bankAccount: "6222 0000 1111 2222" }),
    shared2: supplier(db(), m, { name: "己建筑有限公司", phone: "13900000009", bankAccount: "6222000011112222" }),
  };
  declareRelation(db(), { userId: w.committee4.id, supplierId: s.a.id, relation: "配偶为股东", declaredOn: "2026-01-01" }, w.committee4.actor);
  // One enabled channel, so submission queues a notification.
  saveChannel(db(), { kind: "wecom", name: "业委会群", webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0123456789abcdef", secret: "", enabled: true }, w.admin.actor);
}, 60_000);

describe("happy path: a ¥12,000 elevator repair", () => {
  it("drafts, quotes three suppliers, closes quoting, submits the lowest → in approval with the voters", async () => {
    const m = w.manager.actor;
    const { proposal } = draftProposal(db(), elevatorDraft(), m, NOW);
    expect(proposal.status).toBe("draft");
    expect(proposal.estimatedFen).toBe(1_200_000);
    await attachToProposalWithUpload(db(), proposal.id, [{ bytes: FILES.png(), filename: "现场.png" }, { bytes: FILES.pdf(), filename: "检测报告.pdf" }], m);
    openQuoting(db(), proposal.id, m);
    const q1 = await addQuoteWithUpload(db(), { proposalId: proposal.id, supplierId: s.a.id, itemAmounts: [850_000, 300_000], validUntil: "2026-06-30", note: "" }, { bytes: FILES.pdf(), filename: "甲.pdf" }, m);
    const q2 = await addQuoteWithUpload(db(), { proposalId: proposal.id, supplierId: s.b.id, itemAmounts: [800_000, 280_000], validUntil: "2026-06-30", note: "" }, { bytes: FILES.pdf(), filename: "乙.pdf" }, m);
    await addQuoteWithUpload(db(), { proposalId: proposal.id, supplierId: s.c.id, itemAmounts: [950_000, 250_000], validUntil: "2026-06-30", note: "" }, { bytes: FILES.pdf(), filename: "丙.pdf" }, m);
    expect(q1.quote.amountFen).toBe(1_150_000);
    closeQuoting(db(), proposal.id, m);
    const detailBefore = getProposalDetail(db(), proposal.id, NOW)!;
    expect(detailBefore.comparison.lowestQuoteId).toBe(q2.quote.id);
    expect(detailBefore.comparison.method).toBe("comparison");
    expect(detailBefore.files).toHaveLength(2);
    const { proposal: submitted, approval, event } = submitProposal(db(), proposal.id, submitInput(q2.quote.id, { retentionPercent: "5", warrantyMonths: 12 }), m, NOW);
    expect(submitted.status).toBe("in_approval");
    expect(submitted.method).toBe("comparison");
    expect(submitted.selectedOn).toBe("2026-05-10");
    expect(approval.amountFen).toBe(1_080_000);
    const voters = (JSON.parse(approval.voters) as { userId: number }[]).map((v) => v.userId);
    expect(voters).toEqual([w.director.id, w.committee1.id, w.committee2.id, w.committee3.id]);
    expect(JSON.parse(approval.excluded)).toEqual([{ userId: w.committee4.id, reason: "related", supplierIds: [s.a.id] }]);
    expect(event.action).toBe("proposal.submit");
    expect(event.subject).toBe(`proposal:${proposal.id}`);
    const outbox = db().$client.prepare("SELECT topic, body FROM notification_outbox WHERE subject = ?").all(`proposal:${proposal.id}`) as { topic: string; body: string }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.body).toContain(`[去表决](/approvals/${approval.id})`);
    expect(listProposals(db(), { status: "in_approval" }).rows.map((r) => r.id)).toContain(proposal.id);
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

describe("bad drafts: refused, nothing written", () => {
  it("refuses a co-managed major repair, a missing answer, public revenue without decision, a kind of the other book", async () => {
    const m = w.manager.actor;
    await expectRefused(db(), () => draftProposal(db(), elevatorDraft({ isMajorRepair: true }), m), "spending.errors.majorRepairNotServiceFunds");
    await expectRefused(db(), () => draftProposal(db(), elevatorDraft({ isMajorRepair: undefined }), m), "spending.errors.majorRepairAnswer");
    await expectRefused(db(), () => draftProposal(db(), elevatorDraft({ book: "public_revenue", kind: "6802" }), m), "spending.errors.decisionRefRequired");
    await expectRefused(db(), () => draftProposal(db(), elevatorDraft({ kind: "6802" }), m), "spending.errors.kindNotOfBook");
    await expectRefused(db(), () => draftProposal(db(), elevatorDraft({ items: [{ description: "x", quantity: "1.555", unit: "项", estimatedFen: 100 }] }), m), "spending.errors.itemQuantity");
    await expectRefused(db(), () => draftProposal(db(), elevatorDraft({ budgetLineId: 999 }), m), "spending.errors.budgetLine");
  });

  it("lets a committee member draft public revenue only, with a major-repair yes allowed there", async () => {
    await expectRefused(db(), () => draftProposal(db(), elevatorDraft(), w.director.actor), "errors.forbidden", 403);
    await expectRefused(db(), () => draftProposal(db(), elevatorDraft(), w.auditor.actor), "errors.forbidden", 403);
    const decisionId = passedDecision(db(), { authorisedFen: 1_000_000_00 }).id;
    const { proposal } = draftProposal(db(), elevatorDraft({ book: "public_revenue", kind: "6802", isMajorRepair: true, decisionId }), w.committee1.actor);
    expect(proposal.isMajorRepair).toBe(true);
    const changed = updateDraft(db(), proposal.id, elevatorDraft({ book: "public_revenue", kind: "6802", isMajorRepair: true, decisionId, title: "改" }), w.committee1.actor);
    expect(changed.proposal.title).toBe("改");
    await expectRefused(db(), () => updateDraft(db(), proposal.id, elevatorDraft(), w.manager.actor), "errors.forbidden", 403);
  });
});

describe("quotes and transitions", () => {
  it("refuses a fake document, a second quote from one supplier, an inactive or unknown supplier", async () => {
    const m = w.manager.actor;
    const { proposalId } = await quotedProposal(db(), m, elevatorDraft(), [[s.a.id, [900_000, 300_000]]]);
    const base = { proposalId, supplierId: s.b.id, itemAmounts: [1, 2], validUntil: "2026-06-30", note: "" };
    await expectRefused(db(), () => addQuoteWithUpload(db(), base, { bytes: FILES.exe(), filename: "报价.pdf" }, m), "income.errors.attachmentType");
    await expectRefused(db(), () => addQuoteWithUpload(db(), base, null, m), "spending.errors.quoteDocument");
    await expectRefused(db(), async () => addQuote(db(), { ...base, supplierId: s.a.id, attachment: await storedPdf() }, m), "spending.errors.duplicateQuote", 409);
    await expectRefused(db(), async () => addQuote(db(), { ...base, supplierId: 99_999, attachment: await storedPdf() }, m), "spending.errors.supplierUnknown");
    await expectRefused(db(), async () => addQuote(db(), { ...base, itemAmounts: [1], attachment: await storedPdf() }, m), "spending.errors.quoteItems");
    await expectRefused(db(), async () => addQuote(db(), { ...base, validUntil: "2026-02-30", attachment: await storedPdf() }, m), "spending.errors.validUntil");
    await expectRefused(db(), async () => addQuote(db(), { ...base, attachment: await storedPdf() }, w.director.actor), "errors.forbidden", 403);
  });

  it("refuses illegal transitions with 409 and a non-drafter's withdrawal", async () => {
    const m = w.manager.actor;
    const { proposal } = draftProposal(db(), elevatorDraft(), m, NOW);
    const illegal = await expectRefused(db(), () => closeQuoting(db(), proposal.id, m), "spending.errors.illegalTransition", 409);
    expect(illegal.options.params).toEqual({ action: "closeQuoting", from: "draft" });
    await expectRefused(db(), () => submitProposal(db(), proposal.id, submitInput(1), m), "spending.errors.illegalTransition", 409);
    await expectRefused(db(), () => reopenQuoting(db(), proposal.id, m), "spending.errors.illegalTransition", 409);
    openQuoting(db(), proposal.id, m);
    await expectRefused(db(), () => closeQuoting(db(), proposal.id, m), "spending.errors.noQuotes", 409);
    await expectRefused(db(), () => withdrawProposal(db(), proposal.id, { reason: "不需要了" }, w.accountant.actor), "spending.errors.notDrafter", 403);
    const { proposal: gone } = withdrawProposal(db(), proposal.id, { reason: "不需要了" }, m);
    expect(gone.status).toBe("withdrawn");
    await expectRefused(db(), () => withdrawProposal(db(), proposal.id, { reason: "再撤" }, m), "spending.errors.illegalTransition", 409);
  });

  it("refuses withdrawing an approved proposal; withdrawing in approval withdraws the vote too", async () => {
    const m = w.manager.actor;
    const q = await quotedProposal(db(), m, elevatorDraft({ items: [{ description: "灯泡", quantity: "10", unit: "个", estimatedFen: 150_000 }] }), [[s.d.id, [150_000]]]);
    q.close();
    const { approval } = submitProposal(db(), q.proposalId, submitInput(q.quoteIds[0]!), m, NOW);
    withdrawProposal(db(), q.proposalId, { reason: "改用库存" }, m, NOW);
    expect(db().select().from(approvals).where(eq(approvals.id, approval.id)).get()!.status).toBe("withdrawn");
    // An approved one (the vote is section 5's; set here through an audited write of the row as it would be).
    const q2 = await quotedProposal(db(), m, elevatorDraft({ items: [{ description: "灯泡", quantity: "10", unit: "个", estimatedFen: 150_000 }] }), [[s.c.id, [150_000]]]);
    q2.close();
    submitProposal(db(), q2.proposalId, submitInput(q2.quoteIds[0]!, { onDate: "2026-09-10" }), m, NOW);
    auditedWrite(db(), { actor: "system", action: "test.approve" }, (tx, seq) => {
      const row = tx.update(proposals).set({ status: "approved", approvedFen: 150_000, auditSeq: seq }).where(eq(proposals.id, q2.proposalId)).returning().get();
      return { result: {}, subject: `proposal:${row.id}`, rows: { proposals: [rowViews.proposals(row)] } };
    });
    await expectRefused(db(), () => withdrawProposal(db(), q2.proposalId, { reason: "x" }, m), "spending.errors.illegalTransition", 409);
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

describe("selection rules at submission", () => {
  it("refuses too few valid quotes (one expired, one company-related) without an exception reason, then accepts with one", async () => {
    const m = w.manager.actor;
    const q = await quotedProposal(db(), m, elevatorDraft(), [[s.a.id, [900_000, 300_000]], [s.b.id, [800_000, 250_000], "2026-05-05"], [s.related.id, [700_000, 200_000]]]);
    q.close();
    const error = await expectRefused(db(), () => submitProposal(db(), q.proposalId, submitInput(q.quoteIds[0]!), m), "spending.errors.notEnoughQuotes");
    expect(error.options.params).toEqual({ valid: 1, needed: 3 });
    const done = submitProposal(db(), q.proposalId, submitInput(q.quoteIds[0]!, { exceptionReason: "电梯停运，须紧急维修" }), m, NOW);
    expect(done.proposal.status).toBe("in_approval");
  });

  it("refuses a non-lowest selection without reason, flagged suppliers without explanation, listing every problem", async () => {
    const m = w.manager.actor;
    const q = await quotedProposal(db(), m, elevatorDraft({ kind: "6603" }), [[s.b.id, [900_000, 300_000]], [s.shared1.id, [800_000, 250_000]], [s.shared2.id, [850_000, 250_000]]]);
    q.close();
    const error = await expectRefused(db(), () => submitProposal(db(), q.proposalId, submitInput(q.quoteIds[0]!), m), "spending.errors.nonLowestNeedsReason");
    expect((error as SelectionRefused).problems.map((p) => p.code)).toEqual(["spending.errors.nonLowestNeedsReason", "spending.errors.collusionNeedsReason"]);
    const ok = submitProposal(db(), q.proposalId, submitInput(q.quoteIds[0]!, { selectionReason: "乙公司为原厂维保", collusionReason: "戊、己未选中" }), m, NOW);
    expect(ok.proposal.selectionReason).toBe("乙公司为原厂维保");
  });

  it("judges a split order by the combined amount", async () => {
    const m = w.manager.actor;
    const small = { items: [{ description: "绿化补植", quantity: "1", unit: "批", estimatedFen: 150_000 }], kind: "6604" };
    const first = await quotedProposal(db(), m, elevatorDraft(small), [[s.d.id, [150_000]]]);
    first.close();
    submitProposal(db(), first.proposalId, submitInput(first.quoteIds[0]!, { onDate: "2026-07-01" }), m, NOW);
    const second = await quotedProposal(db(), m, elevatorDraft(small), [[s.d.id, [150_000]]]);
    second.close();
    const error = await expectRefused(db(), () => submitProposal(db(), second.proposalId, submitInput(second.quoteIds[0]!, { onDate: "2026-07-20" }), m), "spending.errors.notEnoughQuotes");
    expect(error.options.params).toEqual({ valid: 1, needed: 3 });
    // Outside the 30-day window it stands alone (direct).
    const done = submitProposal(db(), second.proposalId, submitInput(second.quoteIds[0]!, { onDate: "2026-08-15" }), m, NOW);
    expect(done.proposal.method).toBe("direct");
  });

  it("in the selection tier needs scores from a majority of voters; voters score once; above ¥200,000 needs the owners' decision", async () => {
    const m = w.manager.actor;
    const big = elevatorDraft({ kind: "6605", items: [{ description: "监控系统", quantity: "1", unit: "套", estimatedFen: 6_000_000 }] });
    const q = await quotedProposal(db(), m, big, [[s.b.id, [6_000_000]], [s.c.id, [6_200_000]], [s.d.id, [5_900_000]]]);
    q.close();
    const error = await expectRefused(db(), () => submitProposal(db(), q.proposalId, submitInput(q.quoteIds[2]!), m), "spending.errors.scoresMissing");
    expect(error.options.params).toEqual({ scored: 0, voters: 5 });
    await expectRefused(db(), () => scoreQuote(db(), { proposalId: q.proposalId, quoteId: q.quoteIds[0]!, price: 41, qualification: 20, service: 20, comment: "" }, w.director.actor), "spending.errors.scoreRange");
    await expectRefused(db(), () => scoreQuote(db(), { proposalId: q.proposalId, quoteId: q.quoteIds[0]!, price: 30, qualification: 20, service: 20, comment: "" }, m), "errors.forbidden", 403);
    for (const who of [w.director, w.committee1, w.committee2]) {
      for (const quoteId of q.quoteIds) scoreQuote(db(), { proposalId: q.proposalId, quoteId, price: 30, qualification: 25, service: 25, comment: "" }, who.actor, NOW);
    }
    await expectRefused(db(), () => scoreQuote(db(), { proposalId: q.proposalId, quoteId: q.quoteIds[0]!, price: 1, qualification: 1, service: 1, comment: "" }, w.director.actor), "spending.errors.alreadyScored", 409);
    const done = submitProposal(db(), q.proposalId, submitInput(q.quoteIds[2]!), m, NOW);
    expect(done.proposal.method).toBe("selection");
    expect(done.approval.unanimous).toBe(true);
    const detail = getProposalDetail(db(), q.proposalId, NOW)!;
    expect(detail.scores).toHaveLength(9);

    const huge = elevatorDraft({ kind: "6606", items: [{ description: "办公楼翻新", quantity: "1", unit: "项", estimatedFen: 25_000_000 }] });
    const h = await quotedProposal(db(), m, huge, [[s.b.id, [25_000_000]]]);
    h.close();
    const problems = await expectRefused(db(), () => submitProposal(db(), h.proposalId, submitInput(h.quoteIds[0]!, { exceptionReason: "唯一" }), m), "spending.errors.ownersDecisionNeeded");
    expect((problems as SelectionRefused).problems.map((p) => p.code)).toContain("spending.errors.scoresMissing");
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
