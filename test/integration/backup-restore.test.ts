import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { attachmentsDir, openDatabase, type Db } from "~db/connection";
import { env } from "~/env.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import { backup, BackupRefused, restore, type BackupManifest } from "~/services/backup.server";
import { storeAttachmentFile } from "~/services/attachments.server";
import { recordIncome } from "~/services/income/income.server";
import { buildSmallCommunity } from "../support/builders";
import { testDb } from "../support/db";
import { pay, runQuarter, setRates } from "../support/billing";
import { FILES } from "../support/income";

/**
 * Backup and restore (issue 9 §5): the round trip gives the same ledger,
 * attachments and chain head; a backup that does not verify is refused, and
 * so is replacing a longer chain unless told to discard it (kept beside).
 */
const db = testDb();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "mingzhang-backup-"));
let manifest: BackupManifest;
let ledgerAtBackup: unknown;
let unitId = 0;

/** What the ledger says: every posting, in order. */
function ledgerOf(database: Db) {
  return database.$client.prepare("SELECT entry_id, line_no, book, account_code, amount_fen, audit_seq FROM postings ORDER BY id").all();
}

function headOf(database: Db) {
  return database.$client.prepare("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof BackupRefused) return error.message;
    throw error;
  }
  throw new Error("not refused");
}

beforeAll(async () => {
  const world = await buildSmallCommunity(db);
  unitId = world.unitA.id;
  setRates(db, { residential: "2.8500", commercial: "4.5000" });
  runQuarter(db, "2026-01", "2026-01-05", "2026-01-31");
  pay(db, { unitId, amountFen: 10_000 });
  const attachment = await storeAttachmentFile(FILES.pdf(), "receipt.pdf");
  recordIncome(db, {
    kind: "interest", receivedOn: "2026-02-21", amountFen: 1_234, book: "public_revenue", counterparty: "开户银行", counterpartyIsPerson: false,
    reference: "结息单", attachment,
  }, "manager-test");
  manifest = await backup(env().DATABASE_PATH, path.join(work, "full"));
  ledgerAtBackup = ledgerOf(db);
});

describe("npm run backup / npm run restore", () => {
  it("backs up while the app writes, and restores the same ledger, attachments and chain head", () => {
    expect(manifest.head).toEqual(headOf(db));
    expect(manifest.attachments).toHaveLength(1);
    // The app goes on writing after the backup: the backup keeps the state it took.
    pay(db, { unitId, amountFen: 500, reference: "after backup" });

    const target = path.join(work, "restored", "mingzhang.db");
    const outcome = restore(path.join(work, "full"), target);
    expect(outcome).toEqual({ head: manifest.head, replaced: null });
    const restored = openDatabase(target, { migrate: false });
    expect(headOf(restored)).toEqual(manifest.head);
    expect(ledgerOf(restored)).toEqual(ledgerAtBackup);
    expect(verifyDatabase(restored).ok).toBe(true);
    restored.$client.close();
    const sha = manifest.attachments[0]!.sha256;
    expect(fs.readFileSync(path.join(attachmentsDir(target), sha))).toEqual(fs.readFileSync(path.join(attachmentsDir(env().DATABASE_PATH), sha)));
  });

  it("refuses to replace a longer chain unless told --discard-newer, and then keeps the replaced file", async () => {
    const target = path.join(work, "newer", "mingzhang.db");
    fs.mkdirSync(path.dirname(target), { recursive: true });
    await db.$client.backup(target);
    const newer = openDatabase(target, { migrate: false });
    const longer = headOf(newer);
    newer.$client.close();
    expect(longer.seq).toBeGreaterThan(manifest.head.seq);
    const before = fs.readFileSync(target);

    expect(refusal(() => restore(path.join(work, "full"), target))).toMatch(/longer than the backup's/);
    expect(fs.readFileSync(target)).toEqual(before);

    const outcome = restore(path.join(work, "full"), target, { discardNewer: true });
    expect(outcome.replaced).not.toBeNull();
    expect(fs.readFileSync(outcome.replaced!)).toEqual(before);
    const restored = openDatabase(target, { migrate: false });
    expect(headOf(restored)).toEqual(manifest.head);
    restored.$client.close();
  });

  it("refuses a backup whose chain does not verify, one cut short, and one with an altered file", () => {
    const copy = (name: string) => {
      const dir = path.join(work, name);
      fs.cpSync(path.join(work, "full"), dir, { recursive: true });
      return dir;
    };
    const target = path.join(work, "never", "mingzhang.db");

    // A posting changed behind the triggers' back, the manifest made to match the file: the chain check refuses it.
    const tampered = copy("tampered");
    const file = path.join(tampered, "mingzhang.db");
    const raw = openDatabase(file, { migrate: false });
    raw.$client.exec("DROP TRIGGER postings_no_update; UPDATE postings SET amount_fen = amount_fen + 1 WHERE id = (SELECT max(id) FROM postings)");
    raw.$client.pragma("wal_checkpoint(TRUNCATE)");
    raw.$client.close();
    const edited = JSON.parse(fs.readFileSync(path.join(tampered, "manifest.json"), "utf8")) as BackupManifest;
    edited.database.sha256 = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    fs.writeFileSync(path.join(tampered, "manifest.json"), JSON.stringify(edited));
    expect(refusal(() => restore(tampered, target))).toMatch(/does not verify/);

    const cut = copy("cut");
    fs.rmSync(path.join(cut, "manifest.json"));
    expect(refusal(() => restore(cut, target))).toMatch(/not a complete backup/);

    const altered = copy("altered");
    fs.appendFileSync(path.join(altered, "attachments", manifest.attachments[0]!.sha256), "x");
    expect(refusal(() => restore(altered, target))).toMatch(/missing or altered/);

    expect(fs.existsSync(target)).toBe(false);
  });
});
