/**
 * Backup and restore of one installation: the database file and its
 * attachments folder (DESIGN.md §3). A backup is a folder holding
 * `mingzhang.db` (SQLite's online backup: consistent while the app keeps
 * serving and writing), `attachments/` (the files the backup's attachment
 * rows name, each checked against its SHA-256 name) and `manifest.json`,
 * written last, so a backup cut short has no manifest and is never restored.
 *
 * A restore trusts nothing it reads: the backup's chain and every history row
 * must verify (verifyDatabase), its head must be the manifest's, every file
 * its hash. It refuses to replace a database whose chain is longer than the
 * backup's, or has a different event at the backup's head (history the
 * backup does not hold), unless told to discard it; the replaced file is
 * kept beside the database, never deleted.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { attachmentsDir, openDatabase } from "~db/connection";
import { verifyDatabase } from "./audit-verify.server";

export const BACKUP_FORMAT = "mingzhang-backup/1";
const DB_NAME = "mingzhang.db";
const SHA256_NAME = /^[0-9a-f]{64}$/;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  head: { seq: number; hash: string };
  database: { file: string; sha256: string; bytes: number };
  attachments: { sha256: string; bytes: number }[];
}

/** A refusal with the reason a person can act on (the CLI prints it and exits 1). */
export class BackupRefused extends Error {}

function sha256File(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function headOf(file: string): { seq: number; hash: string } {
  const db = openDatabase(file, { migrate: false });
  try {
    const row = db.$client.prepare("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string } | undefined;
    return row ?? { seq: 0, hash: "0".repeat(64) };
  } finally {
    db.$client.close();
  }
}

/** Backs up the database at `databasePath` (open, in use) into `outDir`, which must not exist or be empty. */
export async function backup(databasePath: string, outDir: string, now = new Date()): Promise<BackupManifest> {
  if (!fs.existsSync(databasePath)) throw new BackupRefused(`no database at ${databasePath}`);
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) throw new BackupRefused(`${outDir} is not empty`);
  fs.mkdirSync(path.join(outDir, "attachments"), { recursive: true });
  const source = openDatabase(databasePath, { migrate: false });
  const target = path.join(outDir, DB_NAME);
  try {
    await source.$client.backup(target);
  } finally {
    source.$client.close();
  }
  // The files the backed-up rows name (rows written after the backup began are not in it).
  const copy = openDatabase(target, { migrate: false });
  const names = (copy.$client.prepare("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256").pluck().all() as string[]);
  copy.$client.close();
  const from = attachmentsDir(databasePath);
  const attachments = names.map((sha256) => {
    const file = path.join(from, sha256);
    if (!fs.existsSync(file)) throw new BackupRefused(`attachment ${sha256} is missing from ${from}`);
    const bytes = fs.readFileSync(file);
    if (createHash("sha256").update(bytes).digest("hex") !== sha256) throw new BackupRefused(`attachment ${sha256} does not match its hash`);
    fs.writeFileSync(path.join(outDir, "attachments", sha256), bytes);
    return { sha256, bytes: bytes.length };
  });
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT, createdAt: now.toISOString(), head: headOf(target),
    database: { file: DB_NAME, sha256: sha256File(target), bytes: fs.statSync(target).size }, attachments,
  };
  fs.writeFileSync(path.join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function readManifest(fromDir: string): BackupManifest {
  const file = path.join(fromDir, "manifest.json");
  if (!fs.existsSync(file)) throw new BackupRefused(`${fromDir} has no manifest.json: not a complete backup`);
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new BackupRefused(`${file} is not a ${BACKUP_FORMAT} manifest`);
  return manifest;
}

/** Checks a backup folder completely; returns its manifest. */
export function checkBackup(fromDir: string): BackupManifest {
  const manifest = readManifest(fromDir);
  const dbFile = path.join(fromDir, manifest.database.file);
  if (!fs.existsSync(dbFile) || sha256File(dbFile) !== manifest.database.sha256) throw new BackupRefused(`${dbFile} is not the file the manifest describes`);
  for (const { sha256 } of manifest.attachments) {
    const file = path.join(fromDir, "attachments", sha256);
    if (!SHA256_NAME.test(sha256) || !fs.existsSync(file) || sha256File(file) !== sha256) throw new BackupRefused(`attachment ${sha256} is missing or altered`);
  }
  // Verify a scratch copy: opening a database may write to it (WAL), and the backup stays as it was.
  const scratch = path.join(fromDir, `.verify-${process.pid}.db`);
  fs.copyFileSync(dbFile, scratch);
  try {
    const db = openDatabase(scratch, { migrate: false });
    try {
      const result = verifyDatabase(db);
      if (!result.ok) throw new BackupRefused(`the backup's chain does not verify: ${result.problem.detail}`);
      const head = result.head ?? { seq: 0, hash: "0".repeat(64) };
      if (head.seq !== manifest.head.seq || head.hash !== manifest.head.hash) throw new BackupRefused("the backup's chain head is not the manifest's");
    } finally {
      db.$client.close();
    }
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${scratch}${suffix}`, { force: true });
  }
  return manifest;
}

export interface RestoreOutcome {
  head: { seq: number; hash: string };
  replaced: string | null; // where the database it replaced was kept
}

/** Restores `fromDir` to `databasePath` (the app stopped). */
export function restore(fromDir: string, databasePath: string, options: { discardNewer?: boolean; now?: Date } = {}): RestoreOutcome {
  const manifest = checkBackup(fromDir);
  let replaced: string | null = null;
  if (fs.existsSync(databasePath)) {
    const current = openDatabase(databasePath, { migrate: false });
    let atBackupHead: string | undefined;
    let currentSeq: number;
    try {
      currentSeq = (current.$client.prepare("SELECT coalesce(max(seq), 0) AS seq FROM audit_events").get() as { seq: number }).seq;
      atBackupHead = (current.$client.prepare("SELECT hash FROM audit_events WHERE seq = ?").pluck().get(manifest.head.seq) as string | undefined);
    } finally {
      current.$client.close();
    }
    const newer = currentSeq > manifest.head.seq;
    const forked = atBackupHead !== undefined && manifest.head.seq > 0 && atBackupHead !== manifest.head.hash;
    if ((newer || forked) && !options.discardNewer) {
      throw new BackupRefused(newer
        ? `the database's chain is longer than the backup's (seq ${currentSeq} > ${manifest.head.seq}): restoring would lose ${currentSeq - manifest.head.seq} events; add --discard-newer to replace it anyway (it is kept beside the database)`
        : `the database's event ${manifest.head.seq} differs from the backup's: it holds another history; add --discard-newer to replace it anyway`);
    }
    replaced = `${databasePath}.replaced-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(databasePath, replaced);
    for (const suffix of ["-wal", "-shm"]) if (fs.existsSync(`${databasePath}${suffix}`)) fs.renameSync(`${databasePath}${suffix}`, `${replaced}${suffix}`);
  }
  fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  fs.copyFileSync(path.join(fromDir, manifest.database.file), databasePath);
  const to = attachmentsDir(databasePath);
  fs.mkdirSync(to, { recursive: true });
  for (const { sha256 } of manifest.attachments) {
    const target = path.join(to, sha256);
    if (!fs.existsSync(target)) fs.copyFileSync(path.join(fromDir, "attachments", sha256), target);
  }
  return { head: manifest.head, replaced };
}
