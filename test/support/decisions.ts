import { sql } from "drizzle-orm";
import type { Db } from "~db/connection";
import { users } from "~db/schema";
import type { Matter } from "~/domain/decisions/matters";
import type { Tallies } from "~/domain/decisions/outcome";
import { recordDecision, registerTotals, type DecisionValues } from "~/services/decisions/register.server";
import type { DecisionRow } from "~/services/decisions/usage.server";
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
  decisionId?: number; // the decision a public-revenue proposal cites; a fresh passedDecision by default
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
    // A public-revenue proposal cites a passed owners' decision that authorises enough.
    decisionId: fields.book === "public_revenue" ? (fields.decisionId ?? passedDecision(db, { authorisedFen: Math.max(1_000_000, amountFen * 2) }).id) : null,
    budgetLineId: null,
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
    selectedQuoteId: quoteIds[0]!, selectionReason: "", exceptionReason: "", collusionReason: "",
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

// ——— Owners' decisions register (issue 7) ———

/**
 * Tallies on today's register with the given shares of area and heads taking
 * part and agreeing (in percent, whole numbers), the rest of the participants
 * disagreeing. Rounded so each side holds area and heads together.
 */
export function talliesFor(db: Db, participatePercent: number, agreePercentOfParticipants: number): Tallies {
  const totals = registerTotals(db);
  const part = (n: number, pct: number) => Math.floor((n * pct) / 100);
  const pArea = Math.ceil((totals.areaCentiM2 * participatePercent) / 100);
  const pHeads = Math.ceil((totals.owners * participatePercent) / 100);
  const agree = { areaCentiM2: part(pArea, agreePercentOfParticipants), owners: part(pHeads, agreePercentOfParticipants) };
  const disagree = { areaCentiM2: pArea - agree.areaCentiM2, owners: pHeads - agree.owners };
  const none = { areaCentiM2: 0, owners: 0 };
  return { agree, disagree: disagree.owners === 0 || disagree.areaCentiM2 === 0 ? none : disagree, abstain: none };
}

function committeeActor(db: Db): string {
  const row = db.select({ id: users.id }).from(users).where(sql`${users.login} = 'committee1'`).get();
  if (!row) throw new Error("passedDecision needs ensureDemoCommunity (or decisionWorld) first");
  return String(row.id);
}

export type DecisionOverrides = Partial<Omit<DecisionValues, "source" | "ballotId" | "totals">> & { actor?: string; now?: Date };

/**
 * A passed ordinary decision (item 9 of 民法典 art. 278) recorded through
 * recordDecision by committee1 of ensureDemoCommunity: 80 % of the area and
 * heads take part, 75 % of them agree. It authorises ¥10,000.00 from the
 * public-revenue account unless `authorisedFen` says otherwise (null: none).
 */
export function passedDecision(db: Db, overrides: DecisionOverrides = {}): DecisionRow {
  const { actor, now, ...values } = overrides;
  return recordDecision(db, {
    title: "使用公共收益粉刷员工休息室", matter: 9 as Matter, text: "同意从公共收益账户列支员工休息室粉刷费用。",
    heldFrom: "2026-03-01", heldUntil: "2026-03-15", announcedOn: "2026-03-16",
    tallies: talliesFor(db, 80, 75), authorisedFen: 1_000_000,
    ...values,
  }, actor ?? committeeActor(db), now);
}

/**
 * A failed special decision (item 7: an alteration): 80 % take part and
 * 60 % of them agree — more than half, less than the three quarters a
 * special matter needs. Authorises no amount.
 */
export function failedDecision(db: Db, overrides: DecisionOverrides = {}): DecisionRow {
  const { actor, now, ...values } = overrides;
  return recordDecision(db, {
    title: "在 3 号楼旁新建公共卫生间", matter: 7 as Matter, text: "拟利用绿地新建公共卫生间一座。",
    heldFrom: "2026-04-01", heldUntil: "2026-04-15", announcedOn: "2026-04-16",
    tallies: talliesFor(db, 80, 60), authorisedFen: null,
    ...values,
  }, actor ?? committeeActor(db), now);
}

/**
 * A decision on the maintenance fund (item 6) taken by the whole register at
 * once: every owner agrees (`pass`) or every owner disagrees. Returns its id.
 */
export function unanimousFundDecision(db: Db, pass: boolean, title: string, actor: string): number {
  const totals = registerTotals(db);
  const all = { areaCentiM2: totals.areaCentiM2, owners: totals.owners };
  const none = { areaCentiM2: 0, owners: 0 };
  return recordDecision(db, {
    title, matter: 6, text: title, heldFrom: "2025-12-01", heldUntil: "2025-12-01", announcedOn: "2025-12-03", authorisedFen: null,
    tallies: pass ? { agree: all, disagree: none, abstain: none } : { agree: none, disagree: all, abstain: none },
  }, actor).id;
}
