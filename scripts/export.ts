/**
 * `npm run export -- <what> [options]`: exports from the database at
 * DATABASE_PATH, streamed. One subcommand per kind of export, each in
 * scripts/lib/export/. Exit 0 when written, 1 when the export failed, 2 on
 * bad usage or an unreadable database (nothing written).
 */
import { audit } from "./lib/export/audit";
import { bundle } from "./lib/export/bundle";
import { UsageError, type ExportCommand } from "./lib/export/common";
import { ledger } from "./lib/export/ledger";
import { statements } from "./lib/export/statements";

const SUBCOMMANDS: Record<string, ExportCommand> = { audit, ledger, statements, bundle };

const USAGE = `usage: npm run export -- <subcommand> [options]
subcommands:
${Object.values(SUBCOMMANDS).map((c) => `  ${c.usage}`).join("\n")}`;

const [subcommand, ...rest] = process.argv.slice(2);
const command = subcommand ? SUBCOMMANDS[subcommand] : undefined;
if (!command) {
  console.error(`${subcommand ? `unknown subcommand: ${subcommand}\n` : ""}${USAGE}`);
  process.exit(2);
}
try {
  await command.run(rest);
} catch (error) {
  console.error(`export: ${(error as Error).message}`);
  if (error instanceof UsageError) {
    console.error(USAGE);
    process.exit(2);
  }
  process.exit(1);
}
