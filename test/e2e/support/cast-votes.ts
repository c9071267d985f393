/**
 * `npx tsx test/e2e/support/cast-votes.ts <ballotId>` with DATABASE_PATH set:
 * stands in for the owners who vote on their own phones during the browser
 * test of issue 7 (decisions-flow.spec.ts). Each owner account that has not
 * voted yet casts 同意 through the same service the ballot page calls
 * (castBallotVote), as that owner's own user, one by one, until the result
 * can no longer change (ballotTallies(...).settled === "passed"). Prints
 * "cast N" and exits 0; exits 1 when the owners run out first.
 */
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { ballotElectors, ballotVotes, users } from "~db/schema";
import { castBallotVote, ballotTallies } from "~/services/decisions/ballots.server";
import { getDb } from "~/services/db.server";
import { parseRoles } from "~/services/users.server";

const ballotId = Number(process.argv[2]);
if (!Number.isSafeInteger(ballotId) || ballotId <= 0) {
  console.error("usage: npx tsx test/e2e/support/cast-votes.ts <ballotId>");
  process.exit(2);
}

const db = getDb();
const voted = new Set(db.select({ ownerId: ballotVotes.ownerId }).from(ballotVotes).where(eq(ballotVotes.ballotId, ballotId)).all().map((v) => v.ownerId));
const electors = new Set(db.select({ ownerId: ballotElectors.ownerId }).from(ballotElectors).where(eq(ballotElectors.ballotId, ballotId)).all().map((e) => e.ownerId));
// Owner accounts in a fixed order; one account per owner (a co-owner's second account would be refused anyway).
const accounts = db.select({ id: users.id, roles: users.roles, ownerId: users.ownerId }).from(users)
  .where(and(isNotNull(users.ownerId), eq(users.disabled, false))).orderBy(asc(users.id)).all();

let cast = 0;
for (const account of accounts) {
  if (ballotTallies(db, ballotId).settled === "passed") break;
  const ownerId = account.ownerId!;
  const roles = parseRoles(account.roles);
  if (!roles.includes("owner") || !electors.has(ownerId) || voted.has(ownerId)) continue;
  castBallotVote(db, { ballotId, choice: "agree" }, { id: account.id, roles, ownerId }, new Date());
  voted.add(ownerId);
  cast += 1;
}

const settled = ballotTallies(db, ballotId).settled;
console.log(`cast ${cast}`);
if (settled !== "passed") {
  console.error(`ballot ${ballotId} is not settled as passed after ${cast} votes (settled: ${settled ?? "open"})`);
  process.exit(1);
}
