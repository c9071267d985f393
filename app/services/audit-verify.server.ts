import fs from "node:fs";
import readline from "node:readline";
import type { Db } from "~db/connection";
import { publishedStatements } from "~db/schema";
import { ChainVerifier, GENESIS_PREV, hashEvent, sha256Hex, type ChainedEvent, type ChainHead, type ChainProblem } from "~/domain/audit-chain";
import { RowsMerge } from "./audit/verify-rows.server";

/**
 * The first problem found. `table`/`key` name the row concerned (a published
 * statement whose recorded head is gone); `unreadable` marks an input that
 * could not be read as JSON Lines at all (the CLI exits 2 on it, 1 otherwise).
 */
export type VerifyProblem = { seq: number | null; code: string; detail: string; table?: string; key?: string; unreadable?: true };
export type VerifyResult =
  | { ok: true; head: ChainHead | null; eventCount: number; rowCount: number }
  | { ok: false; problem: VerifyProblem };

/** A head someone witnessed (a printed notice, `--head SEQ:HASH`): the event at `seq` must have `hash`. */
export interface ExpectedHead {
  seq: number;
  hash: string;
  /** Who recorded it, for the message: "statement 2026Q1 r1". */
  label?: string;
  table?: string;
  key?: string;
}

const EVENT_KEYS = ["seq", "at", "actor", "action", "subject", "data", "prev", "hash"];
const short = (hash: string) => `${hash.slice(0, 12)}…`;

function describeChainProblem(problem: ChainProblem, line?: number): VerifyProblem {
  const where = line === undefined ? "" : ` (line ${line})`;
  const gap = (p: { seq: number; expected: number }) =>
    p.seq === p.expected - 1 ? `seq ${p.seq} is repeated${where}`
      : p.seq > p.expected ? `seq ${p.seq} follows ${p.expected - 1}: a gap, seq ${p.expected} is missing${where}`
        : `seq ${p.seq} follows ${p.expected - 1}: out of order${where}`;
  const detail =
    problem.code === "format" ? `malformed event${problem.seq === null ? "" : ` seq ${problem.seq}`}${where}: ${problem.detail}`
      : problem.code === "seq_gap" ? gap(problem)
        : problem.code === "prev_mismatch" ? `prev of seq ${problem.seq} is not the hash of the event before it${where}`
          : problem.code === "hash_mismatch" ? `hash of seq ${problem.seq} does not match its content${where}`
            : `at of seq ${problem.seq} is earlier than the event before it${where}`;
  return { seq: problem.seq, code: `chain.${problem.code}`, detail };
}

/**
 * Checks witnessed heads while the chain is walked in order: `see` each
 * verified event, then `rest` for the heads beyond the chain's end (a chain
 * truncated after them). Problems come out in chain order.
 */
class HeadChecker {
  private readonly bySeq = new Map<number, ExpectedHead[]>();
  constructor(heads: readonly ExpectedHead[]) {
    for (const head of heads) this.bySeq.set(head.seq, [...(this.bySeq.get(head.seq) ?? []), head]);
  }

  see(seq: number, hash: string): VerifyProblem | null {
    const heads = this.bySeq.get(seq);
    if (!heads) return null;
    this.bySeq.delete(seq);
    const wrong = heads.find((h) => h.hash !== hash);
    return wrong ? headProblem(wrong, `the chain has ${short(hash)} at #${seq}`) : null;
  }

  rest(lastSeq: number): VerifyProblem[] {
    const ends = lastSeq === 0 ? "the chain is empty" : `the chain ends at #${lastSeq}`;
    return [...this.bySeq.keys()].sort((a, b) => a - b).map((seq) => headProblem(this.bySeq.get(seq)![0]!, ends));
  }
}

function headProblem(head: ExpectedHead, found: string): VerifyProblem {
  const who = head.label ?? "the witnessed head";
  return {
    seq: head.seq,
    code: "heads.mismatch",
    detail: `${who} records head #${head.seq} ${short(head.hash)}, ${found}`,
    ...(head.table ? { table: head.table } : {}),
    ...(head.key ? { key: head.key } : {}),
  };
}

/** The head every published statement recorded at publication (DESIGN.md §6): the printed notice witnesses it. */
export function publishedHeads(db: Db): ExpectedHead[] {
  return db.select({
    id: publishedStatements.id, period: publishedStatements.period, revision: publishedStatements.revision,
    seq: publishedStatements.auditHeadSeq, hash: publishedStatements.auditHeadHash,
  }).from(publishedStatements).all().map((row) => ({
    seq: row.seq, hash: row.hash, label: `statement ${row.period} r${row.revision}`, table: "published_statements", key: String(row.id),
  }));
}

