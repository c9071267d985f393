import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { attachmentsDir, type Db, type Tx } from "~db/connection";
import { attachments } from "~db/schema";
import type { JsonObject } from "~/domain/audit-chain";
import { checkAttachment, detectAttachmentMime, MAX_ATTACHMENT_BYTES, sanitizeFilename, type AttachmentMime } from "~/domain/attachments";
import { DomainError } from "~/domain/errors";
import { env } from "~/env.server";
import type { Actor } from "./audit.server";
import { rowViews } from "./audit-rows.server";

export type AttachmentRow = typeof attachments.$inferSelect;

/** A file already on disk under its SHA-256, ready for its row. */
export interface StoredAttachment {
  sha256: string;
  filename: string;
  mime: AttachmentMime;
  sizeBytes: number;
}

/** A posted file's bytes and the name it came with. */
export interface Upload {
  bytes: Uint8Array;
  filename: string;
}

/**
 * A form field's file, or null when none was chosen. The declared size is
 * checked before the bytes are copied out of the form, so an oversized file
 * is refused as the field's error without a second copy in memory.
 */
export async function readUpload(entry: FormDataEntryValue | null, field: string): Promise<Upload | null> {
  if (!(entry instanceof File) || entry.size === 0) return null;
  if (entry.size > MAX_ATTACHMENT_BYTES) throw new DomainError("income.errors.attachmentTooLarge", { field, status: 413 });
  return { bytes: new Uint8Array(await entry.arrayBuffer()), filename: entry.name };
}

/** Every file of a multi-file field, each checked as readUpload does (at most `limit`). */
export async function readUploads(entries: FormDataEntryValue[], field: string, limit = Infinity): Promise<Upload[]> {
  const files = entries.filter((entry): entry is File => entry instanceof File && entry.size > 0).slice(0, limit);
  const uploads: Upload[] = [];
  for (const file of files) uploads.push((await readUpload(file, field))!);
  return uploads;
}

function folder(): string {
  return attachmentsDir(env().DATABASE_PATH);
}

/**
 * The async half of an upload, done BEFORE the write transaction: checks
 * size and type by content, then writes the file named by its SHA-256 (an
 * identical file already there is kept as is). A refused file writes nothing.
 */
export async function storeAttachmentFile(bytes: Uint8Array, filename: string, field = "attachment"): Promise<StoredAttachment> {
  const problem = checkAttachment(bytes);
  if (problem) throw new DomainError(problem, { field, status: problem === "income.errors.attachmentTooLarge" ? 413 : 400 });
  const mime = detectAttachmentMime(bytes)!;
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const dir = folder();
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, sha256);
  if (!(await exists(target))) {
    // A temporary name and a rename: a half-written file never carries the hash.
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(temporary, bytes, { flag: "wx" });
    await fs.rename(temporary, target);
  }
  return { sha256, filename: sanitizeFilename(filename, mime), mime, sizeBytes: bytes.length };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** The attachment's row, inside the caller's audited transaction; put `view` in the event's rows. */
export function insertAttachment(tx: Tx, seq: number, stored: StoredAttachment, actor: Actor): { row: AttachmentRow; view: JsonObject } {
  const row = tx
    .insert(attachments)
    .values({ sha256: stored.sha256, filename: stored.filename, mime: stored.mime, sizeBytes: stored.sizeBytes, uploadedBy: actor, auditSeq: seq })
    .returning()
    .get();
  return { row, view: rowViews.attachments(row) };
}

export function getAttachment(db: Db, id: number): AttachmentRow | null {
  return db.select().from(attachments).where(eq(attachments.id, id)).get() ?? null;
}

/** The stored bytes of an attachment, or null if the file is missing from the folder. */
export async function readAttachmentFile(row: AttachmentRow): Promise<Buffer | null> {
  if (!/^[0-9a-f]{64}$/.test(row.sha256)) return null;
  try {
    return await fs.readFile(path.join(folder(), row.sha256));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** An attachment row and its bytes, for the download route. */
export async function attachmentDownload(db: Db, id: number): Promise<{ row: AttachmentRow; bytes: Buffer } | null> {
  const row = getAttachment(db, id);
  if (!row) return null;
  const bytes = await readAttachmentFile(row);
  return bytes ? { row, bytes } : null;
}
