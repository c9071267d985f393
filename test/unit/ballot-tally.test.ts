import { describe, expect, it } from "vitest";
import { openBallotFormSchema, ballotActionSchema, shanghaiInstant } from "~/domain/decisions/ballot-forms";
import { acceptsVotes, deadlineAllowed, electorsOf, electorTotals, percentOf, tallyVotes } from "~/domain/decisions/ballot-tally";

describe("electors (SPC interpretation arts. 8–9)", () => {
  it("makes one head per owner with all their area: multi-unit owner, developer, co-owned unit", () => {
    const electors = electorsOf([
      { ownerId: 3, areaCentiM2: 10_000 }, // co-owned unit: one owner record
      { ownerId: 1, areaCentiM2: 8_937 }, { ownerId: 1, areaCentiM2: 5_000 }, { ownerId: 1, areaCentiM2: 1 }, // three units, one head
      { ownerId: 9, areaCentiM2: 3_000 }, { ownerId: 9, areaCentiM2: 2_000 }, // the developer's unsold and undelivered units
    ]);
    expect(electors).toEqual([
      { ownerId: 1, areaCentiM2: 13_938, unitCount: 3 },
      { ownerId: 3, areaCentiM2: 10_000, unitCount: 1 },
      { ownerId: 9, areaCentiM2: 5_000, unitCount: 2 },
    ]);
    expect(electorTotals(electors)).toEqual({ areaCentiM2: 28_938, owners: 3 });
    expect(electorsOf([])).toEqual([]);
  });
});

describe("tallyVotes", () => {
  it("counts each vote as one head with its area", () => {
    expect(tallyVotes([
      { choice: "agree", areaCentiM2: 13_938 }, { choice: "agree", areaCentiM2: 100 },
      { choice: "disagree", areaCentiM2: 5_000 }, { choice: "abstain", areaCentiM2: 7 },
    ])).toEqual({
      agree: { areaCentiM2: 14_038, owners: 2 }, disagree: { areaCentiM2: 5_000, owners: 1 }, abstain: { areaCentiM2: 7, owners: 1 },
    });
    expect(tallyVotes([])).toEqual({ agree: { areaCentiM2: 0, owners: 0 }, disagree: { areaCentiM2: 0, owners: 0 }, abstain: { areaCentiM2: 0, owners: 0 } });
  });
});

describe("deadlines", () => {
  const now = new Date("2026-11-21T10:00:00.000Z");
  it("accepts votes strictly before the deadline only", () => {
    const ballot = { status: "open", deadline: "2026-11-21T10:00:00.000Z" };
    expect(acceptsVotes(ballot, new Date("2026-11-21T09:59:59.999Z"))).toBe(true);
    expect(acceptsVotes(ballot, now)).toBe(false);
    expect(acceptsVotes({ ...ballot, status: "closed" }, new Date("2026-11-01T00:00:00Z"))).toBe(false);
  });
  it("allows a deadline after now and within 90 days", () => {
    expect(deadlineAllowed(now.toISOString(), now)).toBe(false);
    expect(deadlineAllowed("2026-11-21T10:00:00.001Z", now)).toBe(true);
    expect(deadlineAllowed("2027-02-19T10:00:00.000Z", now)).toBe(true); // exactly 90 days
    expect(deadlineAllowed("2027-02-19T10:00:00.001Z", now)).toBe(false);
    expect(deadlineAllowed("not a date", now)).toBe(false);
  });
  it("reads a date and time in Beijing time as a UTC instant", () => {
    expect(shanghaiInstant("2026-12-01", "18:00")).toBe("2026-12-01T10:00:00.000Z");
    expect(shanghaiInstant("2026-12-01", "00:30")).toBe("2026-11-30T16:30:00.000Z");
  });
});

describe("percentOf", () => {
  it("is exact to 2 places, rounded down so it never overstates a threshold", () => {
    expect(percentOf(2, 3)).toBe("66.66");
    expect(percentOf(1, 3)).toBe("33.33");
    expect(percentOf(1, 2)).toBe("50.00");
    expect(percentOf(7, 7)).toBe("100.00");
    expect(percentOf(0, 0)).toBe("0.00");
    expect(percentOf(1, 100_000)).toBe("0.00");
  });
});

describe("forms", () => {
  const good = { title: "监控升级", matter: "5", text: "更换摄像头", deadlineDate: "2026-12-01", deadlineTime: "18:00" };
  it("parses a ballot with and without an authorised amount", () => {
    expect(openBallotFormSchema.parse(good).authorised).toBeNull();
    expect(openBallotFormSchema.parse({ ...good, authorised: "30,000.00" }).authorised).toBe(3_000_000);
  });
  it("refuses a bad matter, amount, date or time", () => {
    expect(openBallotFormSchema.safeParse({ ...good, matter: "10" }).success).toBe(false);
    expect(openBallotFormSchema.safeParse({ ...good, authorised: "0" }).error?.issues[0]?.message).toBe("ballots.errors.authorisedPositive");
    expect(openBallotFormSchema.safeParse({ ...good, authorised: "1.234" }).success).toBe(false);
    expect(openBallotFormSchema.safeParse({ ...good, deadlineDate: "2026-02-30" }).success).toBe(false);
    expect(openBallotFormSchema.safeParse({ ...good, deadlineTime: "24:00" }).success).toBe(false);
    expect(openBallotFormSchema.safeParse({ ...good, title: "x".repeat(201) }).success).toBe(false);
  });
  it("never carries an owner id in a vote", () => {
    expect(ballotActionSchema.parse({ intent: "vote", choice: "agree", ownerId: "5" })).toEqual({ intent: "vote", choice: "agree" });
    expect(ballotActionSchema.safeParse({ intent: "vote", choice: "maybe" }).success).toBe(false);
  });
});
