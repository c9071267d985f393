import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { verifyDatabase } from "~/services/audit-verify.server";
import { storeAttachmentFile } from "~/services/attachments.server";
import { recordAcceptance, recordAcceptanceWithUpload } from "~/services/spending/acceptance.server";
import { approvalsOf } from "~/services/spending/approvals.server";
import { requestIncrease } from "~/services/spending/increase.server";
import { loadProposal, paymentSummary, recordProposalPayment } from "~/services/spending/proposal-payments.server";
import { releaseRetention } from "~/services/spending/retention.server";
import { buildApprovedProposal, buildSubmittedProposal, expectRefused, FILES, voteAll } from "../support/decisions";
import { testDb } from "../support/db";

const db = testDb();
let n = 0;
const pay = (proposalId: number, actor: string, stage: "advance" | "balance" | "retention", amountFen: number, more: { paidOn?: string; key?: string; invoice?: string } = {}) =>
  recordProposalPayment(db, {
    proposalId, stage, amountFen, paidOn: more.paidOn ?? "2026-04-10", bankReference: `BANK-${(n += 1)}`,
    invoiceNumber: more.invoice ?? (stage === "advance" ? "" : `INV-${n}`), idempotencyKey: more.key ?? null,
  }, actor);
const photo = () => storeAttachmentFile(FILES.jpeg(), "site.jpg", "photos");

