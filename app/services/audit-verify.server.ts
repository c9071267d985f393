import fs from "node:fs";
import readline from "node:readline";
import type { Db } from "~db/connection";
import { canonicalJson, ChainVerifier, type ChainHead, type ChainProblem, type JsonObject } from "~/domain/audit-chain";
import { historyTables, type HistoryTable } from "./audit-rows.server";

export type VerifyProblem = { seq: number | null; code: string; detail: string };
export type VerifyResult =
  | { ok: true; head: ChainHead | null; eventCount: number; rowCount: number }
  | { ok: false; problem: VerifyProblem };

function describeChainProblem(problem: ChainProblem, line?: number): VerifyProblem {
  const where = line === undefined ? "" : ` (line ${line})`;
  const detail: Record<ChainProblem["code"], string> = {
    format: `malformed event${where}: ${"detail" in problem ? problem.detail : ""}`,
    seq_gap: `seq ${problem.seq} follows ${"expected" in problem ? problem.expected - 1 : "?"}: a gap or reordering${where}`,
    prev_mismatch: `prev of seq ${problem.seq} is not the hash of the event before it${where}`,
    hash_mismatch: `hash of seq ${problem.seq} does not match its content${where}`,
    at_decreasing: `at of seq ${problem.seq} is earlier than the event before it${where}`,
  };
  return { seq: problem.seq, code: `chain.${problem.code}`, detail: detail[problem.code] };
}

/**
 * Verifies a database: the chain itself, then every history row against the
 * event that last wrote it — same content, no row without an event, no event
 * naming a row that is gone (DESIGN.md §6).
 */
export function verifyDatabase(db: Db): VerifyResult {
  const verifier = new ChainVerifier();
  // Latest claim per row: the event seq and the row's canonical content in it.
  const claims = new Map<string, { seq: number; content: string }>();
  let eventCount = 0;
  const iterator = db.$client.prepare("SELECT seq, at, actor, action, subject, data, prev, hash FROM audit_events ORDER BY seq").iterate();
  for (const raw of iterator as Iterable<{ data: string } & Record<string, unknown>>) {
    let data: JsonObject;
    try {
      data = JSON.parse(raw.data) as JsonObject;
    } catch {
      return { ok: false, problem: { seq: raw.seq as number, code: "chain.format", detail: `data of seq ${String(raw.seq)} is not JSON` } };
    }
    const problem = verifier.push({ ...raw, data });
    if (problem) return { ok: false, problem: describeChainProblem(problem) };
    eventCount++;
    const rows = (data.rows ?? {}) as Record<string, JsonObject[]>;
    for (const [table, list] of Object.entries(rows)) {
      for (const row of list) claims.set(`${table}:${String(row.id ?? row.code)}`, { seq: raw.seq as number, content: canonicalJson(row) });
    }
  }

  const problems: VerifyProblem[] = [];
  let rowCount = 0;
  for (const table of Object.keys(historyTables) as HistoryTable[]) {
    const def = historyTables[table] as unknown as { table: never; view: (row: unknown) => JsonObject; key: (row: unknown) => string };
    for (const row of db.select().from(def.table).all() as { auditSeq: number }[]) {
      rowCount++;
      const id = def.key(row);
      const key = `${table}:${id}`;
      const claim = claims.get(key);
      claims.delete(key);
      if (!claim) {
        problems.push({ seq: row.auditSeq, code: "rows.no_event", detail: `${table} row ${id} was written by no event` });
      } else if (claim.seq !== row.auditSeq) {
        problems.push({ seq: claim.seq, code: "rows.seq_mismatch", detail: `${table} row ${id} names seq ${row.auditSeq}, but seq ${claim.seq} wrote it last` });
      } else if (canonicalJson(def.view(row)) !== claim.content) {
        problems.push({ seq: claim.seq, code: "rows.content_mismatch", detail: `${table} row ${id} differs from what seq ${claim.seq} recorded` });
      }
    }
  }
  for (const [key, claim] of claims) {
    problems.push({ seq: claim.seq, code: "rows.missing", detail: `${key.replace(":", " row ")} recorded by seq ${claim.seq} is missing` });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    return { ok: false, problem: problems[0]! };
  }
  return { ok: true, head: verifier.head, eventCount, rowCount };
}

/** Verifies a JSON Lines export (DESIGN.md §6) line by line, in constant memory. */
export async function verifyJsonlFile(filePath: string): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  const lines = readline.createInterface({ input: fs.createReadStream(filePath, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNumber = 0;
  let eventCount = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      return { ok: false, problem: { seq: null, code: "chain.format", detail: `line ${lineNumber} is not JSON` } };
    }
    const problem = verifier.push(event);
    if (problem) return { ok: false, problem: describeChainProblem(problem, lineNumber) };
    eventCount++;
  }
  return { ok: true, head: verifier.head, eventCount, rowCount: 0 };
}
