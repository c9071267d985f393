/**
 * The committee's approval rule (DESIGN.md §7), pure. The voters are fixed
 * when approval opens: the active committee members minus the drafter and
 * every member related to a supplier that quoted, each left out with why.
 */
export interface Member {
  userId: number;
  isDirector: boolean;
}

export interface Relation {
  userId: number;
  supplierId: number;
}

export type ExclusionReason = "drafter" | "related";
export interface Excluded {
  userId: number;
  reason: ExclusionReason;
  supplierIds: number[];
}

export function chooseVoters(
  members: readonly Member[],
  drafterId: number | null,
  relations: readonly Relation[],
  quotingSupplierIds: readonly number[],
): { voters: Member[]; excluded: Excluded[] } {
  const voters: Member[] = [];
  const excluded: Excluded[] = [];
  for (const member of [...members].sort((a, b) => a.userId - b.userId)) {
    const related = [...new Set(relations.filter((r) => r.userId === member.userId && quotingSupplierIds.includes(r.supplierId)).map((r) => r.supplierId))].sort((a, b) => a - b);
    if (member.userId === drafterId) excluded.push({ userId: member.userId, reason: "drafter", supplierIds: related });
    else if (related.length > 0) excluded.push({ userId: member.userId, reason: "related", supplierIds: related });
    else voters.push(member);
  }
  return { voters, excluded };
}

export type Choice = "approve" | "reject" | "abstain";
export interface CastVote {
  userId: number;
  choice: Choice;
}

export type OutcomeStatus = "open" | "passed" | "rejected" | "referred";
export type OutcomeReason =
  | "majorityAndDirector" // passed: more than half approve and the director (if voting) approves
  | "majority" // passed: more than half approve, the director does not vote
  | "unanimous" // passed: 会签, every voter approved
  | "directorRejected"
  | "directorAbstained" // the director's approval can no longer come
  | "majorityUnreachable"
  | "unanimityBroken" // 会签: someone rejected or abstained
  | "quorumFloor" // fewer than half of the committee can vote: owners decide
  | "waiting";

export interface Tally {
  voters: number;
  approve: number;
  reject: number;
  abstain: number;
  pending: number;
}

export interface Outcome {
  status: OutcomeStatus;
  reason: OutcomeReason;
  tally: Tally;
}

/**
 * - referred: fewer than half of the committee remains as voters (or none);
 * - 会签 (unanimous): passes when every voter approved, rejected at the first
 *   reject or abstain;
 * - otherwise passes when more than half of the voters approve and the
 *   director approves if a voter; rejected when the director rejects or
 *   abstains, or when approvals plus pending votes can no longer be more
 *   than half.
 * Votes of anyone who is not a voter are ignored.
 */
export function approvalOutcome(input: { voters: readonly Member[]; committeeSize: number; unanimous: boolean; votes: readonly CastVote[] }): Outcome {
  const byVoter = new Map<number, Choice>();
  for (const vote of input.votes) if (input.voters.some((v) => v.userId === vote.userId) && !byVoter.has(vote.userId)) byVoter.set(vote.userId, vote.choice);
  const n = input.voters.length;
  const count = (choice: Choice) => [...byVoter.values()].filter((c) => c === choice).length;
  const tally: Tally = { voters: n, approve: count("approve"), reject: count("reject"), abstain: count("abstain"), pending: n - byVoter.size };
  const result = (status: OutcomeStatus, reason: OutcomeReason): Outcome => ({ status, reason, tally });

  if (n === 0 || n * 2 < input.committeeSize) return result("referred", "quorumFloor");
  if (input.unanimous) {
    if (tally.reject > 0 || tally.abstain > 0) return result("rejected", "unanimityBroken");
    return tally.approve === n ? result("passed", "unanimous") : result("open", "waiting");
  }
  const director = input.voters.find((v) => v.isDirector);
  const directorChoice = director ? byVoter.get(director.userId) : undefined;
  if (directorChoice === "reject") return result("rejected", "directorRejected");
  if (directorChoice === "abstain") return result("rejected", "directorAbstained");
  if ((tally.approve + tally.pending) * 2 <= n) return result("rejected", "majorityUnreachable");
  if (tally.approve * 2 > n) {
    if (!director) return result("passed", "majority");
    if (directorChoice === "approve") return result("passed", "majorityAndDirector");
  }
  return result("open", "waiting");
}

/** 会签 applies from the rules' threshold (¥50,000 by default). */
export function needsUnanimity(amountFen: number | null, unanimousFromFen: number): boolean {
  return amountFen !== null && amountFen >= unanimousFromFen;
}
