/**
 * `npm run backup -- --out DIR`: backs up the database at DATABASE_PATH and
 * its attachments into DIR (new or empty) while the app keeps running
 * (SQLite's online backup). Exit 0 with the chain head backed up, 1 when
 * refused or failed, 2 on bad usage.
 */
import { parseArgs } from "node:util";

const USAGE = "usage: npm run backup -- --out DIR";
let out: string | undefined;
try {
  out = parseArgs({ options: { out: { type: "string" } } }).values.out;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (!out) {
  console.error(USAGE);
  process.exit(2);
}
const { env } = await import("~/env.server");
const { backup } = await import("~/services/backup.server");
try {
  const manifest = await backup(env().DATABASE_PATH, out);
  console.log(`backed up ${env().DATABASE_PATH} to ${out}: chain head seq ${manifest.head.seq} ${manifest.head.hash}, ${manifest.attachments.length} attachments`);
} catch (error) {
  console.error(`backup: ${(error as Error).message}`);
  process.exit(1);
}
