/**
 * Verification anyone can run (issue 6, H4): `npm run audit:verify` on a
 * JSON Lines export and its corruptions, `--head` / `--statement` for a
 * printed head, and verifyDatabase catching a chain rewritten (or cut) after
 * a published statement's recorded head.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "~db/connection";
import { publishedStatements } from "~db/schema";
import { hashEvent, type JsonObject } from "~/domain/audit-chain";
import { verifyDatabase, verifyJsonlFile } from "~/services/audit-verify.server";
import { ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { ensureDemoStatements } from "~/services/demo/statements.server";
import { maxSeq } from "../support/builders";
import { testDb } from "../support/db";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mingzhang-h4-"));
const db = testDb();
let lines: string[] = [];

type Row = { seq: number; at: string; actor: string; action: string; subject: string; data: string; prev: string; hash: string };
const allEvents = (d: Db) => d.$client.prepare("SELECT seq, at, actor, action, subject, data, prev, hash FROM audit_events ORDER BY seq").all() as Row[];

/** DESIGN.md §6 JSON Lines, written here from audit_events (not through the exporter, built at the same time). */
function toLine(r: Row): string {
  return JSON.stringify({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, data: JSON.parse(r.data) as JsonObject, prev: r.prev, hash: r.hash });
}

function write(name: string, content: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}
const writeLines = (name: string, list: string[]) => write(name, list.join("\n") + "\n");
const edited = (index: number, change: (event: Record<string, unknown>) => void) => {
  const copy = [...lines];
  const event = JSON.parse(copy[index]!) as Record<string, unknown>;
  change(event);
  copy[index] = JSON.stringify(event);
  return copy;
};

