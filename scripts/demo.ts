/**
 * `npm run demo`: builds if needed, migrates, creates the fictitious demo
 * community on an empty database (a second run reuses it), prints the demo
 * logins and serves on PORT (default 3000). The demo lives in its own
 * database file, so it never mixes with a real installation.
 */
process.env.DATABASE_PATH ??= "./data/demo.db";
process.env.NODE_ENV ??= "production";

const { ensureBuild } = await import("./lib/build");
const { startServer } = await import("./lib/server");
const { env } = await import("~/env.server");
const { getDb } = await import("~/services/db.server");
const { DEMO_LOGINS, DEMO_PASSWORD, ensureDemoCommunity } = await import("~/services/demo.server");
const { ensureDemoLedger } = await import("~/services/demo/ledger.server");
const { ensureDemoStatements } = await import("~/services/demo/statements.server");
const { ensureDemoBallots } = await import("~/services/demo/ballots.server");

ensureBuild();
const created = await ensureDemoCommunity(getDb());
if (await ensureDemoLedger(getDb())) console.log("Wrote two years of bills, payments, other income, 酬金, budgets, routine spending, proposals in every state and a reconciled bank statement.");
// The browser tests stop the statements a quarter early (DEMO_STATEMENTS_THROUGH=2026Q2), so a person can publish the next one.
const through = process.env.DEMO_STATEMENTS_THROUGH;
if (through !== undefined && !/^\d{4}Q[1-4]$/.test(through)) throw new Error(`DEMO_STATEMENTS_THROUGH must be a quarter like 2026Q2, not ${through}`);
if (await ensureDemoStatements(getDb(), { through })) console.log(`Published the quarterly statements from 2025Q1 to ${through ?? "2026Q3"} (2026Q1 corrected in a second revision), the 2025 annual accounts, and owners' questions.`);
if (await ensureDemoBallots(getDb())) console.log("Gave every owner an account; the owners voted online to repaint the staff rooms from public revenue (passed, then quoted, approved, accepted and paid) and against a new washroom (an alteration: three quarters needed); the main gate's renovation is open for votes.");
console.log(created ? `Created the demo community in ${env().DATABASE_PATH}` : `Reusing the demo community in ${env().DATABASE_PATH}`);
console.log(`\nDemo logins (password for all: ${DEMO_PASSWORD}):`);
for (const demo of DEMO_LOGINS) {
  console.log(`  ${demo.login.padEnd(12)} ${demo.roles.join("+").padEnd(18)} ${demo.displayName}${demo.isDirector ? " (主任 director)" : ""}`);
}
console.log(`  ${"yz001 …".padEnd(12)} ${"owner".padEnd(18)} every other owner, by owner number (yz + 3 digits), to vote online`);
console.log("");
await startServer(env().PORT);

export {};
