import { addMonths, lastDayOfMonth } from "../calendar";
import { isSpecialMatter, type Matter } from "./matters";

/**
 * Validity and outcome of an owners' decision (民法典 art. 278, DESIGN.md §7),
 * counted as the SPC interpretation on building ownership arts. 8–9 says:
 * area is the exclusive area of the unit register, one head per owner
 * however many units they hold, a co-owned unit is one owner, and the
 * developer's unsold and undelivered units are one owner. Art. 1259: "以上"
 * includes the number itself, "过半数" does not. All comparisons are on
 * integers (areas in hundredths of m²), cross-multiplied: no division, no float.
 */
export interface RegisterTotals {
  areaCentiM2: number;
  owners: number;
}

/** One side of a count: area and heads. */
export interface Count {
  areaCentiM2: number;
  owners: number;
}

export interface Tallies {
  agree: Count;
  disagree: Count;
  abstain: Count;
}

export type Outcome = "passed" | "failed" | "no_quorum";

export interface Verdict {
  outcome: Outcome;
  participating: Count;
  special: boolean;
  // Each test of art. 278, so a page can say which one held and which did not.
  quorumArea: boolean; // participating area ≥ 2/3 of the total
  quorumOwners: boolean; // participating heads ≥ 2/3 of the total
  approvalArea: boolean; // agree area > 1/2 (ordinary) or ≥ 3/4 (special) of the participating
  approvalOwners: boolean;
}

export type TallyProblem =
  | { code: "decisions.errors.negative" }
  | { code: "decisions.errors.registerEmpty" }
  | { code: "decisions.errors.tallyAboveRegister" }
  | { code: "decisions.errors.areaWithoutOwners" };

export function participatingOf(t: Tallies): Count {
  return {
    areaCentiM2: t.agree.areaCentiM2 + t.disagree.areaCentiM2 + t.abstain.areaCentiM2,
    owners: t.agree.owners + t.disagree.owners + t.abstain.owners,
  };
}

/** Tallies a register could have produced: none negative or fractional, none above the register. */
export function checkTallies(totals: RegisterTotals, t: Tallies): TallyProblem | null {
  if (totals.areaCentiM2 <= 0 || totals.owners <= 0) return { code: "decisions.errors.registerEmpty" };
  for (const c of [t.agree, t.disagree, t.abstain]) {
    if (!Number.isSafeInteger(c.areaCentiM2) || !Number.isSafeInteger(c.owners) || c.areaCentiM2 < 0 || c.owners < 0) {
      return { code: "decisions.errors.negative" };
    }
    // Each owner holds some area, and area is held by some owner.
    if ((c.owners === 0) !== (c.areaCentiM2 === 0)) return { code: "decisions.errors.areaWithoutOwners" };
  }
  const p = participatingOf(t);
  if (p.areaCentiM2 > totals.areaCentiM2 || p.owners > totals.owners) return { code: "decisions.errors.tallyAboveRegister" };
  return null;
}

/** ≥ 2/3 ("以上"): 3·part ≥ 2·total. */
function atLeastTwoThirds(part: number, total: number): boolean {
  return 3 * part >= 2 * total;
}
/** > 1/2 ("过半数"): 2·part > total. */
function moreThanHalf(part: number, total: number): boolean {
  return 2 * part > total;
}
/** ≥ 3/4 ("以上"): 4·part ≥ 3·total. */
function atLeastThreeQuarters(part: number, total: number): boolean {
  return 4 * part >= 3 * total;
}

function approves(special: boolean, agree: number, participating: number): boolean {
  if (participating === 0) return false;
  return special ? atLeastThreeQuarters(agree, participating) : moreThanHalf(agree, participating);
}

/** The outcome of checked tallies (checkTallies first). */
export function decide(matter: Matter, totals: RegisterTotals, t: Tallies): Verdict {
  const special = isSpecialMatter(matter);
  const participating = participatingOf(t);
  const quorumArea = atLeastTwoThirds(participating.areaCentiM2, totals.areaCentiM2);
  const quorumOwners = atLeastTwoThirds(participating.owners, totals.owners);
  const approvalArea = approves(special, t.agree.areaCentiM2, participating.areaCentiM2);
  const approvalOwners = approves(special, t.agree.owners, participating.owners);
  const outcome: Outcome = !(quorumArea && quorumOwners) ? "no_quorum" : approvalArea && approvalOwners ? "passed" : "failed";
  return { outcome, participating, special, quorumArea, quorumOwners, approvalArea, approvalOwners };
}

/**
 * While a ballot is open: the outcome if it can no longer change whatever the
 * electors who have not voted do, else null (the committee may close a ballot
 * before its deadline only then). Passing is hardest when everyone left votes
 * against; it is easiest when everyone left votes for, since each vote for
 * raises both the participation and the approval.
 */
export function settledOutcome(matter: Matter, totals: RegisterTotals, t: Tallies): Outcome | null {
  const p = participatingOf(t);
  const left: Count = { areaCentiM2: totals.areaCentiM2 - p.areaCentiM2, owners: totals.owners - p.owners };
  const allAgainst = decide(matter, totals, { ...t, disagree: { areaCentiM2: t.disagree.areaCentiM2 + left.areaCentiM2, owners: t.disagree.owners + left.owners } });
  const nowPasses = decide(matter, totals, t).outcome === "passed";
  if (nowPasses && allAgainst.outcome === "passed") return "passed";
  const allFor = decide(matter, totals, { ...t, agree: { areaCentiM2: t.agree.areaCentiM2 + left.areaCentiM2, owners: t.agree.owners + left.owners } });
  if (allFor.outcome !== "passed") return "failed";
  return null;
}

/**
 * The last day an owner may ask a court to annul the decision: one year from
 * the day they knew or should have known of it (SPC interpretation art. 12),
 * taken as the day it was announced. 2024-02-29 → 2025-02-28.
 */
export function challengeUntil(announcedOn: string): string {
  const month = addMonths(announcedOn.slice(0, 7), 12);
  const last = lastDayOfMonth(month);
  const day = `${month}-${announcedOn.slice(8, 10)}`;
  return day > last ? last : day;
}