describe("acceptance, payments, retention and increase (¥10,000, advance 30%, retention 5%, 12 months)", () => {
  it("runs the whole path: advance, acceptance, balance, retention release, retention → closed", async () => {
    const { world, proposalId } = await buildApprovedProposal(db, { amountFen: 10_000_00 });
    expect(loadProposal(db, proposalId).status).toBe("approved");
    // Before acceptance: only the advance.
    await expectRefused(db, () => pay(proposalId, world.manager, "advance", 3_000_01), "approvals.errors.beforeAcceptance");
    await expectRefused(db, () => pay(proposalId, world.manager, "balance", 1_00), "approvals.errors.beforeAcceptance");
    await expectRefused(db, () => pay(proposalId, world.director, "advance", 1_00), "errors.forbidden");
    await expectRefused(db, () => pay(proposalId, world.manager, "advance", 0), "approvals.errors.amountPositive");
    await expectRefused(db, () => pay(proposalId, world.manager, "advance", -5), "approvals.errors.amountPositive");
    pay(proposalId, world.manager, "advance", 3_000_00);
    expect(loadProposal(db, proposalId).status).toBe("advance_paid");

    // Acceptance: photos required, a non-image refused, the drafter-manager may not (committee only).
    await expectRefused(db, () => recordAcceptanceWithUpload(db, { proposalId, acceptedOn: "2026-04-20", notes: "完工", uploads: [] }, world.director), "approvals.errors.photosRequired");
    await expectRefused(db, () => recordAcceptanceWithUpload(db, { proposalId, acceptedOn: "2026-04-20", notes: "完工", uploads: [{ bytes: FILES.exe(), filename: "x.exe" }] }, world.director), "income.errors.attachmentType");
    await expectRefused(db, async () => recordAcceptance(db, { proposalId, acceptedOn: "2026-04-20", notes: "完工", files: [await photo()] }, world.manager), "errors.forbidden");
    await expectRefused(db, async () => recordAcceptance(db, { proposalId, acceptedOn: "2026-04-20", notes: " ", files: [await photo()] }, world.director), "approvals.errors.notesRequired");
    await recordAcceptanceWithUpload(db, { proposalId, acceptedOn: "2026-04-20", notes: "钢丝绳已更换，试运行正常", uploads: [{ bytes: FILES.jpeg(), filename: "a.jpg" }, { bytes: FILES.pdf(), filename: "b.pdf" }] }, world.director);
    const accepted = loadProposal(db, proposalId);
    expect(accepted).toMatchObject({ status: "accepted", acceptedOn: "2026-04-20", warrantyUntil: "2027-04-20" });

    // Balance: all but the retention (¥500); above the approved amount names the increase.
    const above = await expectRefused(db, () => pay(proposalId, world.manager, "balance", 7_000_01), "approvals.errors.aboveApproved");
    expect(above.options.params?.link).toBe(`/spending/${proposalId}/increase`);
    await expectRefused(db, () => pay(proposalId, world.manager, "balance", 6_500_01), "approvals.errors.aboveStage");
    await expectRefused(db, () => pay(proposalId, world.manager, "balance", 1_00, { invoice: "" }), "approvals.errors.invoiceRequired");
    pay(proposalId, world.manager, "balance", 6_500_00);
    expect(loadProposal(db, proposalId).status).toBe("paid");

    // Retention: not before release, release not before the warranty ends, once.
    await expectRefused(db, () => pay(proposalId, world.manager, "retention", 500_00), "approvals.errors.retentionNotReleased");
    await expectRefused(db, () => releaseRetention(db, { proposalId, today: "2027-04-19", note: "无缺陷" }, world.committee[0]!), "approvals.errors.warrantyNotOver");
    await expectRefused(db, () => releaseRetention(db, { proposalId, today: "2027-04-20", note: "无缺陷" }, world.manager), "errors.forbidden");
    releaseRetention(db, { proposalId, today: "2027-04-20", note: "质保期内无未解决缺陷" }, world.committee[0]!);
    await expectRefused(db, () => releaseRetention(db, { proposalId, today: "2027-04-21", note: "再次" }, world.committee[0]!), "approvals.errors.retentionAlreadyReleased");
    pay(proposalId, world.manager, "retention", 500_00, { paidOn: "2027-04-25" });
    expect(loadProposal(db, proposalId).status).toBe("closed");
    const summary = paymentSummary(db, proposalId)!;
    expect(summary.paidFen).toBe(10_000_00);
    expect(summary.payments.map((p) => p.stage)).toEqual(["advance", "balance", "retention"]);
  });

  it("books the same idempotency key once, also from two concurrent requests", async () => {
    const { world, proposalId } = await buildApprovedProposal(db, { amountFen: 4_000_00 });
    const [a, b] = await Promise.all([
      Promise.resolve().then(() => pay(proposalId, world.manager, "advance", 1_000_00, { key: "k-1" })),
      Promise.resolve().then(() => pay(proposalId, world.manager, "advance", 1_000_00, { key: "k-1" })),
    ]);
    expect(a.payment.id).toBe(b.payment.id);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(pay(proposalId, world.manager, "advance", 1_000_00, { key: "k-1" }).duplicate).toBe(true);
    expect(paymentSummary(db, proposalId)!.payments).toHaveLength(1);
  });

  it("books the same key once from two processes at once", async () => {
    const { world, proposalId } = await buildApprovedProposal(db, { amountFen: 4_100_00 });
    // A separate node process each (tsx as a loader, ESM eval): two writers on one database file.
    const script = [
      `const { openDatabase } = await import("./db/connection.ts");`,
      `const { recordProposalPayment } = await import("./app/services/spending/proposal-payments.server.ts");`,
      `const db = openDatabase(process.env.MZ_DB);`,
      `const r = recordProposalPayment(db, JSON.parse(process.env.MZ_INPUT), process.env.MZ_ACTOR);`,
      `console.log(JSON.stringify({ id: r.payment.id, duplicate: r.duplicate }));`,
    ].join("\n");
    const input = { proposalId, stage: "advance", paidOn: "2026-04-11", amountFen: 1_000_00, bankReference: "BANK-X", invoiceNumber: "", idempotencyKey: "two-processes" };
    const run = () => new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: process.cwd(), timeout: 60_000,
        env: { ...process.env, MZ_DB: db.$client.name, MZ_INPUT: JSON.stringify(input), MZ_ACTOR: world.manager },
      }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim().split("\n").at(-1)!)));
    });
    const results = (await Promise.all([run(), run()])).map((line) => JSON.parse(line) as { id: number; duplicate: boolean });
    expect(results[0]!.id).toBe(results[1]!.id);
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(paymentSummary(db, proposalId)!.payments).toHaveLength(1);
  }, 120_000);

  it("refuses accepting a draft-stage proposal and acceptance by a member related to the selected supplier", async () => {
    const submitted = await buildSubmittedProposal(db, { amountFen: 3_000_00 });
    await expectRefused(db, async () => recordAcceptance(db, { proposalId: submitted.proposalId, acceptedOn: "2026-04-20", notes: "完工", files: [await photo()] }, submitted.world.director), "spending.errors.illegalTransition");
    // A member related to the selected (first) supplier: declared after the approval.
    const { world, proposalId, suppliers } = await buildApprovedProposal(db, { amountFen: 3_000_00 });
    const { declareRelation } = await import("~/services/spending/related-parties.server");
    declareRelation(db, { userId: Number(world.committee[1]), supplierId: suppliers[0]!.id, relation: "亲属任职", declaredOn: "2026-04-01" }, world.committee[1]!);
    await expectRefused(db, async () => recordAcceptance(db, { proposalId, acceptedOn: "2026-04-20", notes: "完工", files: [await photo()] }, world.committee[1]!), "approvals.errors.relatedCannotAccept");
  });

  it("asks for an increase; on pass the approved amount grows and the balance may use it", async () => {
    const { world, proposalId } = await buildApprovedProposal(db, { amountFen: 5_000_00, retentionPercent: "0", warrantyMonths: 0 });
    await expectRefused(db, () => requestIncrease(db, { proposalId, amountFen: 0, reason: "增加工程量" }, world.manager), "approvals.errors.amountPositive");
    await expectRefused(db, () => requestIncrease(db, { proposalId, amountFen: 1_000_00, reason: "" }, world.manager), "approvals.errors.reasonRequired");
    await expectRefused(db, () => requestIncrease(db, { proposalId, amountFen: 1_000_00, reason: "x" }, world.director), "errors.forbidden");
    const { approval } = requestIncrease(db, { proposalId, amountFen: 1_000_00, reason: "发现另一根钢丝绳也需更换" }, world.manager);
    expect(approval).toMatchObject({ subjectKind: "increase", amountFen: 1_000_00, status: "open" });
    await expectRefused(db, () => requestIncrease(db, { proposalId, amountFen: 1_00, reason: "again" }, world.manager), "approvals.errors.increaseOpen");
    voteAll(db, approval.id, "approve");
    expect(approvalsOf(db, "increase", proposalId).at(-1)!.status).toBe("passed");
    expect(loadProposal(db, proposalId).approvedFen).toBe(6_000_00);
    await recordAcceptance(db, { proposalId, acceptedOn: "2026-05-01", notes: "完工", files: [await photo()] }, world.director);
    pay(proposalId, world.manager, "balance", 6_000_00);
    expect(loadProposal(db, proposalId).status).toBe("closed");
  });

  it("keeps the chain verifiable and every entry balanced", () => {
    const unbalanced = db.$client.prepare("SELECT entry_id, book, sum(amount_fen) AS s FROM postings GROUP BY entry_id, book HAVING s <> 0").all();
    expect(unbalanced).toEqual([]);
    const entries = db.$client.prepare("SELECT count(*) AS n FROM journal_entries WHERE source_kind = 'proposal_payment'").get() as { n: number };
    const payments = db.$client.prepare("SELECT count(*) AS n FROM proposal_payments").get() as { n: number };
    expect(entries.n).toBe(payments.n);
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
