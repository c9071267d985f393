import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { proposalPayments, proposals, quotes, relatedParties, suppliers } from "~db/schema";
import { isIsoDate } from "~/domain/calendar";
import { DomainError } from "~/domain/errors";
import { ACCOUNT } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { hasAnyRole, type Role } from "~/domain/roles";
import { checkPayment, retentionFen, stageAllowances, type PaidSoFar, type PaymentStage, type PaymentTerms } from "~/domain/spending/payments";
import { nextStatus, type ProposalStatus } from "~/domain/spending/proposal-states";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { writeEntry } from "../ledger/entries.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { actorRoles } from "./budgets.server";
import { idempotentWrite, throwIfRecorded } from "../idempotency.server";
import { nextRowId } from "../row-ids.server";

export type ProposalRow = typeof proposals.$inferSelect;
export type ProposalPaymentRow = typeof proposalPayments.$inferSelect;

const STAGE_ZH: Record<PaymentStage, string> = { advance: "预付款", balance: "结算款", retention: "质保金" };

export function loadProposal(db: Db | Tx, id: number): ProposalRow {
  const proposal = db.select().from(proposals).where(eq(proposals.id, id)).get();
  if (!proposal) throw new DomainError("errors.notFound", { status: 404 });
  return proposal;
}

/** The acting user, refused (403) without one of `roles`. */
export function requireActorRole(db: Db | Tx, actor: Actor, roles: readonly Role[]): { id: number; roles: Role[] } {
  const user = actorRoles(db, actor);
  if (!hasAnyRole(user.roles, roles)) throw new DomainError("errors.forbidden", { status: 403 });
  return user;
}

/** The supplier of the selected quote, if any. */
export function selectedSupplier(db: Db | Tx, proposal: ProposalRow): { id: number; name: string } | null {
  if (proposal.selectedQuoteId === null) return null;
  return db.select({ id: suppliers.id, name: suppliers.name }).from(quotes).innerJoin(suppliers, eq(suppliers.id, quotes.supplierId))
    .where(eq(quotes.id, proposal.selectedQuoteId)).get() ?? null;
}

/** Whether a user has a declared relation (not ended) to a supplier. */
export function isRelatedTo(db: Db | Tx, userId: number, supplierId: number): boolean {
  return db.select({ id: relatedParties.id }).from(relatedParties)
    .where(sql`${relatedParties.userId} = ${userId} and ${relatedParties.supplierId} = ${supplierId} and ${relatedParties.endedOn} is null`).get() !== undefined;
}

export function paymentsOf(db: Db | Tx, proposalId: number): ProposalPaymentRow[] {
  return db.select().from(proposalPayments).where(eq(proposalPayments.proposalId, proposalId)).orderBy(proposalPayments.paidOn, proposalPayments.id).all();
}

function paidSoFar(rows: readonly ProposalPaymentRow[]): PaidSoFar {
  return {
    advanceFen: rows.filter((p) => p.stage === "advance").reduce((s, p) => s + p.amountFen, 0),
    totalFen: rows.reduce((s, p) => s + p.amountFen, 0),
  };
}

function termsOf(proposal: ProposalRow): PaymentTerms {
  return {
    status: proposal.status, approvedFen: proposal.approvedFen ?? 0, advancePercent: proposal.advancePercent,
    retentionPercent: proposal.retentionPercent, retentionReleased: proposal.retentionReleasedAt !== null,
  };
}

/** What the pay page shows: the approved amount, paid so far, what each stage still allows, and the payments. */
export function paymentSummary(db: Db | Tx, proposalId: number) {
  const proposal = db.select().from(proposals).where(eq(proposals.id, proposalId)).get();
  if (!proposal) return null;
  const payments = paymentsOf(db, proposalId);
  const paid = paidSoFar(payments);
  const terms = termsOf(proposal);
  return {
    proposal: { id: proposal.id, title: proposal.title, book: proposal.book, kind: proposal.kind, status: proposal.status, approvedFen: proposal.approvedFen, advancePercent: proposal.advancePercent, retentionPercent: proposal.retentionPercent, warrantyUntil: proposal.warrantyUntil, retentionReleasedAt: proposal.retentionReleasedAt },
    paidFen: paid.totalFen,
    retentionFen: proposal.approvedFen === null ? 0 : retentionFen(terms),
    allowances: proposal.approvedFen === null ? { advance: 0, balance: 0, retention: 0 } : stageAllowances(terms, paid),
    payments,
  };
}

export interface ProposalPaymentInput {
  proposalId: number;
  stage: PaymentStage;
  paidOn: string;
  amountFen: number;
  bankReference: string;
  invoiceNumber: string;
  idempotencyKey?: string | null;
}

function keyOf(input: { idempotencyKey?: string | null }): string | null {
  const key = input.idempotencyKey?.trim();
  return key ? key : null;
}

function byKey(db: Db | Tx, key: string): ProposalPaymentRow | undefined {
  return db.select().from(proposalPayments).where(eq(proposalPayments.idempotencyKey, key)).get();
}

