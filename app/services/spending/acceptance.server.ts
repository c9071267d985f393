import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { acceptances, proposals, spendingAttachments } from "~db/schema";
import { isIsoDate } from "~/domain/calendar";
import { DomainError } from "~/domain/errors";
import { warrantyEnd } from "~/domain/spending/payments";
import { nextStatus } from "~/domain/spending/proposal-states";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { insertAttachment, storeAttachmentFile, type StoredAttachment } from "../attachments.server";
import { isRelatedTo, loadProposal, requireActorRole, selectedSupplier } from "./proposal-payments.server";

export const MAX_NOTES_LENGTH = 2000;

export interface AcceptanceInput {
  proposalId: number;
  acceptedOn: string;
  notes: string;
}

/** Every refusal of an acceptance, against the proposal as it is now. */
function checkAcceptance(db: Db | Tx, input: AcceptanceInput, actor: Actor) {
  const user = requireActorRole(db, actor, ["committee"]);
  if (!isIsoDate(input.acceptedOn)) throw new DomainError("approvals.errors.date", { field: "acceptedOn" });
  if (input.notes.trim() === "") throw new DomainError("approvals.errors.notesRequired", { field: "notes" });
  if (input.notes.length > MAX_NOTES_LENGTH) throw new DomainError("approvals.errors.notesTooLong", { field: "notes", params: { max: MAX_NOTES_LENGTH } });
  const proposal = loadProposal(db, input.proposalId);
  const next = nextStatus(proposal.status, "accept");
  if (!next.ok) throw new DomainError(next.problem.code, { params: next.problem.params, status: 409 });
  const supplier = selectedSupplier(db, proposal);
  if (supplier && isRelatedTo(db, user.id, supplier.id)) {
    throw new DomainError("approvals.errors.relatedCannotAccept", { params: { supplier: supplier.name }, status: 403 });
  }
  return { user, proposal, status: next.status };
}

/**
 * A committee member not related to the selected supplier records the
 * acceptance 验收 of approved work, with its photos or PDFs (already stored):
 * the warranty runs from the acceptance date.
 */
export function recordAcceptance(db: Db, input: AcceptanceInput & { files: readonly StoredAttachment[] }, actor: Actor) {
  if (input.files.length === 0) throw new DomainError("approvals.errors.photosRequired", { field: "photos" });
  checkAcceptance(db, input, actor);
  return auditedWrite(db, { actor, action: "proposal.accept" }, (tx, seq) => {
    const { user, proposal, status } = checkAcceptance(tx, input, actor);
    const acceptance = tx.insert(acceptances).values({
      proposalId: proposal.id, acceptedBy: user.id, acceptedOn: input.acceptedOn, notes: input.notes.trim(), auditSeq: seq,
    }).returning().get();
    const stored = input.files.map((file) => insertAttachment(tx, seq, file, actor));
    const links = stored.map((a) => tx.insert(spendingAttachments).values({ subjectKind: "acceptance", subjectId: acceptance.id, attachmentId: a.row.id, auditSeq: seq }).returning().get());
    const updated = tx.update(proposals).set({
      status, acceptedOn: input.acceptedOn, warrantyUntil: warrantyEnd(input.acceptedOn, proposal.warrantyMonths), auditSeq: seq,
    }).where(eq(proposals.id, proposal.id)).returning().get();
    return {
      result: { acceptance, proposal: updated },
      subject: `proposal:${proposal.id}`,
      rows: {
        acceptances: [rowViews.acceptances(acceptance)], attachments: stored.map((a) => a.view),
        spending_attachments: links.map((l) => rowViews.spending_attachments(l)), proposals: [rowViews.proposals(updated)],
      },
      extra: { from: proposal.status, to: status, acceptedOn: input.acceptedOn, warrantyUntil: updated.warrantyUntil ?? "" },
    };
  });
}

/**
 * The form's use case: checked first (a refused acceptance leaves no file
 * behind), then each file stored (PDF/JPEG/PNG by content, size limit), then
 * recorded. At least one file is required.
 */
export async function recordAcceptanceWithUpload(
  db: Db,
  input: AcceptanceInput & { uploads: readonly { bytes: Uint8Array; filename: string }[] },
  actor: Actor,
) {
  const uploads = input.uploads.filter((u) => u.bytes.length > 0);
  checkAcceptance(db, input, actor);
  if (uploads.length === 0) throw new DomainError("approvals.errors.photosRequired", { field: "photos" });
  const files: StoredAttachment[] = [];
  for (const upload of uploads) files.push(await storeAttachmentFile(upload.bytes, upload.filename, "photos"));
  return recordAcceptance(db, { proposalId: input.proposalId, acceptedOn: input.acceptedOn, notes: input.notes, files }, actor);
}

export function acceptanceOf(db: Db | Tx, proposalId: number) {
  const acceptance = db.select().from(acceptances).where(eq(acceptances.proposalId, proposalId)).get();
  if (!acceptance) return null;
  const files = db.select().from(spendingAttachments).where(eq(spendingAttachments.subjectId, acceptance.id)).all().filter((a) => a.subjectKind === "acceptance");
  return { acceptance, attachmentIds: files.map((f) => f.attachmentId) };
}
