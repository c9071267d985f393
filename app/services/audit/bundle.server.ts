/**
 * The audit bundle (issue 6): one zip an auditor takes away and verifies
 * with public tools only — the audit chain as JSON Lines, the ledger as a
 * journal, every published statement's exact bytes, a manifest of every
 * attachment (and the files, when asked), two dependency-free verifiers, a
 * README saying how, and SHA256SUMS of all of it.
 *
 * Constant memory: entries are produced one after the other into a hashing
 * pass-through that yazl consumes as it zips, so each file's SHA-256 is known
 * when its last byte has gone by and SHA256SUMS can be written last. Tables
 * are read a page at a time (never an open iterator across an await: that
 * would refuse every write on a shared connection).
 *
 * Consistency without one long transaction: the statements and attachments
 * are written first, then the chain, whose head can only be later — so every
 * head a statement recorded is inside audit.jsonl.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PassThrough, Readable, Transform, type TransformCallback, type Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import yazl from "yazl";
import { attachmentsDir as attachmentsDirOf, type Db } from "~db/connection";
import { addDays, shanghaiDate } from "~/domain/calendar";
import { parsePeriod } from "~/domain/statements/snapshot";
import { env } from "~/env.server";
import { eventBySeq } from "../audit.server";
import { exportLedger } from "../ledger/export.server";
import { listPublished } from "../statements/published.server";
import { bundleReadme, VERIFY_CHAIN_MJS, VERIFY_STATEMENTS_MJS, type ReadmeFacts } from "./bundle-readme";
import { exportAudit } from "./export.server";

export interface BundleOptions {
  withAttachments: boolean;
  /** Where the attachment files are (attachmentsDir(DATABASE_PATH)). */
  attachmentsDir: string;
  /** The zip's file name, quoted in the README's unzip step; default mingzhang-audit-<date>.zip. */
  zipName?: string;
  now?: Date;
}

export type BundleProgress = (done: number, total: number) => void;

export const STATEMENT_INDEX_COLUMNS = [
  "period", "revision", "hash", "published_at", "audit_head_seq", "audit_head_hash", "previous_hash", "supersedes_hash",
] as const;
export const MANIFEST_COLUMNS = ["id", "sha256", "size_bytes", "mime", "filename", "uploaded_by", "audit_seq", "file"] as const;
const SHA256 = /^[0-9a-f]{64}$/;
const PAGE_ROWS = 1_000;

/** The download's default name: mingzhang-audit-2026-11-21.zip (the Shanghai date). */
export function bundleFileName(now: Date): string {
  return `mingzhang-audit-${shanghaiDate(now)}.zip`;
}

/** Passes bytes through unchanged, hashing them on the way. */
class HashingPassThrough extends Transform {
  private readonly hash = createHash("sha256");
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    callback(null, chunk);
  }
  digest(): string {
    return this.hash.digest("hex");
  }
}

