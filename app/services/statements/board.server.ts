import { asc, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { publishedStatements, statementBoardPostings } from "~db/schema";
import { isIsoDate } from "~/domain/calendar";
import { DomainError } from "~/domain/errors";
import { hasAnyRole } from "~/domain/roles";
import { BOARD_LOCATION_MAX, BOARD_NOTE_MAX } from "~/domain/statements/publishing";
import { insertAttachment, type StoredAttachment } from "../attachments.server";
import { actorOf } from "../audit.server";
import { rowViews, type EventRows } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import type { SessionUser } from "../auth.server";

/**
 * A committee member records where a published statement was posted, with
 * an optional photo of the board (stored BEFORE with storeAttachmentFile).
 * Beside the snapshot, never in it. Action statement.board_posting.
 */
export function recordBoardPosting(
  db: Db, publishedId: number, input: { location: string; postedOn: string; note: string; photo?: StoredAttachment }, user: SessionUser,
): { postingId: number } {
  if (!hasAnyRole(user.roles, ["committee"])) throw new DomainError("errors.forbidden", { status: 403 });
  const location = input.location.trim();
  const note = input.note.trim();
  const postedOn = input.postedOn.trim();
  if (location === "") throw new DomainError("publishing.errors.locationRequired", { field: "location", status: 422 });
  if (location.length > BOARD_LOCATION_MAX) throw new DomainError("publishing.errors.locationTooLong", { field: "location", params: { max: BOARD_LOCATION_MAX }, status: 422 });
  if (!isIsoDate(postedOn)) throw new DomainError("publishing.errors.postedOn", { field: "postedOn", status: 422 });
  if (note.length > BOARD_NOTE_MAX) throw new DomainError("publishing.errors.noteTooLong", { field: "note", params: { max: BOARD_NOTE_MAX }, status: 422 });
  const actor = actorOf(user);
  return auditedWrite(db, { actor, action: "statement.board_posting" }, (tx, seq) => {
    const published = tx.select().from(publishedStatements).where(eq(publishedStatements.id, publishedId)).get();
    if (!published) throw new DomainError("errors.notFound", { status: 404 });
    const rows: EventRows = {};
    let photoAttachmentId: number | null = null;
    if (input.photo) {
      const attachment = insertAttachment(tx, seq, input.photo, actor);
      photoAttachmentId = attachment.row.id;
      rows.attachments = [attachment.view];
    }
    const posting = tx.insert(statementBoardPostings).values({
      publishedId, location, postedOn, note, photoAttachmentId, recordedBy: user.id, auditSeq: seq,
    }).returning().get();
    rows.statement_board_postings = [rowViews.statement_board_postings(posting)];
    return { result: { postingId: posting.id }, subject: `statement:${published.period}`, rows, extra: { publishedId, revision: published.revision } };
  });
}

export function boardPostingsOf(db: Db | Tx, publishedId: number): { id: number; location: string; postedOn: string; note: string; photoAttachmentId: number | null }[] {
  return db.select({
    id: statementBoardPostings.id, location: statementBoardPostings.location, postedOn: statementBoardPostings.postedOn,
    note: statementBoardPostings.note, photoAttachmentId: statementBoardPostings.photoAttachmentId,
  }).from(statementBoardPostings).where(eq(statementBoardPostings.publishedId, publishedId))
    .orderBy(asc(statementBoardPostings.postedOn), asc(statementBoardPostings.id)).all();
}

/** A photo of a board posting is as public as the statement it shows. */
export function isBoardPhoto(db: Db | Tx, attachmentId: number): boolean {
  return db.select({ id: statementBoardPostings.id }).from(statementBoardPostings)
    .where(eq(statementBoardPostings.photoAttachmentId, attachmentId)).limit(1).get() !== undefined;
}
