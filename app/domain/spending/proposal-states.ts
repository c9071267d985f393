/**
 * The proposal state machine (issue 4 item 7) as a transition table. Every
 * change of a proposal's status goes through `nextStatus`; the services
 * check who may take each action.
 */
export const PROPOSAL_STATUSES = [
  "draft", "quoting", "selecting", "in_approval", "approved", "rejected", "referred", "withdrawn",
  "advance_paid", "accepted", "paid", "closed",
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const PROPOSAL_ACTIONS = [
  "openQuoting", // draft → quoting (the drafter)
  "closeQuoting", // quoting → selecting
  "reopenQuoting", // selecting → quoting (another quote is needed)
  "submit", // selecting → in_approval, with the selected quote
  "pass", // in_approval → approved (the vote)
  "reject", // in_approval → rejected (the vote)
  "refer", // in_approval → referred to an owners' decision (quorum floor)
  "withdraw", // before a decision, by the drafter
  "payAdvance", // approved / advance_paid → advance_paid
  "accept", // approved / advance_paid → accepted (a committee member, 验收)
  "payBalance", // accepted → accepted (partly paid), paid (all but the retention) or closed
  "releaseRetention", // paid → paid, once the warranty ended (a committee member)
  "payRetention", // paid → closed
] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

const T: Record<ProposalAction, { from: readonly ProposalStatus[]; to: readonly ProposalStatus[] }> = {
  openQuoting: { from: ["draft"], to: ["quoting"] },
  closeQuoting: { from: ["quoting"], to: ["selecting"] },
  reopenQuoting: { from: ["selecting"], to: ["quoting"] },
  submit: { from: ["selecting"], to: ["in_approval"] },
  pass: { from: ["in_approval"], to: ["approved"] },
  reject: { from: ["in_approval"], to: ["rejected"] },
  refer: { from: ["in_approval"], to: ["referred"] },
  withdraw: { from: ["draft", "quoting", "selecting", "in_approval"], to: ["withdrawn"] },
  payAdvance: { from: ["approved", "advance_paid"], to: ["advance_paid"] },
  accept: { from: ["approved", "advance_paid"], to: ["accepted"] },
  payBalance: { from: ["accepted"], to: ["accepted", "paid", "closed"] },
  releaseRetention: { from: ["paid"], to: ["paid"] },
  payRetention: { from: ["paid"], to: ["closed"] },
};

export const PROPOSAL_TRANSITIONS = T;

export type TransitionProblem = { code: "spending.errors.illegalTransition"; params: { action: ProposalAction; from: ProposalStatus } };

/** Whether `action` may be taken from `from`, and into which status (the first target unless `to` picks another allowed one). */
export function nextStatus(from: ProposalStatus, action: ProposalAction, to?: ProposalStatus): { ok: true; status: ProposalStatus } | { ok: false; problem: TransitionProblem } {
  const rule = T[action];
  const target = to ?? rule.to[0]!;
  if (!rule.from.includes(from) || !rule.to.includes(target)) {
    return { ok: false, problem: { code: "spending.errors.illegalTransition", params: { action, from } } };
  }
  return { ok: true, status: target };
}

/** The actions open from a status (for the page's buttons; the server checks again). */
export function actionsFrom(status: ProposalStatus): ProposalAction[] {
  return PROPOSAL_ACTIONS.filter((a) => T[a].from.includes(status));
}

export const TERMINAL_STATUSES: readonly ProposalStatus[] = ["rejected", "referred", "withdrawn", "closed"];