/** RFC 4180 cell: quoted when it holds a comma, a quote or a line break. */
function csvCell(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
const csvLine = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(",")}\n`;

/** Writes text, waiting for the stream to drain when it asks to. */
async function writeText(out: Writable, text: string): Promise<void> {
  if (!out.write(text, "utf8")) await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => { out.off("drain", done); out.off("error", done); if (error) reject(error); else resolve(); };
    out.on("drain", done);
    out.on("error", done);
  });
}

/** A zip whose entries are added one at a time and hashed for SHA256SUMS. */
class BundleZip {
  private readonly zip = new yazl.ZipFile();
  private readonly sums: string[] = [];
  private current: HashingPassThrough | null = null;
  private failure: Error | null = null;
  readonly written: Promise<void>;

  constructor(out: Writable, private readonly mtime: Date) {
    this.written = pipeline(this.zip.outputStream as unknown as Readable, out);
    this.written.catch((error: Error) => {
      this.failure = error;
      this.current?.destroy(error);
    });
  }

  get files(): number {
    return this.sums.length;
  }

  /** An entry whose bytes `produce` writes (it must not end the stream). */
  async stream(name: string, produce: (into: Writable) => Promise<void>, compress = true): Promise<void> {
    if (this.failure) throw this.failure;
    const hasher = new HashingPassThrough();
    this.current = hasher;
    this.zip.addReadStream(hasher, name, { mtime: this.mtime, compress });
    await produce(hasher);
    hasher.end();
    await finished(hasher);
    this.current = null;
    this.sums.push(`${hasher.digest()}  ${name}\n`);
  }

  /** A small entry held in memory. */
  buffer(name: string, bytes: Buffer): void {
    this.zip.addBuffer(bytes, name, { mtime: this.mtime });
    this.sums.push(`${createHash("sha256").update(bytes).digest("hex")}  ${name}\n`);
  }

  /** Adds SHA256SUMS (every entry but itself) and ends the zip. */
  async end(): Promise<void> {
    const sums = Buffer.from(this.sums.join(""), "utf8");
    this.zip.addBuffer(sums, "SHA256SUMS", { mtime: this.mtime });
    this.sums.push("SHA256SUMS");
    this.zip.end();
    await this.written;
  }
}

interface AttachmentRow { id: number; sha256: string; filename: string; mime: string; sizeBytes: number; uploadedBy: string; auditSeq: number }

function attachmentPages(db: Db): Iterable<AttachmentRow[]> {
  const page = db.$client.prepare(`SELECT id, sha256, filename, mime, size_bytes AS sizeBytes, uploaded_by AS uploadedBy, audit_seq AS auditSeq
    FROM attachments WHERE id > ? AND id <= ? ORDER BY id LIMIT ${PAGE_ROWS}`);
  const maxId = (db.$client.prepare("SELECT coalesce(max(id), 0) AS n FROM attachments").get() as { n: number }).n;
  return {
    *[Symbol.iterator]() {
      let last = 0;
      for (;;) {
        const rows = page.all(last, maxId) as AttachmentRow[];
        if (rows.length === 0) return;
        yield rows;
        last = rows[rows.length - 1]!.id;
      }
    },
  };
}

/** The distinct stored files (by SHA-256) of the attachment rows up to `maxId`, a page at a time. */
function* distinctFiles(db: Db, maxId: number): Generator<string> {
  const page = db.$client.prepare(`SELECT DISTINCT sha256 FROM attachments WHERE sha256 > ? AND id <= ? ORDER BY sha256 LIMIT ${PAGE_ROWS}`);
  let last = "";
  for (;;) {
    const rows = page.all(last, maxId) as { sha256: string }[];
    if (rows.length === 0) return;
    for (const row of rows) yield row.sha256;
    last = rows[rows.length - 1]!.sha256;
  }
}

function fileOnDisk(dir: string, sha256: string): string | null {
  if (!SHA256.test(sha256)) return null;
  const file = path.join(dir, sha256);
  return fs.existsSync(file) ? file : null;
}

/** Writes the manifest and returns how many rows, and the last attachment id it covered. */
async function writeManifest(db: Db, into: Writable, options: BundleOptions): Promise<{ rows: number; maxId: number }> {
  let rows = 0;
  let maxId = 0;
  await writeText(into, csvLine([...MANIFEST_COLUMNS]));
  for (const page of attachmentPages(db)) {
    const lines = page.map((a) => {
      const file = !options.withAttachments ? "" : fileOnDisk(options.attachmentsDir, a.sha256) ? `attachments/${a.sha256}` : "missing";
      return csvLine([a.id, a.sha256, a.sizeBytes, a.mime, a.filename, a.uploadedBy, a.auditSeq, file]);
    });
    await writeText(into, lines.join(""));
    rows += page.length;
    maxId = page[page.length - 1]!.id;
  }
  return { rows, maxId };
}

/** The statement files and their index; returns the facts the README quotes. */
function addStatements(db: Db, zip: BundleZip): { count: number; quarter: ReadmeFacts["quarter"] } {
  const rows = listPublished(db).sort((a, b) => a.id - b.id);
  const index = [csvLine([...STATEMENT_INDEX_COLUMNS])];
  let quarter: ReadmeFacts["quarter"] = null;
  let latest: (typeof rows)[number] | null = null;
  for (const row of rows) {
    const file = `statements/${row.period}-r${row.revision}.json`;
    zip.buffer(file, Buffer.from(row.snapshot, "utf8"));
    index.push(csvLine([row.period, row.revision, row.hash, row.publishedAt, row.auditHeadSeq, row.auditHeadHash, row.previousHash, row.supersedesHash]));
    const isLater = !latest || row.period > latest.period || (row.period === latest.period && row.revision > latest.revision);
    if (row.periodKind === "quarter" && isLater) latest = row;
  }
  zip.buffer("statements/index.csv", Buffer.from(index.join(""), "utf8"));
  const period = latest ? parsePeriod(latest.period) : null;
  if (latest && period) quarter = { file: `statements/${latest.period}-r${latest.revision}.json`, period: latest.period, dayAfterEnd: addDays(period.endDate, 1) };
  return { count: rows.length, quarter };
}

function postingCount(db: Db): number {
  return (db.$client.prepare("SELECT count(*) AS n FROM postings").get() as { n: number }).n;
}

/**
 * Writes the bundle as a zip to `out` and ends it. `files` counts the zip's
 * entries (SHA256SUMS included), `events` the audit events in audit.jsonl.
 * On failure `out` is destroyed with the error and the promise rejects.
 */
export async function writeBundle(db: Db, out: Writable, options: BundleOptions, onProgress?: BundleProgress): Promise<{ files: number; events: number }> {
  const now = options.now ?? new Date();
  const generatedAt = now.toISOString();
  const zip = new BundleZip(out, now);
  try {
    const statements = addStatements(db, zip);
    let manifest = { rows: 0, maxId: 0 };
    await zip.stream("attachments/MANIFEST.csv", async (into) => { manifest = await writeManifest(db, into, options); });
    if (options.withAttachments) {
      for (const sha256 of distinctFiles(db, manifest.maxId)) {
        const file = fileOnDisk(options.attachmentsDir, sha256);
        if (!file) continue; // listed as "missing" in the manifest
        await zip.stream(`attachments/${sha256}`, (into) => pipeline(fs.createReadStream(file), into, { end: false }), false);
      }
    }
    const postings = postingCount(db);
    let eventsTotal = 0;
    let events = 0;
    await zip.stream("audit.jsonl", async (into) => {
      ({ events } = await exportAudit(db, into, { format: "jsonl" }, (done, total) => {
        eventsTotal = total;
        onProgress?.(done, total + postings);
      }));
    });
    await zip.stream("ledger.journal", async (into) => {
      await exportLedger(db, into, { format: "journal", generatedAt }, (done) => onProgress?.(eventsTotal + done, eventsTotal + postings));
    });
    const headEvent = events > 0 ? eventBySeq(db, events) : undefined;
    const readme = bundleReadme({
      zipName: options.zipName ?? bundleFileName(now),
      generatedAt,
      events,
      head: headEvent ? { seq: headEvent.seq, hash: headEvent.hash } : null,
      statements: statements.count,
      attachments: manifest.rows,
      withAttachments: options.withAttachments,
      quarter: statements.quarter,
    });
    zip.buffer("README.md", Buffer.from(readme, "utf8"));
    zip.buffer("verify-chain.mjs", Buffer.from(VERIFY_CHAIN_MJS, "utf8"));
    zip.buffer("verify-statements.mjs", Buffer.from(VERIFY_STATEMENTS_MJS, "utf8"));
    await zip.end();
    return { files: zip.files, events };
  } catch (error) {
    out.destroy(error as Error);
    throw error;
  }
}

/**
 * The download of GET /auditor/bundle: the zip streamed as it is written.
 * Every exporter reads a page at a time, so the app's connection stays free
 * for writes meanwhile. A failure half-way aborts the download.
 */
export function bundleDownload(db: Db, options: { withAttachments: boolean; now: Date }): { body: ReadableStream<Uint8Array>; filename: string } {
  const filename = bundleFileName(options.now);
  const body = new PassThrough();
  writeBundle(db, body, { withAttachments: options.withAttachments, attachmentsDir: attachmentsDirOf(env().DATABASE_PATH), zipName: filename, now: options.now })
    .catch(() => undefined); // `body` is destroyed with the error: the client sees the download fail
  return { body: Readable.toWeb(body) as ReadableStream<Uint8Array>, filename };
}
