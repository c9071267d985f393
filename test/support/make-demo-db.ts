/**
 * Builds the full demo community (the same as `npm run demo`: register,
 * two years of ledger, published statements, ballots and owner accounts)
 * into the database named on the command line. The vitest global set-up runs
 * it once; tests that need every kind of record copy the result.
 */
const target = process.argv[2];
if (!target) throw new Error("usage: tsx test/support/make-demo-db.ts <database path>");
process.env.DATABASE_PATH = target;

const { getDb } = await import("~/services/db.server");
const { ensureDemoCommunity } = await import("~/services/demo.server");
const { ensureDemoLedger } = await import("~/services/demo/ledger.server");
const { ensureDemoStatements } = await import("~/services/demo/statements.server");
const { ensureDemoBallots } = await import("~/services/demo/ballots.server");

const db = getDb();
await ensureDemoCommunity(db);
await ensureDemoLedger(db);
await ensureDemoStatements(db, {});
await ensureDemoBallots(db);
db.$client.pragma("wal_checkpoint(TRUNCATE)");
db.$client.close();

export {};