/**
 * Verifies a database: the chain itself; that every published statement's
 * recorded head (and any `heads` given) is still in it; then every history
 * row against the event that last wrote it — same content, no row without an
 * event, no event naming a row that is gone (DESIGN.md §6). The problem
 * reported is the earliest in the chain: a chain rewritten and re-hashed
 * after a published head is internally consistent, and fails at that head.
 * One pass over the events, the tables merged in beside it (RowsMerge).
 */
export function verifyDatabase(db: Db, options: { heads?: readonly ExpectedHead[] } = {}): VerifyResult {
  const heads = new HeadChecker([...publishedHeads(db), ...(options.heads ?? [])]);
  const problems: VerifyProblem[] = [];
  const merge = new RowsMerge(db);
  let last: ChainHead & { at: string } | null = null;
  let eventCount = 0;
  const iterator = db.$client.prepare("SELECT seq, at, actor, action, subject, data, prev, hash FROM audit_events ORDER BY seq").iterate();
  for (const raw of iterator as Iterable<EventRow>) {
    let data: unknown;
    try {
      data = JSON.parse(raw.data);
    } catch {
      return firstOf(problems, { seq: raw.seq, code: "chain.format", detail: `data of seq ${String(raw.seq)} is not JSON` });
    }
    const problem = intactEvent(raw, data, last) ? null : eventProblem({ ...raw, data }, last);
    // A head problem found before the break is earlier in the chain: it wins.
    if (problem) return firstOf(problems, describeChainProblem(problem));
    last = { seq: raw.seq, hash: raw.hash, at: raw.at };
    const headProblem = heads.see(raw.seq, raw.hash);
    if (headProblem) problems.push(headProblem);
    eventCount++;
    merge.event(raw.seq, (data as { rows?: unknown }).rows);
  }
  problems.push(...heads.rest(last?.seq ?? 0));
  const rows = merge.finish();
  problems.push(...rows.problems);
  if (problems.length > 0) return firstOf(problems);
  return { ok: true, head: last ? { seq: last.seq, hash: last.hash } : null, eventCount, rowCount: rows.rowCount };
}

type EventRow = { seq: number; at: string; actor: string; action: string; subject: string; data: string; prev: string; hash: string };

/**
 * The fast proof that an event is intact, for the common case: the links,
 * the fields' formats, and the hash of the canonical text assembled around
 * the stored `data` text — which must itself be canonical (canonicalText).
 * False sends the event to eventProblem, the check by its definition, which
 * names the problem (or finds none: a `data` stored in another spelling).
 */
function intactEvent(raw: EventRow, data: unknown, last: { seq: number; hash: string; at: string } | null): boolean {
  if (raw.seq !== (last ? last.seq + 1 : 1) || raw.prev !== (last ? last.hash : GENESIS_PREV)) return false;
  if (typeof raw.at !== "string" || (last !== null && raw.at < last.at)) return false;
  if (typeof raw.data !== "string" || !canonicalText(raw.data, data)) return false;
  // The other fields' formats, by the domain's own check (a fresh verifier checks the format before the seq).
  if (new ChainVerifier().push({ ...raw, data: {} })?.code === "format") return false;
  // RFC 8785 orders the seven keys so; the strings come from SQLite (valid UTF-16) and seq is a safe integer.
  const text = `{"action":${JSON.stringify(raw.action)},"actor":${JSON.stringify(raw.actor)},"at":${JSON.stringify(raw.at)},"data":${raw.data},"prev":${JSON.stringify(raw.prev)},"seq":${raw.seq},"subject":${JSON.stringify(raw.subject)}}`;
  return sha256Hex(text) === raw.hash;
}

/**
 * What ChainVerifier would report for this event after `last`, in its order:
 * the format, the seq, prev, at, then the hash of the canonical JSON.
 */
function eventProblem(event: Record<string, unknown> & { seq: number; at: string; prev: string; hash: string }, last: { seq: number; hash: string; at: string } | null): ChainProblem | null {
  const format = new ChainVerifier().push(event);
  if (format?.code === "format") return format;
  const expected = last ? last.seq + 1 : 1;
  if (event.seq !== expected) return { code: "seq_gap", seq: event.seq, expected };
  if (event.prev !== (last ? last.hash : GENESIS_PREV)) return { code: "prev_mismatch", seq: event.seq };
  if (last && event.at < last.at) return { code: "at_decreasing", seq: event.seq };
  if (hashEvent(event as unknown as ChainedEvent) !== event.hash) return { code: "hash_mismatch", seq: event.seq };
  return null;
}

