/**
 * `npm run audit:verify [-- --file export.jsonl]`: verifies the audit chain
 * of the database at DATABASE_PATH (and every history row against the event
 * that wrote it), or of a JSON Lines export.
 * Exit 0 and the head when intact; 1 naming the first problem; 2 when the
 * input cannot be read.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";

const options = { file: { type: "string" }, json: { type: "boolean" } } as const;
let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>>["values"];
try {
  parsed = parseArgs({ options }).values;
} catch (error) {
  console.error(`${(error as Error).message}\nusage: npm run audit:verify [-- --file events.jsonl] [--json]`);
  process.exit(2);
}

const { verifyDatabase, verifyJsonlFile } = await import("~/services/audit-verify.server");
type Result = Awaited<ReturnType<typeof verifyJsonlFile>>;

async function run(): Promise<{ source: string; result: Result }> {
  if (parsed.file) {
    if (!fs.existsSync(parsed.file)) throw new Error(`cannot read ${parsed.file}: no such file`);
    return { source: parsed.file, result: await verifyJsonlFile(parsed.file) };
  }
  const databasePath = process.env.DATABASE_PATH ?? "./data/mingzhang.db";
  if (!fs.existsSync(databasePath)) throw new Error(`cannot read ${databasePath}: no such database (set DATABASE_PATH)`);
  const { openDatabase } = await import("~db/connection");
  // Read-only use: no migration, so verifying never changes the file.
  const db = openDatabase(databasePath, { migrate: false });
  return { source: databasePath, result: verifyDatabase(db) };
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
  }
  process.exit(0);
}
if (!parsed.json) {
  console.log(`NOT intact: ${source}`);
  console.log(`first bad seq: ${result.problem.seq ?? "(unknown)"} [${result.problem.code}] ${result.problem.detail}`);
}
process.exit(1);
