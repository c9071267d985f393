/**
 * The proposal state machine (issue 4 item 7), every (status, action) pair.
 * The expected table is written here from the words:
 *   draft → quoting → selecting → in approval → approved / rejected (or
 *   referred to the owners by the quorum floor); withdrawn by the drafter
 *   before a decision; approved → (advance paid) → accepted (验收) → paid →
 *   closed, with an optional retention 质保金 released after its warranty.
 * A balance payment may close at once (no retention) or leave the proposal
 * accepted (paid in part); retention is released (confirmed) then paid.
 */
import { describe, expect, it } from "vitest";
import {
  actionsFrom, nextStatus, PROPOSAL_ACTIONS, PROPOSAL_STATUSES, TERMINAL_STATUSES, type ProposalAction, type ProposalStatus,
} from "~/domain/spending/proposal-states";

const EXPECTED: Record<ProposalStatus, Partial<Record<ProposalAction, readonly ProposalStatus[]>>> = {
  draft: { openQuoting: ["quoting"], withdraw: ["withdrawn"] },
  quoting: { closeQuoting: ["selecting"], withdraw: ["withdrawn"] },
  selecting: { reopenQuoting: ["quoting"], submit: ["in_approval"], withdraw: ["withdrawn"] },
  in_approval: { pass: ["approved"], reject: ["rejected"], refer: ["referred"], withdraw: ["withdrawn"] },
  approved: { payAdvance: ["advance_paid"], accept: ["accepted"] },
  advance_paid: { payAdvance: ["advance_paid"], accept: ["accepted"] },
  accepted: { payBalance: ["accepted", "paid", "closed"] },
  paid: { releaseRetention: ["paid"], payRetention: ["closed"] },
  rejected: {},
  referred: {},
  withdrawn: {},
  closed: {},
};

describe("nextStatus", () => {
  for (const from of PROPOSAL_STATUSES) {
    for (const action of PROPOSAL_ACTIONS) {
      const targets = EXPECTED[from][action];
      if (targets) {
        it(`allows ${action} from ${from} into ${targets.join(" / ")} and nothing else`, () => {
          expect(nextStatus(from, action)).toEqual({ ok: true, status: targets[0] });
          for (const to of PROPOSAL_STATUSES) {
            const result = nextStatus(from, action, to);
            if (targets.includes(to)) expect(result).toEqual({ ok: true, status: to });
            else expect(result).toEqual({ ok: false, problem: { code: "spending.errors.illegalTransition", params: { action, from } } });
          }
        });
      } else {
        it(`refuses ${action} from ${from}`, () => {
          expect(nextStatus(from, action)).toEqual({ ok: false, problem: { code: "spending.errors.illegalTransition", params: { action, from } } });
          for (const to of PROPOSAL_STATUSES) expect(nextStatus(from, action, to).ok).toBe(false);
        });
      }
    }
  }
});

describe("actionsFrom and the terminal statuses", () => {
  it("lists exactly the allowed actions of each status", () => {
    for (const status of PROPOSAL_STATUSES) expect(actionsFrom(status), status).toEqual(PROPOSAL_ACTIONS.filter((a) => EXPECTED[status][a]));
  });

  it("gives no action to a terminal status, and some to every other", () => {
    expect([...TERMINAL_STATUSES].sort()).toEqual(["closed", "referred", "rejected", "withdrawn"]);
    for (const status of PROPOSAL_STATUSES) expect(actionsFrom(status).length === 0, status).toBe(TERMINAL_STATUSES.includes(status));
  });

  it("allows withdrawal only before a decision", () => {
    expect(PROPOSAL_STATUSES.filter((s) => nextStatus(s, "withdraw").ok)).toEqual(["draft", "quoting", "selecting", "in_approval"]);
  });

  it("reaches every status from draft along the happy and the other paths", () => {
    const seen = new Set<ProposalStatus>(["draft"]);
    const queue: ProposalStatus[] = ["draft"];
    while (queue.length > 0) {
      const from = queue.shift()!;
      for (const action of actionsFrom(from)) for (const to of PROPOSAL_STATUSES) {
        const r = nextStatus(from, action, to);
        if (r.ok && !seen.has(r.status)) {
          seen.add(r.status);
          queue.push(r.status);
        }
      }
    }
    expect([...seen].sort()).toEqual([...PROPOSAL_STATUSES].sort());
  });
});
