/**
 * Issue 9 §3 end to end: test/integration/concurrency.test.ts races worker
 * processes calling the services; this races browsers. Two production servers
 * (the built app behind express) run on ONE copy of the demo database — one
 * login's cookie works on both, sessions live in the database — and the same
 * form is posted several times at once, split across the two servers and
 * between document POSTs and single-fetch POSTs:
 *
 *   1  the manager's payment form with the idempotency key the page rendered;
 *   2  a committee member's vote on the demo's open approval, member by member
 *      (the director's last: it passes the proposal);
 *   3  an owner's ballot vote on the open owners' ballot, owner by owner;
 *   4  the latest quarter reopened through its pages (the reopen votes of three
 *      members at once), its new draft approved by the director at once, and
 *      published by the committee at once.
 *
 * Each race: one write, every other answer the write's redirect (a replayed
 * payment) or the form's refusal, never a 5xx. Then the chain 1..max without
 * gap, verified with every history row, and every entry balanced.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "~db/connection";
import { addDays, shanghaiDate } from "~/domain/calendar";
import { verifyDatabase } from "~/services/audit-verify.server";
import { allowLoopback, copyDemoDb, startAppServer, type AppServer } from "../support/app-server";
import { allRefusedWith, hiddenValue, others, page, race, redirects, refusals, signIn, type Race } from "../support/http-race";

/** Requests per race, alternating between the two servers. */
const P = 6;
const PAYMENT_RACES = 3;
const BALLOT_RACES = 3;

let dir: string;
let servers: AppServer[] = [];
let db: Db;
const cookies = new Map<string, string>();
const tally = { races: 0, requests: 0, overlapped: 0, fiveHundreds: 0, maxElapsedMs: 0 };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mz-concurrency-http-"));
  const dbPath = copyDemoDb(dir);
  servers = await Promise.all([startAppServer(dbPath), startAppServer(dbPath)]);
  db = openDatabase(dbPath, { migrate: false });
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  db?.$client.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  for (const s of servers) allowLoopback(s.base);
});

const one = <T,>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params) as T;
const all = <T,>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[];
const n = (sql: string, ...params: unknown[]) => one<{ n: number }>(sql, ...params).n;
const userId = (login: string) => one<{ id: number }>("SELECT id FROM users WHERE login = ?", login).id;

/** The person's cookie, signed in on the server of their turn: it must work on the other one too. */
async function cookieOf(login: string): Promise<string> {
  if (!cookies.has(login)) cookies.set(login, await signIn(servers[cookies.size % servers.length]!, login));
  return cookies.get(login)!;
}

/** Counts the race and fails it on any answer that is neither a redirect nor a refusal, with the servers' output. */
function settled(r: Race, what: string): Race {
  tally.races += 1;
  tally.requests += r.outcomes.length;
  if (r.overlapped) tally.overlapped += 1;
  tally.maxElapsedMs = Math.max(tally.maxElapsedMs, r.elapsedMs);
  const bad = others(r);
  tally.fiveHundreds += bad.filter((o) => o.status >= 500).length;
  expect(bad, `${what}: answers other than a redirect or a refusal\n${servers.map((s) => s.output().slice(-1500)).join("\n---\n")}`).toEqual([]);
  // A lost session would show as a redirect to the login page: the cookie must work on both servers.
  expect(redirects(r).filter((o) => o.location.startsWith("/login")), `${what}: sent to log in`).toEqual([]);
  // Both servers and both kinds of POST took part.
  expect(new Set(r.outcomes.map((o) => o.server)).size).toBe(2);
  expect(new Set(r.outcomes.map((o) => o.viaData)).size).toBe(2);
  return r;
}

const today = () => shanghaiDate(new Date());

