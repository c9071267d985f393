import { z } from "zod";
import { isIsoDate } from "../calendar";
import { PAYMENT_STAGES } from "./payments";
import { positiveYuanField } from "../money-fields";

/**
 * The forms of section 5 (vote, acceptance, payment, retention release,
 * increase), used by the browser and the actions; messages are i18n keys.
 * Files (acceptance photos) are read by the action from the multipart body.
 */
const positiveYuan = positiveYuanField("approvals.errors.amountPositive");

const date = (code: string) => z.string({ error: code }).refine(isIsoDate, { error: code });
const required = (code: string, max: number) => z.string({ error: code }).trim().min(1, { error: code }).max(max, { error: "errors.tooLong" });
const optionalText = (max: number) => z.string().trim().max(max, { error: "errors.tooLong" }).optional().default("");

export const voteFormSchema = z.object({
  choice: z.enum(["approve", "reject", "abstain"], { error: "approvals.errors.choice" }),
  comment: optionalText(500),
});

export const acceptanceFormSchema = z.object({
  acceptedOn: date("approvals.errors.date"),
  notes: required("approvals.errors.notesRequired", 2000),
});

export const paymentFormSchema = z.object({
  stage: z.enum(PAYMENT_STAGES, { error: "approvals.errors.stage" }),
  paidOn: date("approvals.errors.date"),
  amount: positiveYuan,
  bankReference: required("approvals.errors.bankReferenceRequired", 100),
  invoiceNumber: optionalText(100),
  idempotencyKey: z.string().trim().max(100).optional(),
});

export const retentionFormSchema = z.object({
  note: required("approvals.errors.noteRequired", 1000),
});

export const increaseFormSchema = z.object({
  amount: positiveYuan,
  reason: required("approvals.errors.reasonRequired", 1000),
});
