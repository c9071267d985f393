/**
 * Paying an approved proposal, pure: advance before acceptance (up to the
 * share the approval set), balance after acceptance (all but the retention
 * 质保金), the retention once released. Never more than the approved amount:
 * the difference needs a new approval (DESIGN.md §7).
 */
import Decimal from "decimal.js";
import { multiplyRate } from "../money";
import type { ProposalStatus } from "./proposal-states";

export const PAYMENT_STAGES = ["advance", "balance", "retention"] as const;
export type PaymentStage = (typeof PAYMENT_STAGES)[number];

export interface PaymentTerms {
  status: ProposalStatus;
  approvedFen: number;
  advancePercent: string; // "30.00"
  retentionPercent: string; // "5.00"
  retentionReleased: boolean;
}

export interface PaidSoFar {
  advanceFen: number;
  totalFen: number; // every stage
}

/** A share of the approved amount ("30.00" %), half-up to the fen. */
export function percentOf(approvedFen: number, percent: string): number {
  // Dividing by 100 is exact for a decimal string; multiplyRate rounds once, half-up.
  return multiplyRate(approvedFen, new Decimal(percent).dividedBy(100));
}

export function retentionFen(terms: Pick<PaymentTerms, "approvedFen" | "retentionPercent">): number {
  return percentOf(terms.approvedFen, terms.retentionPercent);
}

/** What each stage still allows now (0 where the stage is not open). */
export function stageAllowances(terms: PaymentTerms, paid: PaidSoFar): Record<PaymentStage, number> {
  const beforeAcceptance = terms.status === "approved" || terms.status === "advance_paid";
  const advanceCap = percentOf(terms.approvedFen, terms.advancePercent);
  const balanceCap = terms.approvedFen - retentionFen(terms);
  return {
    advance: beforeAcceptance ? Math.max(0, Math.min(advanceCap - paid.advanceFen, terms.approvedFen - paid.totalFen)) : 0,
    balance: terms.status === "accepted" ? Math.max(0, balanceCap - paid.totalFen) : 0,
    retention: terms.status === "paid" && terms.retentionReleased ? Math.max(0, terms.approvedFen - paid.totalFen) : 0,
  };
}

export type PaymentProblem =
  | { code: "approvals.errors.amountPositive"; field: "amount" }
  | { code: "approvals.errors.aboveApproved"; field: "amount"; params: { overFen: number } }
  | { code: "approvals.errors.stageNotOpen"; field: "stage"; params: { stage: PaymentStage; status: ProposalStatus } }
  | { code: "approvals.errors.beforeAcceptance"; field: "amount"; params: { allowedFen: number } }
  | { code: "approvals.errors.aboveStage"; field: "amount"; params: { stage: PaymentStage; allowedFen: number } }
  | { code: "approvals.errors.retentionNotReleased"; field: "stage" }
  | { code: "approvals.errors.invoiceRequired"; field: "invoiceNumber" };

/** The status after a payment, or a problem; the amount must fit the stage. */
export function checkPayment(
  terms: PaymentTerms,
  paid: PaidSoFar,
  payment: { stage: PaymentStage; amountFen: number; invoiceNumber: string },
): { ok: true; status: ProposalStatus } | { ok: false; problem: PaymentProblem } {
  const fail = (problem: PaymentProblem) => ({ ok: false as const, problem });
  const { stage, amountFen } = payment;
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) return fail({ code: "approvals.errors.amountPositive", field: "amount" });
  const over = paid.totalFen + amountFen - terms.approvedFen;
  if (over > 0) return fail({ code: "approvals.errors.aboveApproved", field: "amount", params: { overFen: over } });
  if (stage !== "advance" && payment.invoiceNumber.trim() === "") return fail({ code: "approvals.errors.invoiceRequired", field: "invoiceNumber" });
  const allowed = stageAllowances(terms, paid);
  const beforeAcceptance = terms.status === "approved" || terms.status === "advance_paid";
  if (stage === "advance") {
    if (!beforeAcceptance) return fail({ code: "approvals.errors.stageNotOpen", field: "stage", params: { stage, status: terms.status } });
    if (amountFen > allowed.advance) return fail({ code: "approvals.errors.beforeAcceptance", field: "amount", params: { allowedFen: allowed.advance } });
    return { ok: true, status: "advance_paid" };
  }
  if (beforeAcceptance) return fail({ code: "approvals.errors.beforeAcceptance", field: "amount", params: { allowedFen: allowed.advance } });
  if (stage === "balance") {
    if (terms.status !== "accepted") return fail({ code: "approvals.errors.stageNotOpen", field: "stage", params: { stage, status: terms.status } });
    if (amountFen > allowed.balance) return fail({ code: "approvals.errors.aboveStage", field: "amount", params: { stage, allowedFen: allowed.balance } });
    const after = paid.totalFen + amountFen;
    if (after === terms.approvedFen) return { ok: true, status: "closed" };
    return { ok: true, status: after === terms.approvedFen - retentionFen(terms) ? "paid" : "accepted" };
  }
  if (terms.status !== "paid") return fail({ code: "approvals.errors.stageNotOpen", field: "stage", params: { stage, status: terms.status } });
  if (!terms.retentionReleased) return fail({ code: "approvals.errors.retentionNotReleased", field: "stage" });
  if (amountFen > allowed.retention) return fail({ code: "approvals.errors.aboveStage", field: "amount", params: { stage, allowedFen: allowed.retention } });
  return { ok: true, status: paid.totalFen + amountFen === terms.approvedFen ? "closed" : "paid" };
}

/** The warranty ends this many months after acceptance (clamped to the month's last day: 01-31 + 1 → 02-28). */
export function warrantyEnd(acceptedOn: string, months: number): string {
  const [y, m, d] = acceptedOn.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}
