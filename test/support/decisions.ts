import type { Db } from "~db/connection";
import type { Choice } from "~/domain/spending/approval";
import { storeAttachmentFile } from "~/services/attachments.server";
import { approvalState, approvalsOf, parseVoters } from "~/services/spending/approvals.server";
import { addQuote, closeQuoting, draftProposal, openQuoting, scoreQuote, submitProposal } from "~/services/spending/proposals.server";
import { declareRelation } from "~/services/spending/related-parties.server";
import { castVote } from "~/services/spending/votes.server";
import { budgetWorld } from "./budget";
import { expectRefusedUnchanged } from "./builders";
import { FILES } from "./income";
import { buildSupplier } from "./suppliers";

export { FILES };

export const DECISION_TABLES = [
  "proposals", "approvals", "votes", "acceptances", "spending_attachments", "proposal_payments", "attachments",
  "journal_entries", "postings", "notification_outbox", "procurement_rules", "budgets", "audit_events",
] as const;

export function decisionDigest(db: Db): Record<string, number> {
  const digest: Record<string, number> = {};
  for (const table of DECISION_TABLES) digest[table] = (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  digest.maxSeq = (db.$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n;
  return digest;
}

/** A refusal with this code (sync or async) that writes nothing at all. */
export async function expectRefused(db: Db, fn: () => unknown, code: string) {
  return expectRefusedUnchanged(() => decisionDigest(db), fn, code);
}

/** The demo people, as actors, with their numeric ids. */
export async function decisionWorld(db: Db) {
  const world = await budgetWorld(db);
  return { ...world, id: (actor: string) => Number(actor) };
}

export interface ProposalFields {
  amountFen?: number; // the selected (lowest) quote
  drafter?: string; // actor; the demo manager by default
  relatedVoters?: string[]; // committee actors related to the third quoting supplier
  advancePercent?: string;
  retentionPercent?: string;
  warrantyMonths?: number;
  kind?: string;
  title?: string;
  stopAtSelecting?: boolean; // leave it in "selecting", unscored
  book?: "cogoverned" | "public_revenue"; // public revenue: drafted by `drafter`, citing an owners' decision
}

/**
 * A proposal drafted, quoted by three suppliers, closed and submitted
 * through section 4's services; in the selection tier every prospective voter
 * scores every quote first. Returns it with its open approval.
 */
export async function buildSubmittedProposal(db: Db, fields: ProposalFields = {}) {
  const world = await decisionWorld(db);
  const drafter = fields.drafter ?? world.manager;
  const amountFen = fields.amountFen ?? 10_000_00;
  const suppliers = [buildSupplier(db), buildSupplier(db), buildSupplier(db)];
  for (const member of fields.relatedVoters ?? []) {
    declareRelation(db, { userId: Number(member), supplierId: suppliers[2]!.id, relation: "配偶为该公司股东", declaredOn: "2026-01-05" }, member);
  }
  const { proposal } = draftProposal(db, {
    book: fields.book ?? "cogoverned", kind: fields.kind ?? (fields.book === "public_revenue" ? "6801" : "6602"), title: fields.title ?? "更换 3 号楼电梯曳引钢丝绳", reason: "年检发现钢丝绳磨损超标",
    items: [{ description: "曳引钢丝绳", quantity: "1", unit: "套", estimatedFen: amountFen }], isMajorRepair: false,
    decisionRef: fields.book === "public_revenue" ? "2026 年第 1 次业主大会决议第 3 项" : null, budgetLineId: null,
  }, drafter);
  openQuoting(db, proposal.id, drafter);
  const quoteIds: number[] = [];
  for (const [i, supplier] of suppliers.entries()) {
    const attachment = await storeAttachmentFile(FILES.pdf(), `quote-${i}.pdf`, "attachment");
    const { quote } = addQuote(db, { proposalId: proposal.id, supplierId: supplier.id, itemAmounts: [amountFen + i * 100_00], validUntil: "2099-12-31", note: "", attachment }, world.manager);
    quoteIds.push(quote.id);
  }
  closeQuoting(db, proposal.id, world.manager);
  if (fields.stopAtSelecting) return { world, proposalId: proposal.id, approval: null as never, suppliers, quoteIds };
  if (amountFen >= 50_000_00) {
    for (const member of [world.director, ...world.committee]) {
      if (member === drafter || (fields.relatedVoters ?? []).includes(member)) continue;
      for (const quoteId of quoteIds) scoreQuote(db, { proposalId: proposal.id, quoteId, price: 30, qualification: 20, service: 20, comment: "" }, member);
    }
  }
  submitProposal(db, proposal.id, {
    selectedQuoteId: quoteIds[0]!, selectionReason: "", exceptionReason: "", collusionReason: "", decisionRef: "",
    advancePercent: fields.advancePercent ?? "30.00", retentionPercent: fields.retentionPercent ?? "5.00", warrantyMonths: fields.warrantyMonths ?? 12,
    onDate: "2026-03-01",
  }, world.manager);
  const approval = approvalsOf(db, "proposal", proposal.id).at(-1)!;
  return { world, proposalId: proposal.id, approval, suppliers, quoteIds };
}

/** Every voter of an approval votes `choice` until it is decided. */
export function voteAll(db: Db, approvalId: number, choice: Choice = "approve") {
  for (const voter of parseVoters(approvalState(db, approvalId)!.approval)) {
    if (approvalState(db, approvalId)!.approval.status !== "open") break;
    castVote(db, { approvalId, userId: voter.userId, choice, comment: "" }, String(voter.userId));
  }
}

/** A proposal approved by every voter through castVote. */
export async function buildApprovedProposal(db: Db, fields: ProposalFields = {}) {
  const built = await buildSubmittedProposal(db, fields);
  voteAll(db, built.approval.id, "approve");
  return built;
}