describe.sequential("two servers, one database, the same form at once", () => {
  it(`the payment form with one idempotency key, ${PAYMENT_RACES} × ${P} POSTs: one payment, one entry, every answer its redirect`, async () => {
    const manager = await cookieOf("manager");
    const unit = one<{ id: number; building: string; number: string }>("SELECT id, building, number FROM units WHERE owner_id IS NOT NULL ORDER BY id LIMIT 1");
    for (let round = 0; round < PAYMENT_RACES; round++) {
      // The key the page renders in its hidden field, as a browser would submit it.
      const key = hiddenValue(await page(servers[round % 2]!, "/billing/payments/new", manager), "idempotencyKey");
      expect(key).toMatch(/^[0-9a-f-]{36}$/);
      const fields = {
        building: unit.building, number: unit.number, amount: `${100 + round}.23`, receivedOn: today(), method: "bank",
        reference: `HTTP并发-${round}`, allowPrepayment: "on", idempotencyKey: key,
      };
      const r = settled(await race(servers, P, "/billing/payments/new", () => fields, () => manager), `payment ${round}`);
      expect(refusals(r).map((o) => o.body.slice(0, 300)), "no request refused").toEqual([]);
      expect(new Set(redirects(r).map((o) => o.location))).toEqual(new Set([`/billing/units/${unit.id}`]));
      const rows = all<{ id: number; amountFen: number }>("SELECT id, amount_fen AS amountFen FROM payments WHERE idempotency_key = ?", key);
      expect(rows, "one payment for the key").toHaveLength(1);
      expect(rows[0]!.amountFen).toBe((100 + round) * 100 + 23);
      expect(n("SELECT count(*) AS n FROM journal_entries WHERE source_kind = 'payment' AND source_id = ?", String(rows[0]!.id))).toBe(1);
      expect(n("SELECT count(*) AS n FROM audit_events WHERE action = 'billing.payment' AND subject = ?", `payment:${rows[0]!.id}`)).toBe(1);
    }
  }, 60_000);

  it("the same member's vote on the open approval, member by member: one vote row each; the director's passes it", async () => {
    const approval = one<{ id: number; subjectId: number; voters: string }>("SELECT id, subject_id AS subjectId, voters FROM approvals WHERE status = 'open' AND subject_kind = 'proposal' ORDER BY id LIMIT 1");
    expect(approval, "the demo has an open approval").toBeTruthy();
    const voters = (JSON.parse(approval.voters) as { userId: number; isDirector: boolean }[])
      .filter((v) => n("SELECT count(*) AS n FROM votes WHERE approval_id = ? AND user_id = ?", approval.id, v.userId) === 0)
      .sort((a, b) => Number(a.isDirector) - Number(b.isDirector));
    expect(voters.length, "members still to vote").toBeGreaterThanOrEqual(2);
    expect(voters.at(-1)!.isDirector, "the director has not voted yet").toBe(true);
    for (const voter of voters) {
      const login = one<{ login: string }>("SELECT login FROM users WHERE id = ?", voter.userId).login;
      const cookie = await cookieOf(login);
      const r = settled(await race(servers, P, `/approvals/${approval.id}`, () => ({ choice: "approve", comment: "" }), () => cookie), `vote of ${login}`);
      expect(redirects(r), `${login}: one vote went through`).toHaveLength(1);
      expect(redirects(r)[0]!.location).toBe(`/approvals/${approval.id}`);
      expect(refusals(r).map((o) => o.status)).toEqual(Array(P - 1).fill(409));
      // Once the director's vote passed it, a late duplicate finds it closed rather than already voted.
      expect(refusals(r).every((o) => o.body.includes("approvals.errors.alreadyVoted") || (voter.isDirector && o.body.includes("approvals.errors.closed")))).toBe(true);
      expect(n("SELECT count(*) AS n FROM votes WHERE approval_id = ? AND user_id = ?", approval.id, voter.userId)).toBe(1);
    }
    expect(one("SELECT status FROM approvals WHERE id = ?", approval.id)).toEqual({ status: "passed" });
    expect(n("SELECT count(*) AS n FROM audit_events WHERE action = 'approval.vote' AND subject = ? AND json_extract(data, '$.outcome') = 'passed'", `proposal:${approval.subjectId}`)).toBe(1);
    expect(one("SELECT status FROM proposals WHERE id = ?", approval.subjectId)).toEqual({ status: "approved" });
  }, 60_000);

  it(`the same owner's ballot vote, ${BALLOT_RACES} owners × ${P} POSTs: one ballot vote each`, async () => {
    const ballot = one<{ id: number }>("SELECT id FROM ballots WHERE status = 'open' ORDER BY id LIMIT 1");
    expect(ballot, "the demo has an open ballot").toBeTruthy();
    const owners = all<{ login: string; ownerId: number }>(`
      SELECT u.login, u.owner_id AS ownerId FROM users u
      WHERE u.owner_id IN (SELECT owner_id FROM ballot_electors WHERE ballot_id = ?)
        AND u.owner_id NOT IN (SELECT owner_id FROM ballot_votes WHERE ballot_id = ?)
        AND u.disabled = 0 AND u.roles = '["owner"]'
      ORDER BY u.login IN ('owner', 'owner2') DESC, u.login LIMIT ?`, ballot.id, ballot.id, BALLOT_RACES);
    expect(owners).toHaveLength(BALLOT_RACES);
    for (const owner of owners) {
      const cookie = await cookieOf(owner.login);
      const r = settled(await race(servers, P, `/ballots/${ballot.id}`, () => ({ intent: "vote", choice: "agree" }), () => cookie), `ballot vote of ${owner.login}`);
      expect(redirects(r), `${owner.login}: one ballot vote went through`).toHaveLength(1);
      expect(refusals(r).map((o) => o.status)).toEqual(Array(P - 1).fill(409));
      expect(allRefusedWith(r, "ballots.errors.alreadyVoted")).toBe(true);
      expect(n("SELECT count(*) AS n FROM ballot_votes WHERE ballot_id = ? AND owner_id = ?", ballot.id, owner.ownerId)).toBe(1);
    }
  }, 60_000);

  it("the latest quarter reopened, its draft approved and published through the pages, each step at once: one revision", async () => {
    const latest = one<{ id: number; period: string; revision: number }>("SELECT id, period, revision FROM published_statements WHERE period_kind = 'quarter' ORDER BY period DESC, revision DESC LIMIT 1");
    const committee1 = await cookieOf("committee1");
    const asked = await race(servers, 1, `/statements/${latest.id}/reopen`, () => ({ reason: "并发测试：补录一笔银行利息后重新公示本季度报表。" }), () => committee1);
    const approvalPath = redirects(asked)[0]?.location ?? "";
    expect(approvalPath, JSON.stringify(asked.outcomes)).toMatch(/^\/approvals\/\d+$/);
    const approvalId = Number(approvalPath.split("/").pop());

    // Three members vote on the reopening at once, each twice (once per server): one vote each.
    const members = ["director", "committee2", "committee3"];
    const memberCookies = await Promise.all(members.map(cookieOf));
    const votes = settled(await race(servers, P, approvalPath, () => ({ choice: "approve", comment: "" }), (i) => memberCookies[i % members.length]!), "reopen votes");
    for (const login of members) expect(n("SELECT count(*) AS n FROM votes WHERE approval_id = ? AND user_id = ?", approvalId, userId(login)), login).toBe(1);
    expect(redirects(votes)).toHaveLength(n("SELECT count(*) AS n FROM votes WHERE approval_id = ?", approvalId));
    expect(refusals(votes).every((o) => /approvals\.errors\.(alreadyVoted|closed)/.test(o.body))).toBe(true);
    expect(one("SELECT status FROM approvals WHERE id = ?", approvalId)).toEqual({ status: "passed" });

    const draft = one<{ id: number }>("SELECT id FROM statement_drafts WHERE period = ? AND status = 'draft'", latest.period);
    expect(draft, "the reopening made a new draft").toBeTruthy();
    const approvalsBefore = n("SELECT count(*) AS n FROM audit_events WHERE action = 'statement.approve'");
    const approved = settled(await race(servers, P, `/statements/drafts/${draft.id}`, () => ({ intent: "approve" }), () => memberCookies[0]!), "draft approval");
    expect(redirects(approved)).toHaveLength(1);
    expect(allRefusedWith(approved, "publishing.errors.alreadyApproved")).toBe(true);
    expect(n("SELECT count(*) AS n FROM audit_events WHERE action = 'statement.approve'") - approvalsBefore, "one approval event").toBe(1);
    expect(one("SELECT status FROM statement_drafts WHERE id = ?", draft.id)).toEqual({ status: "approved" });

    // Five members press "publish" at once.
    const publishers = await Promise.all(["director", "committee1", "committee2", "committee3", "committee4"].map(cookieOf));
    const window = { intent: "publish", postedFrom: today(), postedTo: addDays(today(), 14), location: "" };
    const published = settled(await race(servers, P, `/statements/drafts/${draft.id}`, () => window, (i) => publishers[i % publishers.length]!), "publication");
    expect(redirects(published), "one publication").toHaveLength(1);
    expect(refusals(published).every((o) => o.status === 409 && /publishing\.errors\./.test(o.body))).toBe(true);
    const rows = all<{ id: number; revision: number }>("SELECT id, revision FROM published_statements WHERE draft_id = ?", draft.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.revision).toBe(latest.revision + 1);
    expect(redirects(published)[0]!.location).toBe(`/statements/${rows[0]!.id}`);
    expect(n("SELECT count(*) AS n FROM published_statements WHERE period = ? AND revision = ?", latest.period, latest.revision + 1)).toBe(1);
  }, 60_000);

  it("afterwards: the chain 1..max without gap or fork, verified with every row; every entry sums to zero", () => {
    const chain = one<{ count: number; max: number; min: number }>("SELECT count(*) AS count, max(seq) AS max, min(seq) AS min FROM audit_events");
    expect(chain.min).toBe(1);
    expect(chain.count).toBe(chain.max);
    expect(n("SELECT count(*) AS n FROM (SELECT prev FROM audit_events GROUP BY prev HAVING count(*) > 1)"), "forks").toBe(0);
    expect(n("SELECT count(*) AS n FROM (SELECT entry_id, book FROM postings GROUP BY entry_id, book HAVING sum(amount_fen) <> 0)"), "unbalanced entries").toBe(0);
    const doublePayments = n("SELECT count(*) AS n FROM (SELECT idempotency_key FROM payments WHERE idempotency_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1)");
    const doubleVotes = n("SELECT count(*) AS n FROM (SELECT 1 FROM votes GROUP BY approval_id, user_id HAVING count(*) > 1)")
      + n("SELECT count(*) AS n FROM (SELECT 1 FROM ballot_votes GROUP BY ballot_id, owner_id HAVING count(*) > 1)");
    const doublePublished = n("SELECT count(*) AS n FROM (SELECT 1 FROM published_statements GROUP BY period, revision HAVING count(*) > 1)");
    expect({ doublePayments, doubleVotes, doublePublished }).toEqual({ doublePayments: 0, doubleVotes: 0, doublePublished: 0 });
    const verified = verifyDatabase(db);
    expect(verified).toMatchObject({ ok: true });
    expect(tally.fiveHundreds).toBe(0);
    expect(tally.overlapped, "races whose requests to the two servers were in flight together").toBeGreaterThan(tally.races / 2);
    console.log(`[figure] HTTP races: ${tally.races} races × ${P} requests over 2 servers, ${doublePayments} double payments, ${doubleVotes} double votes, ${tally.fiveHundreds} 5xx `
      + `(${tally.requests} POSTs, half single-fetch; ${doublePublished} double publications; ${tally.overlapped} races in flight on both servers at once, slowest ${Math.round(tally.maxElapsedMs)} ms; `
      + `chain verified: ${verified.ok ? verified.eventCount : 0} events, no gap, no fork, 0 unbalanced entries)`);
  }, 60_000);
});