/**
 * Whether `text` is the RFC 8785 canonical JSON of `value` (= JSON.parse(text))
 * holding only what audit data may hold (DESIGN.md §6: no floats), without
 * re-serialising it key by key in JavaScript: JSON.stringify writes strings
 * and numbers exactly as RFC 8785 does, and writes an object's members in
 * their own order; so when it gives back `text` and every object's keys
 * already run in UTF-16 code-unit order, `text` is canonical. Two spellings
 * stringify differs on are sent to the slow path: a lone surrogate
 * (stringify escapes it as \udxxx, RFC 8785 refuses it) and a number that
 * is not a safe integer (refused by the chain's format).
 */
export function canonicalText(text: string, value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if (JSON.stringify(value) !== text) return false;
  if (text.includes("\\ud")) return false;
  return orderedIntegers(value);
}

function orderedIntegers(value: unknown): boolean {
  if (typeof value === "number") return Number.isSafeInteger(value);
  if (typeof value !== "object" || value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!orderedIntegers(item)) return false;
    return true;
  }
  let previous: string | null = null;
  for (const key in value) {
    if (previous !== null && !(previous < key)) return false;
    previous = key;
    if (!orderedIntegers((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** The earliest problem in the chain (stable: among equals, the first found). */
function firstOf(problems: VerifyProblem[], last?: VerifyProblem): { ok: false; problem: VerifyProblem } {
  const all = last ? [...problems, last] : problems;
  const sorted = [...all].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  return { ok: false, problem: sorted[0]! };
}

/** Names the extra or missing fields of a line, which the chain check would only list. */
function fieldProblem(event: unknown, line: number): VerifyProblem | null {
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    return { seq: null, code: "chain.format", detail: `line ${line} is not a JSON object` };
  }
  const keys = Object.keys(event);
  const extra = keys.filter((k) => !EVENT_KEYS.includes(k));
  const missing = EVENT_KEYS.filter((k) => !keys.includes(k));
  if (extra.length === 0 && missing.length === 0) return null;
  const seqValue = (event as { seq?: unknown }).seq;
  const seq = Number.isSafeInteger(seqValue) ? (seqValue as number) : null;
  const what = [
    extra.length > 0 ? `unexpected field${extra.length > 1 ? "s" : ""} ${extra.map((k) => `"${k}"`).join(", ")}` : "",
    missing.length > 0 ? `missing field${missing.length > 1 ? "s" : ""} ${missing.map((k) => `"${k}"`).join(", ")}` : "",
  ].filter(Boolean).join("; ");
  return { seq, code: "chain.format", detail: `malformed event${seq === null ? "" : ` seq ${seq}`} (line ${line}): ${what}` };
}

/**
 * Verifies a JSON Lines export (DESIGN.md §6) line by line, in constant
 * memory, and that it holds every head in `heads` (`--head SEQ:HASH`). A
 * line that is not JSON, or a file without events, is unreadable; valid JSON
 * that breaks the chain is a problem at its seq.
 */
export async function verifyJsonlFile(filePath: string, options: { heads?: readonly ExpectedHead[] } = {}): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  const heads = new HeadChecker(options.heads ?? []);
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
      lines.close();
      return { ok: false, problem: { seq: null, code: "chain.format", detail: `unreadable line ${lineNumber}: not JSON (a cut or damaged file?)`, unreadable: true } };
    }
    const problem = fieldProblem(event, lineNumber) ?? (() => {
      const found = verifier.push(event);
      return found ? describeChainProblem(found, lineNumber) : null;
    })();
    if (problem) {
      lines.close();
      return { ok: false, problem };
    }
    const { seq, hash } = event as { seq: number; hash: string };
    const headProblem = heads.see(seq, hash);
    if (headProblem) {
      lines.close();
      return { ok: false, problem: headProblem };
    }
    eventCount++;
  }
  if (eventCount === 0) return { ok: false, problem: { seq: null, code: "file.empty", detail: "no events: the file holds no lines", unreadable: true } };
  const missing = heads.rest(verifier.head?.seq ?? 0)[0];
  if (missing) return { ok: false, problem: missing };
  return { ok: true, head: verifier.head, eventCount, rowCount: 0 };
}