function checkAgainst(db: Db | Tx, input: ProposalPaymentInput, actor: Actor) {
  requireActorRole(db, actor, ["manager"]);
  if (!isIsoDate(input.paidOn)) throw new DomainError("approvals.errors.date", { field: "paidOn" });
  if (input.bankReference.trim() === "") throw new DomainError("approvals.errors.bankReferenceRequired", { field: "bankReference" });
  const proposal = loadProposal(db, input.proposalId);
  if (proposal.approvedFen === null) {
    throw new DomainError("spending.errors.illegalTransition", { params: { action: "pay", from: proposal.status }, status: 409 });
  }
  const payments = paymentsOf(db, proposal.id);
  const checked = checkPayment(termsOf(proposal), paidSoFar(payments), input);
  if (!checked.ok) {
    const { problem } = checked;
    const raw: Record<string, string | number> = "params" in problem ? { ...problem.params } : {};
    const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, k.endsWith("Fen") && typeof v === "number" ? formatFen(v) : v]));
    if (problem.code === "approvals.errors.aboveApproved") params.link = `/spending/${proposal.id}/increase`;
    // A message with amounts is a form-level error: the page shows it with its params (and the increase link).
    throw new DomainError(problem.code, { field: "params" in problem ? undefined : problem.field, params, status: 422 });
  }
  return { proposal, status: checked.status };
}

/** The transition a payment takes, through the state machine. */
function transitionFor(from: ProposalStatus, stage: PaymentStage, to: ProposalStatus): ProposalStatus {
  if (stage === "retention" && to === from) return from; // a partial retention payment
  const action = stage === "advance" ? "payAdvance" : stage === "balance" ? "payBalance" : "payRetention";
  const next = nextStatus(from, action, to);
  if (!next.ok) throw new DomainError(next.problem.code, { params: next.problem.params, status: 409 });
  return next.status;
}

/**
 * A manager records a payment on an approved proposal. One entry in the
 * proposal's book: Dr the spending kind / Cr 2202 (the supplier's payable
 * recognised), Dr 2202 / Cr 1002 (settled from the bank). The same
 * idempotency key again returns the first payment and writes nothing — also
 * across processes.
 */
export function recordProposalPayment(db: Db, input: ProposalPaymentInput, actor: Actor, now = new Date()): { payment: ProposalPaymentRow; duplicate: boolean } {
  const key = keyOf(input);
  const done = key ? byKey(db, key) : undefined;
  if (done) return { payment: done, duplicate: true };
  // The business checks run only inside the transaction, after the key is looked up again: a check
  // outside it could see another process's payment with this key before seeing the key.
  const { record, duplicate } = idempotentWrite(key, (k) => byKey(db, k), () => auditedWrite(db, { actor, action: "proposal.pay" }, (tx, seq) => {
      throwIfRecorded(key, (k) => byKey(tx, k));
      const { proposal, status } = checkAgainst(tx, input, actor);
      const to = transitionFor(proposal.status, input.stage, status);
      const id = nextRowId(tx, "proposal_payments");
      const book = proposal.book;
      const amount = input.amountFen;
      const entry = writeEntry(tx, seq, {
        businessDate: input.paidOn, memo: `${proposal.title} ${STAGE_ZH[input.stage]}`, sourceKind: "proposal_payment", sourceId: String(id),
        postings: [
          { book, accountCode: proposal.kind, amountFen: amount },
          { book, accountCode: ACCOUNT.payableSuppliers, amountFen: -amount },
          { book, accountCode: ACCOUNT.payableSuppliers, amountFen: amount },
          { book, accountCode: ACCOUNT.bank, amountFen: -amount },
        ],
      }, actor);
      const payment = tx.insert(proposalPayments).values({
        id, proposalId: proposal.id, stage: input.stage, paidOn: input.paidOn, amountFen: amount, bankReference: input.bankReference.trim(),
        invoiceNumber: input.invoiceNumber.trim(), entryId: entry.entry.id, idempotencyKey: key, recordedBy: actor, auditSeq: seq,
      }).returning().get();
      if (payment.id !== id) throw new Error("proposal payment id moved inside the transaction");
      const changed = to !== proposal.status;
      const updated = changed ? tx.update(proposals).set({ status: to, auditSeq: seq }).where(eq(proposals.id, proposal.id)).returning().get() : null;
      enqueueNotification(tx, seq, {
        topic: "proposal.paid", subject: `proposal:${proposal.id}`,
        title: `付款：${proposal.title} ${STAGE_ZH[input.stage]} ${formatFen(amount)}`,
        body: `${input.paidOn} 支付方案「${proposal.title}」${STAGE_ZH[input.stage]} ${formatFen(amount)}（批准金额 ${formatFen(proposal.approvedFen ?? 0)}）。[查看](/spending/${proposal.id})`,
      }, now);
      return {
        result: { payment },
        subject: `proposal:${proposal.id}`,
        rows: { ...entry.rows, proposal_payments: [rowViews.proposal_payments(payment)], ...(updated ? { proposals: [rowViews.proposals(updated)] } : {}) },
        extra: { stage: input.stage, amountFen: amount, from: proposal.status, to },
      };
    }).payment);
  return { payment: record, duplicate };
}
