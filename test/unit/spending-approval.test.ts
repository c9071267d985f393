/**
 * The committee's approval rule (DESIGN.md §7), tested against an oracle
 * written from the rule's words, for every committee size 1–9, every number
 * of voters, with and without the director, and every split of the votes.
 *
 * The words: "It passes when more than half of the voters approve and the
 * director approves (if the director is a voter; otherwise the majority
 * alone). It is rejected when the director rejects or a majority can no
 * longer be reached. From ¥50,000 every voter must approve (会签). If fewer
 * than half of the committee remains as voters, the committee cannot decide:
 * it needs an owners' decision."
 *
 * Cases the words leave open, decided here (and the code agrees):
 * - The director abstains: the director's approval can no longer come, so the
 *   proposal cannot pass; it is rejected at once (reason directorAbstained).
 * - 会签 with an abstention: "every voter must approve", so an abstention
 *   breaks unanimity like a rejection: rejected (unanimityBroken).
 * - "Fewer than half of the committee remains": voters × 2 < committee size.
 *   Exactly half (2 of 4, 3 of 6) can decide. No voter at all: referred.
 * - Under 会签 the quorum floor still applies first.
 * - Votes of non-voters are ignored; a voter's first vote counts.
 */
import { describe, expect, it } from "vitest";
import { approvalOutcome, chooseVoters, needsUnanimity, type CastVote, type Choice, type Member, type OutcomeStatus } from "~/domain/spending/approval";

type Slot = Choice | "pending";

/** The oracle, from the words above; integer arithmetic only. */
function oracle(size: number, voters: number, unanimous: boolean, director: Slot | null, counts: Record<Slot, number>): OutcomeStatus {
  if (voters === 0 || voters < size / 2) return "referred";
  const majority = Math.floor(voters / 2) + 1; // "more than half"
  if (unanimous) {
    if (counts.reject > 0 || counts.abstain > 0) return "rejected";
    return counts.approve === voters ? "passed" : "open";
  }
  if (director === "reject" || director === "abstain") return "rejected";
  if (counts.approve + counts.pending < majority) return "rejected"; // a majority can no longer be reached
  if (counts.approve >= majority && (director === null || director === "approve")) return "passed";
  return "open";
}

/** Every split of n voters into approve/reject/abstain/pending counts. */
function* splits(n: number): Generator<Record<Slot, number>> {
  for (let approve = 0; approve <= n; approve += 1)
    for (let reject = 0; approve + reject <= n; reject += 1)
      for (let abstain = 0; approve + reject + abstain <= n; abstain += 1)
        yield { approve, reject, abstain, pending: n - approve - reject - abstain };
}

/** The voters (ids 1..n, the director first if a voter) and the votes for a split and the director's slot. */
function ballot(n: number, directorSlot: Slot | null, counts: Record<Slot, number>): { voters: Member[]; votes: CastVote[] } {
  const voters: Member[] = Array.from({ length: n }, (_, i) => ({ userId: i + 1, isDirector: directorSlot !== null && i === 0 }));
  const slots: Slot[] = [];
  const left = { ...counts };
  if (directorSlot !== null) {
    slots.push(directorSlot);
    left[directorSlot] -= 1;
  }
  for (const slot of ["approve", "reject", "abstain", "pending"] as const) for (let k = 0; k < left[slot]; k += 1) slots.push(slot);
  const votes: CastVote[] = [];
  slots.forEach((slot, i) => {
    if (slot !== "pending") votes.push({ userId: i + 1, choice: slot });
  });
  return { voters, votes };
}

