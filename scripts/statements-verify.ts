/**
 * `npm run statements:verify [-- --json]`: recomputes every published
 * statement revision of the database at DATABASE_PATH from the ledger rows
 * recorded up to its audit head and compares it with its snapshot, its hash
 * and the hashes it chains to (DESIGN.md §8, §9.7).
 * Exit 0 when every revision verifies; 1 listing each problem; 2 when the
 * database cannot be read.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";

const options = { json: { type: "boolean" } } as const;
let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>>["values"];
try {
  parsed = parseArgs({ options }).values;
} catch (error) {
  console.error(`${(error as Error).message}\nusage: npm run statements:verify [-- --json]`);
  process.exit(2);
}

const { verifyStatements } = await import("~/services/statements/verify.server");
type Result = ReturnType<typeof verifyStatements>;

async function run(): Promise<{ source: string; result: Result }> {
  const databasePath = process.env.DATABASE_PATH ?? "./data/mingzhang.db";
  if (!fs.existsSync(databasePath)) throw new Error(`cannot read ${databasePath}: no such database (set DATABASE_PATH)`);
  const { openDatabase } = await import("~db/connection");
  // Read-only use: no migration, so verifying never changes the file.
  const db = openDatabase(databasePath, { migrate: false });
  return { source: databasePath, result: verifyStatements(db) };
}

let outcome;
try {
  outcome = await run();
} catch (error) {
  console.error(`statements:verify: ${(error as Error).message}`);
  process.exit(2);
}
const { source, result } = outcome;
if (parsed.json) console.log(JSON.stringify({ source, ...result }));
if (result.ok) {
  if (!parsed.json) console.log(`${result.checked} statements verified: ${source}`);
  process.exit(0);
}
if (!parsed.json) {
  console.log(`NOT verified: ${source} (${result.checked} statements, ${result.problems.length} problems)`);
  for (const p of result.problems) console.log(`#${p.publishedId} ${p.period} rev ${p.revision} [${p.code}] ${p.detail}`);
}
process.exit(1);
