/**
 * verifyStatements and `npm run statements:verify`: a published statement
 * recomputes to its snapshot; a posting altered directly in the database, or a
 * tampered snapshot, is named.
 */
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { verifyStatements } from "~/services/statements/verify.server";
import { testDb } from "../support/db";
import { publishPeriod } from "../support/statements";

const db = testDb();

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
}, 180_000);

function runScript(...args: string[]) {
  const file = db.$client.name;
  return spawnSync("npx", ["tsx", "scripts/statements-verify.ts", ...args], { env: { ...process.env, DATABASE_PATH: file }, encoding: "utf8", timeout: 60_000 });
}

describe("statements verification", () => {
  it("verifies published revisions, and the script says so", () => {
    publishPeriod(db, "2025Q1");
    publishPeriod(db, "2025Q2");
    expect(verifyStatements(db)).toEqual({ ok: true, checked: 2, problems: [] });
    const run = runScript();
    expect(run.stdout).toContain("2 statements verified");
    expect(run.status).toBe(0);
  }, 60_000);

  it("names the first differing figure after a posting is altered directly in the database", () => {
    const entry = db.$client.prepare(`
      SELECT p.entry_id AS entryId FROM postings p JOIN journal_entries e ON e.id = p.entry_id
      WHERE e.business_date BETWEEN '2025-02-01' AND '2025-02-28' AND p.book = 'cogoverned' AND p.account_code = '1002' AND p.amount_fen > 0
      AND (SELECT count(*) FROM postings q WHERE q.entry_id = p.entry_id) = 2 LIMIT 1`).get() as { entryId: number };
    db.$client.exec("DROP TRIGGER postings_no_update");
    // Both postings move by 100 fen, so the entry still balances: only the figures tell.
    const alter = (delta: number) => db.$client.prepare("UPDATE postings SET amount_fen = amount_fen + (CASE WHEN account_code = '1002' THEN ? ELSE -? END) WHERE entry_id = ?").run(delta, delta, entry.entryId);
    alter(100);
    const result = verifyStatements(db);
    expect(result.ok).toBe(false);
    const q1 = result.problems.find((p) => p.period === "2025Q1" && p.code === "figuresDiffer")!;
    expect(q1.detail).toMatch(/^books\.cogoverned\.[a-zA-Z]+.*: -?\d+ ≠ -?\d+/);
    const run = runScript("--json");
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false });
    alter(-100);
    expect(verifyStatements(db).ok).toBe(true);
  }, 60_000);

  it("reports a tampered snapshot text as a hash mismatch", () => {
    db.$client.exec("DROP TRIGGER published_statements_no_update");
    const row = db.$client.prepare("SELECT id, snapshot FROM published_statements ORDER BY id LIMIT 1").get() as { id: number; snapshot: string };
    db.$client.prepare("UPDATE published_statements SET snapshot = ? WHERE id = ?").run(row.snapshot.replace("工作情况汇报", "工作情况汇报（改）"), row.id);
    const codes = verifyStatements(db).problems.filter((p) => p.publishedId === row.id).map((p) => p.code);
    expect(codes).toContain("hashMismatch");
  });

  it("exits 2 when the database cannot be opened", () => {
    const run = spawnSync("npx", ["tsx", "scripts/statements-verify.ts"], { env: { ...process.env, DATABASE_PATH: "/nonexistent/x.db" }, encoding: "utf8", timeout: 60_000 });
    expect(run.status).toBe(2);
  }, 60_000);
});
