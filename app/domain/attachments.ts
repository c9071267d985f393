/**
 * Evidence files: what we accept is decided by the bytes, never by the name
 * a person gave the file (an .exe renamed .pdf stays an .exe).
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The most files one form takes (the acceptance photos); the request-size limit leaves room for them. */
export const MAX_FILES_PER_FORM = 10;

export const ATTACHMENT_TYPES = [
  { mime: "application/pdf", extension: "pdf", magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mime: "image/jpeg", extension: "jpg", magic: [0xff, 0xd8, 0xff] },
  { mime: "image/png", extension: "png", magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
] as const;

export type AttachmentMime = (typeof ATTACHMENT_TYPES)[number]["mime"];

/** The type the content shows, or null when it is none of PDF, JPEG, PNG. */
export function detectAttachmentMime(bytes: Uint8Array): AttachmentMime | null {
  const found = ATTACHMENT_TYPES.find((type) => type.magic.every((byte, index) => bytes[index] === byte));
  return found?.mime ?? null;
}

export type AttachmentProblem = "income.errors.attachmentEmpty" | "income.errors.attachmentTooLarge" | "income.errors.attachmentType";

/** Why these bytes cannot be evidence, or null when they can. */
export function checkAttachment(bytes: Uint8Array): AttachmentProblem | null {
  if (bytes.length === 0) return "income.errors.attachmentEmpty";
  if (bytes.length > MAX_ATTACHMENT_BYTES) return "income.errors.attachmentTooLarge";
  if (!detectAttachmentMime(bytes)) return "income.errors.attachmentType";
  return null;
}

/**
 * A filename safe to store and to send back: no folders, no control or
 * reserved characters, at most 120 characters, with the extension of the
 * detected type (so a download never claims another type than it has).
 */
export function sanitizeFilename(name: string, mime: AttachmentMime): string {
  const extension = ATTACHMENT_TYPES.find((t) => t.mime === mime)!.extension;
  const base = (name.split(/[\\/]/).pop() ?? "")
    // eslint-disable-next-line no-control-regex -- control characters are exactly what we remove
    .replace(/[\u0000-\u001f\u007f<>:"|?*;]/g, "")
    .replace(/\.[^.]*$/, "")
    .replace(/^[.\s]+|[.\s]+$/g, "")
    .slice(0, 100);
  return `${base === "" ? "attachment" : base}.${extension}`;
}

/**
 * The name a download is saved under: made by the app from the row's id and
 * the detected type, never from what the uploader typed (the original,
 * sanitized name is kept in the row and shown as text only).
 */
export function downloadFilename(attachmentId: number, mime: string): string {
  const extension = ATTACHMENT_TYPES.find((t) => t.mime === mime)?.extension ?? "bin";
  return `mingzhang-${attachmentId}.${extension}`;
}

/** Content-Disposition for a download: an ASCII fallback and the RFC 5987 UTF-8 name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