describe("approvalOutcome against the oracle", () => {
  it("agrees for committee sizes 1–9, every number of voters, with and without the director, every split, majority and 会签", () => {
    let cases = 0;
    for (let size = 1; size <= 9; size += 1) {
      for (let n = 0; n <= size; n += 1) {
        for (const counts of splits(n)) {
          const directorSlots: (Slot | null)[] = [null, ...(["approve", "reject", "abstain", "pending"] as const).filter((s) => counts[s] > 0)];
          for (const directorSlot of directorSlots) {
            for (const unanimous of [false, true]) {
              const { voters, votes } = ballot(n, directorSlot, counts);
              const outcome = approvalOutcome({ voters, committeeSize: size, unanimous, votes });
              const label = JSON.stringify({ size, n, unanimous, directorSlot, counts });
              expect(outcome.status, label).toBe(oracle(size, n, unanimous, directorSlot, counts));
              expect(outcome.tally, label).toEqual({ voters: n, ...counts });
              cases += 1;
            }
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(10_000);
  });
});

const members = (n: number, directorId: number | null = 1): Member[] => Array.from({ length: n }, (_, i) => ({ userId: i + 1, isDirector: i + 1 === directorId }));
const vote = (userId: number, choice: Choice): CastVote => ({ userId, choice });
const approvals = (ids: number[]) => ids.map((id) => vote(id, "approve"));
const outcome = (voters: Member[], votes: CastVote[], committeeSize = voters.length, unanimous = false) => approvalOutcome({ voters, committeeSize, unanimous, votes });

describe("approvalOutcome at the boundaries", () => {
  it("2 of 4 approvals is not more than half; 3 of 4 with the director passes", () => {
    const v = members(4);
    expect(outcome(v, approvals([1, 2])).status).toBe("open");
    expect(outcome(v, [...approvals([1, 2]), vote(3, "reject"), vote(4, "reject")])).toMatchObject({ status: "rejected", reason: "majorityUnreachable" });
    expect(outcome(v, approvals([1, 2, 3]))).toMatchObject({ status: "passed", reason: "majorityAndDirector" });
  });

  it("3 of 5 passes with the director; 3 of 5 without the director's vote waits for it", () => {
    expect(outcome(members(5), approvals([1, 2, 3])).status).toBe("passed");
    expect(outcome(members(5), approvals([2, 3, 4])).status).toBe("open");
    expect(outcome(members(5), [...approvals([2, 3, 4]), vote(1, "approve")]).status).toBe("passed");
  });

  it("3 of 6 is not a majority, 4 of 6 is", () => {
    expect(outcome(members(6), approvals([1, 2, 3])).status).toBe("open");
    expect(outcome(members(6), [...approvals([1, 2, 3]), vote(4, "abstain"), vote(5, "reject"), vote(6, "reject")]).status).toBe("rejected");
    expect(outcome(members(6), approvals([1, 2, 3, 4])).status).toBe("passed");
  });

  it("4 of 7 passes; 3 approvals with 4 against can never pass", () => {
    expect(outcome(members(7), approvals([1, 2, 3, 4])).status).toBe("passed");
    expect(outcome(members(7), [...approvals([1, 2, 3]), vote(4, "reject"), vote(5, "reject"), vote(6, "abstain"), vote(7, "abstain")]).status).toBe("rejected");
  });

  it("the director's rejection or abstention decides at once, even against a majority", () => {
    expect(outcome(members(5), [...approvals([2, 3, 4, 5]), vote(1, "reject")])).toMatchObject({ status: "rejected", reason: "directorRejected" });
    expect(outcome(members(5), [...approvals([2, 3, 4, 5]), vote(1, "abstain")])).toMatchObject({ status: "rejected", reason: "directorAbstained" });
    expect(outcome(members(5), [vote(1, "reject")])).toMatchObject({ status: "rejected", reason: "directorRejected" });
  });

  it("without the director among the voters, the majority alone decides", () => {
    const v = members(4, null); // the director drafted or is related
    expect(outcome(v, approvals([1, 2, 3]), 5)).toMatchObject({ status: "passed", reason: "majority" });
    expect(outcome(v, approvals([1, 2]), 5).status).toBe("open");
  });

  it("exactly half of the committee as voters can decide; fewer is referred to the owners", () => {
    expect(outcome(members(2), approvals([1, 2]), 4)).toMatchObject({ status: "passed" });
    expect(outcome(members(3), approvals([1, 2]), 6)).toMatchObject({ status: "passed" });
    expect(outcome(members(3), approvals([1, 2, 3]), 7)).toMatchObject({ status: "referred", reason: "quorumFloor" });
    expect(outcome(members(2), approvals([1, 2]), 5)).toMatchObject({ status: "referred", reason: "quorumFloor" });
    expect(outcome([], [], 3)).toMatchObject({ status: "referred", reason: "quorumFloor" });
    expect(outcome(members(2), approvals([1, 2]), 5, true).status).toBe("referred");
  });

  it("会签: every voter must approve; one rejection or abstention rejects", () => {
    const v = members(5);
    expect(outcome(v, approvals([1, 2, 3, 4]), 5, true)).toMatchObject({ status: "open", reason: "waiting" });
    expect(outcome(v, approvals([1, 2, 3, 4, 5]), 5, true)).toMatchObject({ status: "passed", reason: "unanimous" });
    expect(outcome(v, [...approvals([1, 2, 3, 4]), vote(5, "abstain")], 5, true)).toMatchObject({ status: "rejected", reason: "unanimityBroken" });
    expect(outcome(v, [vote(3, "reject")], 5, true)).toMatchObject({ status: "rejected", reason: "unanimityBroken" });
  });

  it("ignores votes of non-voters and second votes", () => {
    const v = members(3);
    const result = outcome(v, [vote(9, "reject"), vote(1, "approve"), vote(1, "reject"), vote(2, "approve")], 3);
    expect(result.status).toBe("passed");
    expect(result.tally).toEqual({ voters: 3, approve: 2, reject: 0, abstain: 0, pending: 1 });
  });
});

describe("chooseVoters", () => {
  const committee: Member[] = [{ userId: 4, isDirector: false }, { userId: 1, isDirector: true }, { userId: 2, isDirector: false }, { userId: 3, isDirector: false }, { userId: 5, isDirector: false }];

  it("leaves out the drafter", () => {
    const { voters, excluded } = chooseVoters(committee, 2, [], [10]);
    expect(voters.map((v) => v.userId)).toEqual([1, 3, 4, 5]);
    expect(excluded).toEqual([{ userId: 2, reason: "drafter", supplierIds: [] }]);
  });

  it("leaves out a member related to any quoting supplier, with the suppliers", () => {
    const relations = [{ userId: 3, supplierId: 11 }, { userId: 3, supplierId: 10 }, { userId: 3, supplierId: 10 }, { userId: 4, supplierId: 12 }];
    const { voters, excluded } = chooseVoters(committee, null, relations, [10, 11, 12]);
    expect(voters.map((v) => v.userId)).toEqual([1, 2, 5]);
    expect(excluded).toEqual([{ userId: 3, reason: "related", supplierIds: [10, 11] }, { userId: 4, reason: "related", supplierIds: [12] }]);
  });

  it("ignores relations to suppliers that did not quote", () => {
    const { voters, excluded } = chooseVoters(committee, null, [{ userId: 3, supplierId: 99 }], [10]);
    expect(voters).toHaveLength(5);
    expect(excluded).toEqual([]);
  });

  it("lists a drafter who is also related once, as drafter", () => {
    const { voters, excluded } = chooseVoters(committee, 1, [{ userId: 1, supplierId: 10 }], [10]);
    expect(voters.map((v) => v.userId)).toEqual([2, 3, 4, 5]);
    expect(excluded).toEqual([{ userId: 1, reason: "drafter", supplierIds: [10] }]);
  });

  it("keeps the director flag on voters, so the rule can find the director", () => {
    expect(chooseVoters(committee, null, [], []).voters.find((v) => v.isDirector)?.userId).toBe(1);
  });
});

describe("needsUnanimity", () => {
  it("starts at ¥50,000.00", () => {
    expect(needsUnanimity(4_999_999, 5_000_000)).toBe(false);
    expect(needsUnanimity(5_000_000, 5_000_000)).toBe(true);
    expect(needsUnanimity(null, 5_000_000)).toBe(false);
  });
});
