/**
 * `npm run audit:verify [-- --file events.jsonl] [--head SEQ:HASH]... [--statement snapshot.json] [--json]`:
 * verifies the audit chain of the database at DATABASE_PATH (every history
 * row against the event that wrote it, and every published statement's
 * recorded head), or of a JSON Lines export (DESIGN.md §6).
 * `--head SEQ:HASH` (repeatable) also checks that the event at SEQ has HASH —
 * the head printed on a statement's notice; `--statement FILE` takes that
 * head from a published statement's snapshot (its canonical JSON).
 * Exit 0 and the head when intact; 1 naming the first problem; 2 when the
 * input cannot be read (no such file, a line that is not JSON, no events)
 * or the arguments are wrong.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import type { ExpectedHead } from "~/services/audit-verify.server";

const USAGE = "usage: npm run audit:verify [-- --file events.jsonl] [--head SEQ:HASH]... [--statement snapshot.json] [--json]";
const options = {
  file: { type: "string" },
  head: { type: "string", multiple: true },
  statement: { type: "string" },
  json: { type: "boolean" },
} as const;

class Unreadable extends Error {}

let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>>["values"];
try {
  parsed = parseArgs({ options }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

const { verifyDatabase, verifyJsonlFile } = await import("~/services/audit-verify.server");
const { canonicalJson, sha256Hex } = await import("~/domain/audit-chain");
type Result = Awaited<ReturnType<typeof verifyJsonlFile>>;
type Head = ExpectedHead;

function parseHead(text: string): Head {
  const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!match || Number(match[1]) < 1) throw new Unreadable(`--head ${text}: expected SEQ:HASH (a positive seq, a colon, 64 hex digits)\n${USAGE}`);
  return { seq: Number(match[1]), hash: match[2]!.toLowerCase(), label: `--head ${match[1]}` };
}

/** The head a published statement recorded, from its snapshot file; prints the statement's hash. */
function statementHead(file: string): Head {
  if (!fs.existsSync(file)) throw new Unreadable(`cannot read ${file}: no such file`);
  let snapshot: unknown;
  try {
    snapshot = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new Unreadable(`cannot read ${file}: not JSON`);
  }
  const head = (snapshot as { auditHead?: { seq?: unknown; hash?: unknown } } | null)?.auditHead;
  if (typeof head?.seq !== "number" || typeof head.hash !== "string") throw new Unreadable(`cannot read ${file}: not a statement snapshot (no auditHead)`);
  const hash = sha256Hex(canonicalJson(snapshot as never));
  if (!parsed.json) console.log(`statement: ${file} hash ${hash}`);
  return { ...parseHead(`${head.seq}:${head.hash}`), label: `statement ${hash.slice(0, 12)}…` };
}

async function run(): Promise<{ source: string; result: Result }> {
  const heads = (parsed.head ?? []).map(parseHead);
  if (parsed.statement) heads.push(statementHead(parsed.statement));
  if (parsed.file) {
    if (!fs.existsSync(parsed.file)) throw new Unreadable(`cannot read ${parsed.file}: no such file`);
    return { source: parsed.file, result: await verifyJsonlFile(parsed.file, { heads }) };
  }
  const databasePath = process.env.DATABASE_PATH ?? "./data/mingzhang.db";
  if (!fs.existsSync(databasePath)) throw new Unreadable(`cannot read ${databasePath}: no such database (set DATABASE_PATH)`);
  const { openDatabase } = await import("~db/connection");
  // Read-only use: no migration, so verifying never changes the file.
  const db = openDatabase(databasePath, { migrate: false });
  return { source: databasePath, result: verifyDatabase(db, { heads }) };
}

let outcome;
try {
  outcome = await run();
} catch (error) {
  console.error(`audit:verify: ${(error as Error).message}`);
  process.exit(2);
}
const { source, result } = outcome;
if (parsed.json) console.log(JSON.stringify({ source, ...result }));
if (result.ok) {
  if (!parsed.json) {
    console.log(`intact: ${source}`);
    console.log(`events: ${result.eventCount}${parsed.file ? "" : `, history rows checked: ${result.rowCount}`}`);
    console.log(result.head ? `head: seq ${result.head.seq} hash ${result.head.hash}` : "head: (empty chain)");
    const witnessed = (parsed.head?.length ?? 0) + (parsed.statement ? 1 : 0);
    if (witnessed > 0) console.log(`witnessed heads found in the chain: ${witnessed}`);
  }
  process.exit(0);
}
if (result.problem.unreadable) {
  if (!parsed.json) console.error(`audit:verify: cannot read ${source}: ${result.problem.detail}`);
  process.exit(2);
}
if (!parsed.json) {
  console.log(`NOT intact: ${source}`);
  const where = result.problem.table ? ` (${result.problem.table} ${result.problem.key ?? ""})` : "";
  console.log(`first bad seq: ${result.problem.seq ?? "(unknown)"} [${result.problem.code}] ${result.problem.detail}${where}`);
}
process.exit(1);