function cli(args: string[], databasePath = "/nonexistent/unused.db") {
  const result = spawnSync("node_modules/.bin/tsx", ["scripts/audit-verify.ts", ...args], {
    cwd: process.cwd(), env: { ...process.env, DATABASE_PATH: databasePath }, encoding: "utf8", timeout: 60_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

/** A copy of the demo database, its audit triggers dropped, to tamper with. */
function tamperableCopy(name: string): { copy: Db; file: string } {
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  const file = path.join(tmp, name);
  fs.copyFileSync(db.$client.name, file);
  const copy = openDatabase(file, { migrate: false });
  copy.$client.exec("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete");
  return { copy, file };
}

/** Deletes the events from `fromSeq` on and appends them again, changed by `change` and re-hashed: an internally valid chain. */
function rewriteFrom(copy: Db, fromSeq: number, change: (event: Row) => void): void {
  const tail = allEvents(copy).filter((e) => e.seq >= fromSeq);
  let prev = (copy.$client.prepare("SELECT hash FROM audit_events WHERE seq = ?").get(fromSeq - 1) as { hash: string }).hash;
  copy.$client.prepare("DELETE FROM audit_events WHERE seq >= ?").run(fromSeq);
  const insert = copy.$client.prepare("INSERT INTO audit_events (seq, at, actor, action, subject, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (const event of tail) {
    const next = { ...event, prev };
    change(next);
    next.hash = hashEvent({ ...next, data: JSON.parse(next.data) as JsonObject });
    insert.run(next.seq, next.at, next.actor, next.action, next.subject, next.data, next.prev, next.hash);
    prev = next.hash;
  }
}

const latestStatement = () => db.select().from(publishedStatements).orderBy(desc(publishedStatements.auditHeadSeq)).limit(1).get()!;

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
  await ensureDemoStatements(db);
  lines = allEvents(db).map(toLine);
}, 180_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("npm run audit:verify --file", () => {
  it("exits 0 on the demo's export, with its head", () => {
    const result = cli(["--file", writeLines("good.jsonl", lines)]);
    expect(result.out).toContain(`head: seq ${maxSeq(db)}`);
    expect(result.status).toBe(0);
  });

  it("exits 1 on a forged line (a changed field under the old hash), naming its seq", () => {
    const result = cli(["--file", writeLines("forged.jsonl", edited(40, (e) => { e.actor = "1"; }))]);
    expect(result.out).toContain("first bad seq: 41 [chain.hash_mismatch]");
    expect(result.status).toBe(1);
  });

  it("exits 2 on a file whose last line was cut in the middle: unreadable line N", () => {
    const content = lines.join("\n");
    const result = cli(["--file", write("cut.jsonl", content.slice(0, content.length - 30))]);
    expect(result.out).toContain(`unreadable line ${lines.length}`);
    expect(result.status).toBe(2);
  });

  it("exits 2 on an empty file: no events", async () => {
    const file = write("empty.jsonl", "");
    const result = cli(["--file", file]);
    expect(result.out).toContain("no events");
    expect(result.status).toBe(2);
    expect(await verifyJsonlFile(write("blank.jsonl", "\n\n"))).toMatchObject({ ok: false, problem: { code: "file.empty", unreadable: true } });
  });

  it("names the seq and the field of a line with an extra or a missing field", async () => {
    const extra = await verifyJsonlFile(writeLines("extra.jsonl", edited(9, (e) => { e.note = "ok"; })));
    expect(extra).toMatchObject({ ok: false, problem: { seq: 10, code: "chain.format" } });
    if (!extra.ok) expect(extra.problem.detail).toContain('seq 10 (line 10): unexpected field "note"');
    const missing = await verifyJsonlFile(writeLines("missing.jsonl", edited(11, (e) => { delete e.prev; })));
    expect(missing).toMatchObject({ ok: false, problem: { seq: 12, code: "chain.format" } });
    if (!missing.ok) expect(missing.problem.detail).toContain('missing field "prev"');
    expect(cli(["--file", path.join(tmp, "missing.jsonl")]).status).toBe(1);
  });

  it("refuses a float anywhere in data", async () => {
    const result = await verifyJsonlFile(writeLines("float.jsonl", edited(14, (e) => {
      (e.data as Record<string, unknown>).amountFen = 1050.5;
    })));
    expect(result).toMatchObject({ ok: false, problem: { seq: 15, code: "chain.format" } });
    if (!result.ok) expect(result.problem.detail).toContain("data.amountFen is not a safe integer: 1050.5");
  });

  it("names a gap and a repeated seq", async () => {
    const gap = await verifyJsonlFile(writeLines("gap.jsonl", lines.filter((_, i) => i !== 4)));
    expect(gap).toMatchObject({ ok: false, problem: { seq: 6, code: "chain.seq_gap" } });
    if (!gap.ok) expect(gap.problem.detail).toContain("seq 5 is missing");
    const repeated = await verifyJsonlFile(writeLines("repeat.jsonl", [...lines.slice(0, 5), lines[4]!, ...lines.slice(5)]));
    expect(repeated).toMatchObject({ ok: false, problem: { seq: 5, code: "chain.seq_gap" } });
    if (!repeated.ok) expect(repeated.problem.detail).toContain("seq 5 is repeated (line 6)");
  });

  it("--head SEQ:HASH: 0 when the export holds that head, 1 when it differs or the file ends before it, 2 when malformed", () => {
    const statement = latestStatement();
    const file = path.join(tmp, "good.jsonl");
    const found = cli(["--file", file, "--head", `${statement.auditHeadSeq}:${statement.auditHeadHash.toUpperCase()}`]);
    expect(found.out).toContain("witnessed heads found in the chain: 1");
    expect(found.status).toBe(0);
    const wrong = cli(["--file", file, "--head", `${statement.auditHeadSeq}:${"a".repeat(64)}`]);
    expect(wrong.out).toContain(`first bad seq: ${statement.auditHeadSeq} [heads.mismatch]`);
    expect(wrong.status).toBe(1);
    const cut = cli(["--file", writeLines("short.jsonl", lines.slice(0, statement.auditHeadSeq - 1)), "--head", `${statement.auditHeadSeq}:${statement.auditHeadHash}`]);
    expect(cut.out).toContain(`the chain ends at #${statement.auditHeadSeq - 1}`);
    expect(cut.status).toBe(1);
    expect(cli(["--file", file, "--head", "12:abc"]).status).toBe(2);
  });

  it("--statement takes the head from a published snapshot and prints the statement's hash", () => {
    const statement = latestStatement();
    const snapshotFile = write("statement.json", statement.snapshot);
    const result = cli(["--file", path.join(tmp, "good.jsonl"), "--statement", snapshotFile]);
    expect(result.out).toContain(`hash ${statement.hash}`);
    expect(result.status).toBe(0);
  });
});

describe("verifyDatabase and published heads", () => {
  it("finds the demo with its published statements intact", () => {
    expect(verifyDatabase(db).ok).toBe(true);
  });

  it("fails at the latest published head when the chain was rewritten and re-hashed from it, naming the statement", async () => {
    const statement = latestStatement();
    const head = statement.auditHeadSeq;
    const { copy, file } = tamperableCopy("rewritten.db");
    rewriteFrom(copy, head, (e) => { if (e.seq === head) e.actor = "system"; });
    const result = verifyDatabase(copy);
    expect(result).toMatchObject({ ok: false, problem: { seq: head, code: "heads.mismatch", table: "published_statements", key: String(statement.id) } });
    if (!result.ok) expect(result.problem.detail).toContain(`statement ${statement.period} r${statement.revision} records head #${head} ${statement.auditHeadHash.slice(0, 12)}`);
    // The chain alone is whole (its export verifies): only the witnessed head gives it away.
    expect(await verifyJsonlFile(writeLines("rewritten.jsonl", allEvents(copy).map(toLine)))).toMatchObject({ ok: true });
    const viaCli = cli([], file);
    expect(viaCli.out).toContain(`first bad seq: ${head} [heads.mismatch]`);
    expect(viaCli.out).toContain(`(published_statements ${statement.id})`);
    expect(viaCli.status).toBe(1);
    copy.$client.close();
  });

  it("reports the head before a later break in the chain, and a cut chain at the head it lost", () => {
    const statement = latestStatement();
    const head = statement.auditHeadSeq;
    const { copy } = tamperableCopy("rewritten-broken.db");
    rewriteFrom(copy, head, (e) => { if (e.seq === head) e.actor = "system"; });
    copy.$client.prepare("UPDATE audit_events SET actor = '42' WHERE seq = (SELECT max(seq) FROM audit_events)").run();
    expect(verifyDatabase(copy)).toMatchObject({ ok: false, problem: { seq: head, code: "heads.mismatch" } });
    copy.$client.close();

    const { copy: cut } = tamperableCopy("cut.db");
    cut.$client.prepare("DELETE FROM audit_events WHERE seq >= ?").run(head);
    const result = verifyDatabase(cut);
    expect(result).toMatchObject({ ok: false, problem: { seq: head, code: "heads.mismatch", key: String(statement.id) } });
    if (!result.ok) expect(result.problem.detail).toContain(`the chain ends at #${head - 1}`);
    cut.$client.close();
  });

  it("catches a published snapshot changed behind the app's back (rows against events)", () => {
    const statement = latestStatement();
    const { copy } = tamperableCopy("snapshot.db");
    copy.$client.exec("DROP TRIGGER published_statements_no_update");
    copy.$client.prepare("UPDATE published_statements SET snapshot = replace(snapshot, '\"revision\":1', '\"revision\":7') WHERE id = ?").run(statement.id);
    const result = verifyDatabase(copy);
    expect(result).toMatchObject({ ok: false, problem: { seq: statement.auditSeq, code: "rows.content_mismatch" } });
    if (!result.ok) expect(result.problem.detail).toContain(`published_statements row ${statement.id}`);
    copy.$client.close();
  });
});
