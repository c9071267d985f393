/**
 * `npx tsx scripts/notify.ts`: delivers the notification messages that are
 * due now, once, and prints the counts — for a cron job when the serving
 * process runs with NOTIFY_WORKER=off, or to flush the outbox by hand.
 * Exit 0 when every attempted message was sent or is waiting to be retried,
 * 1 when some failed for good, 2 when the database cannot be opened.
 */
import { openDatabase, type Db } from "~db/connection";
import { env } from "~/env.server";
import { deliverDue } from "~/services/notifications/deliver.server";

let db: Db;
try {
  db = openDatabase(env().DATABASE_PATH);
} catch (error) {
  console.error(`notify: cannot open ${env().DATABASE_PATH}: ${(error as Error).message}`);
  process.exit(2);
}
const total = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
// One batch at a time until nothing due is left (or nothing more can be sent now).
for (;;) {
  const counts = await deliverDue(db, { now: new Date() });
  for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += counts[key];
  if (counts.sent + counts.retrying + counts.failed + counts.skipped === 0 || counts.sent === 0) break;
}
console.log(`notify: sent ${total.sent}, retrying later ${total.retrying}, failed ${total.failed}, taken by another worker ${total.skipped}`);
process.exit(total.failed > 0 ? 1 : 0);
