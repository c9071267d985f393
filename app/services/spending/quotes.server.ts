import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { quotes, suppliers } from "~db/schema";
import { isIsoDate } from "~/domain/calendar";
import { DomainError } from "~/domain/errors";
import type { ProposalItem } from "~/domain/spending/proposal-forms";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { insertAttachment, storeAttachmentFile, type StoredAttachment } from "../attachments.server";
import { actingUser, loadProposal, requireRole } from "./proposal-common.server";

export type QuoteRow = typeof quotes.$inferSelect;

export interface QuoteInput {
  proposalId: number;
  supplierId: number;
  itemAmounts: number[]; // fen, one per line item
  validUntil: string;
  note: string;
}

/** The checks that need no file: run before the upload is stored and again inside the write. */
function checkQuote(db: Db | Tx, input: QuoteInput): void {
  const proposal = loadProposal(db, input.proposalId);
  if (proposal.status !== "quoting") {
    throw new DomainError("spending.errors.illegalTransition", { params: { action: "quote", from: proposal.status }, status: 409 });
  }
  const items = JSON.parse(proposal.items) as ProposalItem[];
  if (input.itemAmounts.length !== items.length || input.itemAmounts.some((f) => !Number.isSafeInteger(f) || f < 0)) {
    throw new DomainError("spending.errors.quoteItems", { field: "amounts", params: { count: items.length } });
  }
  if (input.itemAmounts.reduce((a, b) => a + b, 0) <= 0) throw new DomainError("spending.errors.quoteTotal", { field: "amounts" });
  if (!isIsoDate(input.validUntil)) throw new DomainError("spending.errors.validUntil", { field: "validUntil" });
  const supplier = db.select().from(suppliers).where(eq(suppliers.id, input.supplierId)).get();
  if (!supplier) throw new DomainError("spending.errors.supplierUnknown", { field: "supplierId" });
  if (!supplier.active) throw new DomainError("spending.errors.supplierInactive", { field: "supplierId", params: { name: supplier.name } });
  const dup = db.select({ id: quotes.id }).from(quotes).where(and(eq(quotes.proposalId, input.proposalId), eq(quotes.supplierId, input.supplierId))).get();
  if (dup) throw new DomainError("spending.errors.duplicateQuote", { field: "supplierId", params: { name: supplier.name }, status: 409 });
}

/**
 * A manager records a supplier's quote while the proposal is quoting
 * (action proposal.quote): one per supplier, an active supplier, a real
 * validity date, the quote document attached (already stored).
 */
export function addQuote(db: Db, input: QuoteInput & { attachment: StoredAttachment | null | undefined }, actor: Actor) {
  if (!input.attachment) throw new DomainError("spending.errors.quoteDocument", { field: "attachment" });
  const attachmentFile = input.attachment;
  return auditedWrite(db, { actor, action: "proposal.quote" }, (tx, seq) => {
    requireRole(actingUser(tx, actor), ["manager"]);
    checkQuote(tx, input);
    const attachment = insertAttachment(tx, seq, attachmentFile, actor);
    const quote = tx.insert(quotes).values({
      proposalId: input.proposalId, supplierId: input.supplierId, amountFen: input.itemAmounts.reduce((a, b) => a + b, 0),
      itemAmounts: JSON.stringify(input.itemAmounts), validUntil: input.validUntil, attachmentId: attachment.row.id,
      note: input.note.trim(), addedBy: actor, auditSeq: seq,
    }).returning().get();
    return {
      result: { quote },
      subject: `proposal:${input.proposalId}`,
      rows: { attachments: [attachment.view], quotes: [rowViews.quotes(quote)] },
      extra: { amountFen: quote.amountFen, supplierId: quote.supplierId },
    };
  });
}

/** The form's use case: checked first (a refused quote stores no file), then the document stored, then recorded. */
export async function addQuoteWithUpload(db: Db, input: QuoteInput, upload: { bytes: Uint8Array; filename: string } | null, actor: Actor) {
  requireRole(actingUser(db, actor), ["manager"]);
  checkQuote(db, input);
  if (!upload || upload.bytes.length === 0) throw new DomainError("spending.errors.quoteDocument", { field: "attachment" });
  const attachment = await storeAttachmentFile(upload.bytes, upload.filename, "attachment");
  return addQuote(db, { ...input, attachment }, actor);
}
