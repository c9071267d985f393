import { desc, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, ballotElectors, notificationOutbox, ownerDecisions } from "~db/schema";
import type { Matter } from "~/domain/decisions/matters";
import { verifyDatabase } from "~/services/audit-verify.server";
import { ballotTallies, castBallotVote, closeBallot } from "~/services/decisions/ballots.server";
import { decisionTimeline } from "~/services/decisions/decision-pages.server";
import { createOwner } from "~/services/owners.server";
import { createUnit } from "~/services/units.server";
import { testDb } from "../support/db";
import { buildUser, expectRefusedUnchanged, ownerInput, unitInput } from "../support/builders";
import { makeChannel } from "../support/notifications";
import { ballotDigest, HOUR_MS, openTestBallot, tinyRegister, userByLogin, voteAs } from "../support/ballots";

const db = () => testDb();
const T0 = new Date("2026-11-21T02:00:00.000Z");
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR_MS);
const DEADLINE = at(7 * 24); // openTestBallot's default: 7 days after `now`
const refused = (fn: () => unknown, code: string) => expectRefusedUnchanged(() => ballotDigest(db()), fn, code);
let w: Awaited<ReturnType<typeof tinyRegister>>;

beforeAll(async () => {
  w = await tinyRegister(db());
}, 30_000);

function lastEvent() {
  const e = db().select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get()!;
  return { ...e, data: JSON.parse(e.data) as Record<string, unknown> };
}

