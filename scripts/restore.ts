/**
 * `npm run restore -- --from DIR [--discard-newer]`: restores a backup made
 * by `npm run backup` to DATABASE_PATH; stop the app first. The backup must
 * verify completely (its files, its chain and every history row). A database
 * whose chain is longer than the backup's, or differs at its head, is
 * replaced only with --discard-newer, and kept beside it as
 * `<file>.replaced-<time>`. Exit 0 restored, 1 refused or failed, 2 bad usage.
 */
import { parseArgs } from "node:util";

const USAGE = "usage: npm run restore -- --from DIR [--discard-newer]";
let values: { from?: string; "discard-newer"?: boolean };
try {
  values = parseArgs({ options: { from: { type: "string" }, "discard-newer": { type: "boolean" } } }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (!values.from) {
  console.error(USAGE);
  process.exit(2);
}
const { env } = await import("~/env.server");
const { restore } = await import("~/services/backup.server");
try {
  const outcome = restore(values.from, env().DATABASE_PATH, { discardNewer: values["discard-newer"] === true });
  console.log(`restored ${values.from} to ${env().DATABASE_PATH}: chain head seq ${outcome.head.seq} ${outcome.head.hash}`);
  if (outcome.replaced) console.log(`the database it replaced is kept as ${outcome.replaced}`);
} catch (error) {
  console.error(`restore: ${(error as Error).message}`);
  process.exit(1);
}
