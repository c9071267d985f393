/**
 * What each concurrency round races on, built in the parent test through the
 * services a person uses (DESIGN.md §3: no row behind their back) on a copy of
 * the demo community: a proposal in the committee's vote, an owners' ballot,
 * and a reopened quarter's approved draft. Free of vitest, so the worker
 * processes can import the user look-up too.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { publishedStatements, statementDrafts, users } from "~db/schema";
import type { Matter } from "~/domain/decisions/matters";
import { creditCodeCheckChar } from "~/domain/spending/credit-codes";
import { storeAttachmentFile } from "~/services/attachments.server";
import type { SessionUser } from "~/services/auth.server";
import { openBallot } from "~/services/decisions/ballots.server";
import { recordAcceptance } from "~/services/spending/acceptance.server";
import { addQuote, closeQuoting, draftProposal, openQuoting, submitProposal } from "~/services/spending/proposals.server";
import { createSupplier } from "~/services/spending/suppliers.server";
import { castVote } from "~/services/spending/votes.server";
import { approveDraft } from "~/services/statements/drafts.server";
import { requestReopen } from "~/services/statements/reopen.server";
import { parseRoles } from "~/services/users.server";

/** The user with this login, as the session would give it. */
export function userOf(db: Db, login: string): SessionUser {
  const row = db.select().from(users).where(eq(users.login, login)).get();
  if (!row) throw new Error(`no user ${login}`);
  return { id: row.id, displayName: row.displayName, roles: parseRoles(row.roles), isDirector: row.isDirector, ownerId: row.ownerId, mustChangePassword: false };
}

/** A credit code no demo supplier has: the round and this process make it unique. */
function creditCodeFor(round: number): string {
  const first17 = `91310000MB${String((process.pid % 9000) * 100 + round).padStart(6, "0")}0`.slice(0, 17);
  return first17 + creditCodeCheckChar(first17)!;
}

const PDF = new Uint8Array([...Buffer.from("%PDF-1.4\n% quote\n"), ...Buffer.from("1 0 obj << >> endobj\n%%EOF\n")]);

/**
 * A direct purchase of ¥1,500 (one quote suffices) from a supplier of its own
 * (so no split-order companions and no member related to it), 30 % payable in
 * advance, submitted: its approval is open with the director and committee1–4
 * as voters (the drafter is the manager).
 */
export async function proposalInApproval(db: Db, round: number, now = new Date()): Promise<{ proposalId: number; approvalId: number; approvedFen: number; advanceFen: number }> {
  const manager = String(userOf(db, "manager").id);
  const { supplier } = createSupplier(db, {
    kind: "organisation", creditCode: creditCodeFor(round), name: `并发测试供应商${round}`, legalRepresentative: `法人${round}`,
    phone: "", address: "", bankAccount: "", relatedToCompany: false, companyRelation: "",
  }, manager) as unknown as { supplier: { id: number } };
  const { proposal } = draftProposal(db, {
    book: "cogoverned", kind: "6602", title: `并发测试 ${round} 号：单元门闭门器更换`, reason: "闭门器漏油，关门撞击声大。",
    items: [{ description: "更换闭门器", quantity: "3", unit: "个", estimatedFen: 150_000 }], isMajorRepair: false,
  }, manager, now);
  openQuoting(db, proposal.id, manager);
  const attachment = await storeAttachmentFile(PDF, `quote-${round}.pdf`);
  const { quote } = addQuote(db, { proposalId: proposal.id, supplierId: supplier.id, itemAmounts: [150_000], validUntil: "2099-12-31", note: "", attachment }, manager);
  closeQuoting(db, proposal.id, manager);
  const { approval } = submitProposal(db, proposal.id, {
    selectedQuoteId: quote.id, selectionReason: "", exceptionReason: "", collusionReason: "",
    advancePercent: "30.00", retentionPercent: "0.00", warrantyMonths: 0,
  }, manager, now);
  if (approval.status !== "open") throw new Error(`approval ${approval.id} is ${approval.status}, not open`);
  return { proposalId: proposal.id, approvalId: approval.id, approvedFen: 150_000, advanceFen: 45_000 };
}

/** An ordinary-matter ballot open for a week: every owner of the register is an elector. */
export function openRoundBallot(db: Db, round: number, now = new Date()): number {
  const director = userOf(db, "director");
  return openBallot(db, {
    title: `并发测试表决 ${round}`, matter: 5 as Matter, text: "是否同意更换单元门闭门器。", authorisedFen: null,
    deadline: new Date(now.getTime() + 7 * 24 * 3600 * 1000).toISOString(),
  }, director, now).id;
}

/**
 * The latest revision of `period` reopened by the committee (committee1
 * asks, the director, committee2 and committee3 approve) and its new draft
 * approved by the director: a draft ready to publish, its id returned.
 */
export function reopenedDraft(db: Db, period: string, now = new Date()): number {
  const latest = db.select().from(publishedStatements).where(eq(publishedStatements.period, period)).orderBy(desc(publishedStatements.revision)).limit(1).get();
  if (!latest) throw new Error(`${period} is not published`);
  const { approvalId } = requestReopen(db, latest.id, { reason: "并发测试：补录一笔银行利息后重新公示本季度报表。" }, userOf(db, "committee1"), now);
  for (const login of ["director", "committee2", "committee3"]) {
    castVote(db, { approvalId, userId: userOf(db, login).id, choice: "approve", comment: "" }, String(userOf(db, login).id), now);
  }
  const draft = db.select().from(statementDrafts).where(and(eq(statementDrafts.period, period), eq(statementDrafts.status, "draft"))).get();
  if (!draft) throw new Error(`${period}: no draft after the reopen vote`);
  return approveDraft(db, draft.id, userOf(db, "director"), now).draft.id;
}

/** committee2 accepts the work of a paid-in-advance proposal (a PDF as evidence): its balance becomes payable. */
export async function acceptWork(db: Db, proposalId: number, acceptedOn: string): Promise<void> {
  const file = await storeAttachmentFile(PDF, `acceptance-${proposalId}.pdf`);
  recordAcceptance(db, { proposalId, acceptedOn, notes: "闭门器已更换，开关正常。", files: [file] }, String(userOf(db, "committee2").id));
}