describe("opening a ballot", () => {
  it("refuses non-committee users and bad input, writing nothing", async () => {
    for (const login of ["b", "admin-b", "auditor-b"]) {
      const error = await refused(() => openTestBallot(db(), { now: T0, user: userByLogin(db(), login) }), "ballots.errors.committeeOnly");
      expect(error.options.status).toBe(403);
    }
    await refused(() => openTestBallot(db(), { now: T0, deadline: T0.toISOString() }), "ballots.errors.deadline");
    await refused(() => openTestBallot(db(), { now: T0, deadline: at(90 * 24 + 1).toISOString() }), "ballots.errors.deadline");
    await refused(() => openTestBallot(db(), { now: T0, deadline: "tomorrow" }), "ballots.errors.deadline");
    await refused(() => openTestBallot(db(), { now: T0, title: "  " }), "errors.required");
    await refused(() => openTestBallot(db(), { now: T0, title: "题".repeat(201) }), "errors.tooLong");
    await refused(() => openTestBallot(db(), { now: T0, text: "文".repeat(5001) }), "errors.tooLong");
    await refused(() => openTestBallot(db(), { now: T0, matter: 10 as Matter }), "ballots.errors.matter");
    await refused(() => openTestBallot(db(), { now: T0, authorisedFen: 0 }), "ballots.errors.authorisedPositive");
    await refused(() => openTestBallot(db(), { now: T0, authorisedFen: 1.5 }), "ballots.errors.authorisedPositive");
  });

  it("fixes one elector per owner with all their area: 5 heads, 500.00 m²", () => {
    const ballot = openTestBallot(db(), { now: T0, authorisedFen: 3_000_000, deadline: at(90 * 24).toISOString() });
    expect(ballot).toMatchObject({ status: "open", totalAreaCentiM2: 50_000, totalOwners: 5, authorisedFen: 3_000_000, openedAt: T0.toISOString() });
    const electors = db().select().from(ballotElectors).where(eq(ballotElectors.ballotId, ballot.id)).all();
    const of = (id: number) => electors.find((e) => e.ownerId === id);
    expect(of(w.owners.chair.id)).toMatchObject({ areaCentiM2: 15_000, unitCount: 2 });
    expect(of(w.owners.dev.id)).toMatchObject({ areaCentiM2: 5_000, unitCount: 2 });
    expect(of(w.owners.b.id)).toMatchObject({ areaCentiM2: 10_000, unitCount: 1 });
    expect(electors).toHaveLength(5);
    const event = lastEvent();
    expect(event).toMatchObject({ action: "ballot.open", subject: `ballot:${ballot.id}` });
    expect(event.data).toMatchObject({ matter: 5, electors: 5 });
    expect((event.data.rows as Record<string, unknown[]>).ballot_electors).toHaveLength(5);
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

describe("voting", () => {
  let id: number;
  beforeAll(() => { id = openTestBallot(db(), { now: T0 }).id; });

  it("weights a vote with the elector's area and records the choice without names", () => {
    const vote = voteAs(db(), "chair", id, "agree", at(1));
    expect(vote).toMatchObject({ ownerId: w.owners.chair.id, userId: userByLogin(db(), "chair").id, areaCentiM2: 15_000, choice: "agree", castAt: at(1).toISOString() });
    const event = lastEvent();
    expect(event).toMatchObject({ action: "ballot.vote", subject: `ballot:${id}`, actor: String(userByLogin(db(), "chair").id) });
    expect(event.data.choice).toBe("agree");
    expect(JSON.stringify(event.data)).not.toContain("甲业主");
  });

  it("refuses non-owners, unknown ballots, second votes (also from a co-owner's account), non-electors and late votes", async () => {
    for (const login of ["admin-b", "member", "auditor-b"]) {
      const error = await refused(() => voteAs(db(), login, id, "agree", at(2)), "ballots.errors.notOwner");
      expect(error.options.status).toBe(403);
    }
    // An owner role without an owner record, or an owner record without the role: neither votes.
    await refused(() => castBallotVote(db(), { ballotId: id, choice: "agree" }, { id: userByLogin(db(), "member").id, roles: ["committee"], ownerId: w.owners.c.id }, at(2)), "ballots.errors.notOwner");
    expect((await refused(() => voteAs(db(), "b", 999_999, "agree", at(2)), "errors.notFound")).options.status).toBe(404);
    expect((await refused(() => voteAs(db(), "chair", id, "disagree", at(2)), "ballots.errors.alreadyVoted")).options.status).toBe(409);
    voteAs(db(), "b", id, "disagree", at(2));
    await refused(() => voteAs(db(), "b2", id, "agree", at(3)), "ballots.errors.alreadyVoted");
    // Exactly at the deadline it is closed; a millisecond before it is open.
    await refused(() => voteAs(db(), "c", id, "agree", DEADLINE), "ballots.errors.closed");
    voteAs(db(), "c", id, "abstain", new Date(DEADLINE.getTime() - 1));
    expect(verifyDatabase(db()).ok).toBe(true);
  });

  it("counts against the electors fixed at opening", () => {
    const counts = ballotTallies(db(), id);
    expect(counts.tallies).toEqual({
      agree: { areaCentiM2: 15_000, owners: 1 }, disagree: { areaCentiM2: 10_000, owners: 1 }, abstain: { areaCentiM2: 10_000, owners: 1 },
    });
    expect(counts.totals).toEqual({ areaCentiM2: 50_000, owners: 5 });
    expect({ electors: counts.electors, voted: counts.voted, settled: counts.settled }).toEqual({ electors: 5, voted: 3, settled: null });
    expect(counts.verdict).toMatchObject({ outcome: "no_quorum", quorumArea: true, quorumOwners: false }); // 350 of 500 m², 3 of 5 heads
  });
});

function runBallot(matter: Matter, votes: [string, "agree" | "disagree" | "abstain"][]) {
  const ballot = openTestBallot(db(), { now: T0, matter, title: `表决 ${matter} ${votes.length}` });
  votes.forEach(([login, choice], i) => voteAs(db(), login, ballot.id, choice, at(i + 1)));
  return ballot;
}

describe("closing", () => {
  it("refuses a non-committee user and an early close while the result can change", async () => {
    const ballot = runBallot(5, [["chair", "agree"], ["b", "agree"]]);
    expect((await refused(() => closeBallot(db(), { ballotId: ballot.id }, userByLogin(db(), "b"), DEADLINE), "ballots.errors.committeeOnly")).options.status).toBe(403);
    const early = await refused(() => closeBallot(db(), { ballotId: ballot.id }, userByLogin(db(), "chair"), at(24)), "ballots.errors.notSettled");
    expect(early.options.params).toEqual({ left: 3 });
    await refused(() => closeBallot(db(), { ballotId: 999_999 }, userByLogin(db(), "chair"), DEADLINE), "errors.notFound");
  });

  it("after the deadline writes the decision (passed) in the same event, and refuses a second close", async () => {
    const ballot = openTestBallot(db(), { now: T0, matter: 5, title: "监控升级", authorisedFen: 3_000_000 });
    for (const [login, choice] of [["chair", "agree"], ["b", "agree"], ["c", "agree"], ["org", "disagree"]] as const) voteAs(db(), login, ballot.id, choice, at(1));
    const chair = userByLogin(db(), "chair");
    const { ballot: closed, decision } = closeBallot(db(), { ballotId: ballot.id }, chair, DEADLINE);
    expect(closed).toMatchObject({ status: "closed", closedBy: chair.id, closedAt: DEADLINE.toISOString(), decisionId: decision.id });
    expect(decision).toMatchObject({
      source: "ballot", ballotId: ballot.id, outcome: "passed", matter: 5, title: "监控升级", authorisedFen: 3_000_000,
      heldFrom: "2026-11-21", heldUntil: "2026-11-28", announcedOn: "2026-11-28", totalAreaCentiM2: 50_000, totalOwners: 5,
      participatingAreaCentiM2: 45_000, participatingOwners: 4, agreeAreaCentiM2: 35_000, agreeOwners: 3, disagreeAreaCentiM2: 10_000, disagreeOwners: 1,
    });
    const event = lastEvent();
    expect(event).toMatchObject({ action: "ballot.close", subject: `ballot:${ballot.id}` });
    expect(event.data).toMatchObject({ from: "open", to: "closed", outcome: "passed", decisionId: decision.id });
    expect(Object.keys(event.data.rows as object).sort()).toEqual(["ballots", "owner_decisions"]);
    expect(db().select().from(ownerDecisions).where(eq(ownerDecisions.ballotId, ballot.id)).all()).toHaveLength(1);
    expect((await refused(() => closeBallot(db(), { ballotId: ballot.id }, chair, at(24 * 8)), "ballots.errors.closed")).options.status).toBe(409);
    await refused(() => voteAs(db(), "dev", ballot.id, "agree", at(2)), "ballots.errors.closed");
    expect(verifyDatabase(db()).ok).toBe(true);
  });

  it("records failed (special matter short of 3/4) and no_quorum (under 2/3 heads)", () => {
    const chair = userByLogin(db(), "chair");
    const failed = runBallot(7, [["chair", "agree"], ["b", "agree"], ["c", "disagree"], ["org", "disagree"]]);
    expect(closeBallot(db(), { ballotId: failed.id }, chair, DEADLINE).decision.outcome).toBe("failed");
    const thin = runBallot(5, [["chair", "agree"], ["b", "agree"], ["c", "agree"]]); // 3 of 5 heads < 2/3
    expect(closeBallot(db(), { ballotId: thin.id }, chair, DEADLINE).decision.outcome).toBe("no_quorum");
    const empty = runBallot(9, []);
    expect(closeBallot(db(), { ballotId: empty.id }, chair, DEADLINE).decision).toMatchObject({ outcome: "no_quorum", participatingOwners: 0 });
    expect(verifyDatabase(db()).ok).toBe(true);
  });

  it("may close before the deadline once the result is settled", () => {
    const chair = userByLogin(db(), "chair");
    const sure = runBallot(5, [["chair", "agree"], ["b", "agree"], ["c", "agree"], ["org", "agree"]]);
    expect(ballotTallies(db(), sure.id).settled).toBe("passed");
    expect(closeBallot(db(), { ballotId: sure.id }, chair, at(10)).decision).toMatchObject({ outcome: "passed", heldUntil: "2026-11-21" });
    // Special matter: 200 m² against out of 500 m² — even with everyone else for, 60 % < 3/4.
    const lost = runBallot(7, [["b", "disagree"], ["c", "disagree"]]);
    expect(ballotTallies(db(), lost.id).settled).toBe("failed");
    // The register records what the tallies show when closed: only 2 of 5 took part.
    expect(closeBallot(db(), { ballotId: lost.id }, chair, at(10)).decision.outcome).toBe("no_quorum");
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

describe("an owner registered after opening", () => {
  it("is not an elector of that ballot, and the ballot's totals do not change", async () => {
    const ballot = openTestBallot(db(), { now: T0 });
    const { owner: late } = createOwner(db(), ownerInput({ kind: "person", name: "己业主", phone: "13900000009" }), "system");
    createUnit(db(), unitInput({ building: "3栋", number: "0101", area: "80.00", kind: "residential", ownerId: late.id }), "system");
    await buildUser(db(), { login: "late", roles: ["owner"], ownerId: late.id });
    expect((await refused(() => voteAs(db(), "late", ballot.id, "agree", at(3)), "ballots.errors.notElector")).options.status).toBe(403);
    expect(ballotTallies(db(), ballot.id).totals).toEqual({ areaCentiM2: 50_000, owners: 5 });
    expect(openTestBallot(db(), { now: T0 }).totalOwners).toBe(6); // the next ballot counts them
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

describe("notices to the owners' groups", () => {
  it("queues one when a ballot opens (with its deadline and link) and one when it closes (with its outcome)", () => {
    makeChannel(db());
    const outbox = () => db().select().from(notificationOutbox).where(like(notificationOutbox.topic, "ballot.%")).all();
    const ballot = openTestBallot(db(), { now: T0, title: "通知测试表决", authorisedFen: 500_000 });
    expect(outbox().map((m) => m.topic)).toEqual(["ballot.opened"]);
    expect(outbox()[0]!.body).toContain(`/ballots/${ballot.id}`);
    expect(outbox()[0]!.body).toContain("¥5,000.00");
    closeBallot(db(), { ballotId: ballot.id }, userByLogin(db(), "chair"), at(7 * 24));
    const closed = outbox().find((m) => m.topic === "ballot.closed")!;
    expect(closed.body).toContain("/decisions/");
    expect(closed.body).toContain("表决无效");
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

describe("a decision taken by ballot", () => {
  it("shows the ballot's opening and closing in its history, not the votes", () => {
    const ballot = openTestBallot(db(), { now: T0, title: "历史测试表决" });
    voteAs(db(), "b", ballot.id, "agree", at(1));
    const { decision } = closeBallot(db(), { ballotId: ballot.id }, userByLogin(db(), "chair"), at(7 * 24));
    expect(decisionTimeline(db(), decision).map((item) => item.action)).toEqual(["ballot.close", "ballot.open"]);
  });
});
