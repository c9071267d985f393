import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~db/connection";
import { chainHead } from "~/services/audit.server";
import { verifyDatabase, verifyJsonlFile } from "~/services/audit-verify.server";
import { ensureDemoCommunity } from "~/services/demo.server";
import { buildSmallCommunity, freshDb, maxSeq } from "../support/builders";
import { testDb } from "../support/db";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mingzhang-verify-"));

/** The events as DESIGN.md §6's JSON Lines: seven fields plus hash, data as an object. */
function exportJsonl(db: Db): string[] {
  const rows = db.$client.prepare("SELECT seq, at, actor, action, subject, data, prev, hash FROM audit_events ORDER BY seq").all() as Record<string, unknown>[];
  return rows.map((r) => JSON.stringify({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, data: JSON.parse(r.data as string), prev: r.prev, hash: r.hash }));
}

function writeLines(name: string, lines: string[]): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

function snapshot(db: Db, name: string): string {
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  const file = path.join(tmp, name);
  fs.copyFileSync(db.$client.name, file);
  return file;
}

function cli(args: string[], databasePath: string) {
  const result = spawnSync("node_modules/.bin/tsx", ["scripts/audit-verify.ts", ...args], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_PATH: databasePath },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

async function tamperable() {
  const { db, path: file } = freshDb();
  const built = await buildSmallCommunity(db);
  expect(verifyDatabase(db).ok).toBe(true);
  return { db, file, ...built };
}

beforeAll(async () => {
  await ensureDemoCommunity(testDb());
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("verifyDatabase", () => {
  it("finds the demo intact, with head = the last seq", () => {
    const db = testDb();
    const result = verifyDatabase(db);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.head).toEqual(chainHead(db));
    expect(result.head!.seq).toBe(maxSeq(db));
    expect(result.eventCount).toBe(maxSeq(db));
    expect(result.rowCount).toBeGreaterThan(200);
  });

  it("(a) names the seq of an audit row whose data was changed", async () => {
    const { db } = await tamperable();
    db.$client.exec("DROP TRIGGER audit_events_no_update");
    const seq = 3;
    const data = JSON.parse((db.$client.prepare("SELECT data FROM audit_events WHERE seq = ?").get(seq) as { data: string }).data);
    data.rows.owners[0].kind = "developer";
    db.$client.prepare("UPDATE audit_events SET data = ? WHERE seq = ?").run(JSON.stringify(data), seq);
    const result = verifyDatabase(db);
    expect(result).toMatchObject({ ok: false, problem: { seq, code: "chain.hash_mismatch" } });
  });

  it("(b) names the audit_seq of a user row changed behind the app's back", async () => {
    const { db, ownerUser } = await tamperable();
    db.$client.prepare("UPDATE users SET display_name = '冒名者' WHERE id = ?").run(ownerUser.id);
    const result = verifyDatabase(db);
    expect(result).toMatchObject({ ok: false, problem: { seq: ownerUser.auditSeq, code: "rows.content_mismatch" } });
    if (!result.ok) expect(result.problem.detail).toContain(`users row ${ownerUser.id}`);
  });

  it("(c) reports a deleted unit row as missing", async () => {
    const { db, unitB } = await tamperable();
    db.$client.pragma("foreign_keys = OFF");
    db.$client.prepare("DELETE FROM units WHERE id = ?").run(unitB.id);
    db.$client.pragma("foreign_keys = ON");
    const result = verifyDatabase(db);
    expect(result).toMatchObject({ ok: false, problem: { seq: unitB.auditSeq, code: "rows.missing" } });
    if (!result.ok) expect(result.problem.detail).toContain(`units row ${unitB.id}`);
  });

  it("(d) reports a row pointing at an older event as seq_mismatch", async () => {
    const { db, unitA } = await tamperable();
    expect(unitA.auditSeq).toBeGreaterThan(1);
    db.$client.prepare("UPDATE units SET audit_seq = 1 WHERE id = ?").run(unitA.id);
    const result = verifyDatabase(db);
    expect(result).toMatchObject({ ok: false, problem: { seq: unitA.auditSeq, code: "rows.seq_mismatch" } });
  });
});

describe("verifyJsonlFile", () => {
  it("verifies an export written as DESIGN.md §6 JSON Lines, with the same head", async () => {
    const db = testDb();
    const file = writeLines("good.jsonl", exportJsonl(db));
    const result = await verifyJsonlFile(file);
    expect(result).toMatchObject({ ok: true, head: chainHead(db), eventCount: maxSeq(db) });
  });

  it("names the seq of a line whose actor was altered", async () => {
    const lines = exportJsonl(testDb());
    const target = 5;
    const event = JSON.parse(lines[target - 1]!);
    event.actor = "999";
    lines[target - 1] = JSON.stringify(event);
    const result = await verifyJsonlFile(writeLines("actor.jsonl", lines));
    expect(result).toMatchObject({ ok: false, problem: { seq: target, code: "chain.hash_mismatch" } });
  });

  it("reports a non-JSON line as chain.format", async () => {
    const lines = exportJsonl(testDb());
    lines[2] = "{ this is not json";
    const result = await verifyJsonlFile(writeLines("broken.jsonl", lines));
    expect(result).toMatchObject({ ok: false, problem: { code: "chain.format" } });
    if (!result.ok) expect(result.problem.detail).toContain("line 3");
  });
});

describe("npm run audit:verify (scripts/audit-verify.ts)", () => {
  it("exits 0 with the head when intact, 1 naming the first bad seq after tampering", async () => {
    const { db } = await tamperable();
    const head = maxSeq(db);
    const intact = cli([], snapshot(db, "intact.db"));
    expect(intact.out).toContain(`head: seq ${head}`);
    expect(intact.status).toBe(0);

    db.$client.exec("DROP TRIGGER audit_events_no_update");
    db.$client.prepare("UPDATE audit_events SET actor = '42' WHERE seq = 2").run();
    const tampered = cli([], snapshot(db, "tampered.db"));
    expect(tampered.out).toContain("first bad seq: 2");
    expect(tampered.status).toBe(1);
  });

  it("exits 0 on a good JSON Lines export and 1 on an altered one", () => {
    const lines = exportJsonl(testDb());
    const ok = cli(["--file", writeLines("cli-good.jsonl", lines)], "/nonexistent/unused.db");
    expect(ok.out).toContain(`head: seq ${lines.length}`);
    expect(ok.status).toBe(0);
    const event = JSON.parse(lines[6]!);
    event.subject = "user:999";
    lines[6] = JSON.stringify(event);
    const bad = cli(["--file", writeLines("cli-bad.jsonl", lines)], "/nonexistent/unused.db");
    expect(bad.out).toContain("first bad seq: 7");
    expect(bad.status).toBe(1);
  });

  it("exits 2 when the input cannot be read", () => {
    const missingFile = cli(["--file", "/nonexistent"], path.join(tmp, "whatever.db"));
    expect(missingFile.status).toBe(2);
    const missingDb = cli([], path.join(tmp, "no-such-dir", "missing.db"));
    expect(missingDb.status).toBe(2);
    expect(fs.existsSync(path.join(tmp, "no-such-dir", "missing.db"))).toBe(false);
  });
});
