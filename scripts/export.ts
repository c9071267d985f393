/**
 * `npm run export -- <what> [options]`: exports from the database at
 * DATABASE_PATH. One subcommand per kind of export; each parses its own
 * options. Exit 0 when written, 1 when the export failed, 2 on bad usage or
 * an unreadable database.
 *
 *   ledger --format journal|csv --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]
 */
import fs from "node:fs";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import { isIsoDate } from "~/domain/ledger/entries";
import { progressBar } from "./lib/progress";

class UsageError extends Error {}

const USAGE = `usage: npm run export -- <subcommand> [options]
subcommands:
  ledger --format journal|csv --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]
         the ledger as an hledger/ledger-cli journal, or CSV (one row per posting)`;

async function openDb() {
  const databasePath = process.env.DATABASE_PATH ?? "./data/mingzhang.db";
  if (!fs.existsSync(databasePath)) throw new UsageError(`cannot read ${databasePath}: no such database (set DATABASE_PATH)`);
  const { openDatabase } = await import("~db/connection");
  // Read-only use: no migration, so exporting never changes the file.
  return openDatabase(databasePath, { migrate: false });
}

async function ledger(args: string[]): Promise<void> {
  const options = { format: { type: "string" }, out: { type: "string" }, from: { type: "string" }, to: { type: "string" } } as const;
  let values: ReturnType<typeof parseArgs<{ options: typeof options }>>["values"];
  try {
    values = parseArgs({ args, options }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { EXPORT_FORMATS, exportLedger } = await import("~/services/ledger/export.server");
  const format = EXPORT_FORMATS.find((f) => f === values.format);
  if (!format) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(", ")}`);
  if (!values.out) throw new UsageError("--out FILE is required");
  for (const key of ["from", "to"] as const) {
    const value = values[key];
    if (value !== undefined && !isIsoDate(value)) throw new UsageError(`--${key} must be a date YYYY-MM-DD`);
  }
  const db = await openDb();
  const out = fs.createWriteStream(values.out, { encoding: "utf8" });
  const bar = progressBar(`ledger ${format}`);
  const written = await exportLedger(db, out, { format, from: values.from, to: values.to, generatedAt: new Date().toISOString() }, (done, total) => bar.update(done, total));
  out.end();
  await finished(out);
  bar.finish(`wrote ${values.out}: ${written.entries} entries, ${written.postings} postings`);
}

const SUBCOMMANDS: Record<string, (args: string[]) => Promise<void>> = { ledger };

const [subcommand, ...rest] = process.argv.slice(2);
const run = subcommand ? SUBCOMMANDS[subcommand] : undefined;
if (!run) {
  console.error(`${subcommand ? `unknown subcommand: ${subcommand}\n` : ""}${USAGE}`);
  process.exit(2);
}
try {
  await run(rest);
} catch (error) {
  console.error(`export: ${(error as Error).message}`);
  if (error instanceof UsageError) {
    console.error(USAGE);
    process.exit(2);
  }
  process.exit(1);
}
