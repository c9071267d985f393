import Decimal from "decimal.js";
import type { Count, Tallies } from "./outcome";
import { sharePercent } from "./percent";

/**
 * Counting an online ballot (SPC interpretation on building ownership arts.
 * 8–9): each elector is one owner record with the sum of their units' areas,
 * so a multi-unit owner is one head with all their area, a co-owned unit one
 * head, the developer's units one head. Pure: the service reads the rows.
 */
export const CHOICES = ["agree", "disagree", "abstain"] as const;
export type Choice = (typeof CHOICES)[number];

/** Longest a ballot may stay open (the committee's notice period for a written vote). */
export const MAX_BALLOT_DAYS = 90;

export interface Elector {
  ownerId: number;
  areaCentiM2: number;
  unitCount: number;
}

/** One elector per owner that holds units, with all their area; sorted by owner id. */
export function electorsOf(units: readonly { ownerId: number; areaCentiM2: number }[]): Elector[] {
  const byOwner = new Map<number, Elector>();
  for (const u of units) {
    const e = byOwner.get(u.ownerId) ?? { ownerId: u.ownerId, areaCentiM2: 0, unitCount: 0 };
    e.areaCentiM2 += u.areaCentiM2;
    e.unitCount += 1;
    byOwner.set(u.ownerId, e);
  }
  return [...byOwner.values()].sort((a, b) => a.ownerId - b.ownerId);
}

/** The ballot's register: the sum of its electors. */
export function electorTotals(electors: readonly { areaCentiM2: number }[]): Count {
  return { areaCentiM2: electors.reduce((s, e) => s + e.areaCentiM2, 0), owners: electors.length };
}

/** Each vote is one head with the elector's area (fixed at opening). */
export function tallyVotes(votes: readonly { choice: Choice; areaCentiM2: number }[]): Tallies {
  const t: Tallies = { agree: { areaCentiM2: 0, owners: 0 }, disagree: { areaCentiM2: 0, owners: 0 }, abstain: { areaCentiM2: 0, owners: 0 } };
  for (const v of votes) {
    t[v.choice].areaCentiM2 += v.areaCentiM2;
    t[v.choice].owners += 1;
  }
  return t;
}

/** Open to votes at `now`: not closed, and the deadline (an instant) not reached — at the deadline exactly it is over. */
export function acceptsVotes(ballot: { status: string; deadline: string }, now: Date): boolean {
  return ballot.status === "open" && now.getTime() < Date.parse(ballot.deadline);
}

/** A deadline the committee may set: strictly after now, at most MAX_BALLOT_DAYS later. */
export function deadlineAllowed(deadline: string, now: Date): boolean {
  const at = Date.parse(deadline);
  if (Number.isNaN(at)) return false;
  return at > now.getTime() && at - now.getTime() <= MAX_BALLOT_DAYS * 24 * 3600 * 1000;
}

/**
 * "66.66": part / total as a percentage to 2 places, exact (decimal.js) and
 * rounded DOWN, so a figure never seems to reach a threshold it misses (the
 * verdict's own checks are integer cross-multiplications). "0.00" of an empty total.
 */
export function percentOf(part: number, total: number): string {
  return sharePercent(part, total, Decimal.ROUND_DOWN) ?? "0.00";
}
