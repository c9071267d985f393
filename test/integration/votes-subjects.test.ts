import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "~/domain/spending/tiers";
import { verifyDatabase } from "~/services/audit-verify.server";
import { approvalsOf, currentRules } from "~/services/spending/approvals.server";
import { getBudget, submitBudget } from "~/services/spending/budgets.server";
import { proposeRulesChange } from "~/services/spending/rules.server";
import { castVote } from "~/services/spending/votes.server";
import { testDb } from "../support/db";
import { buildBudget } from "../support/budget";
import { decisionWorld, passedDecision, voteAll } from "../support/decisions";
import { makeChannel, outboxRows } from "../support/notifications";

const db = testDb();
const vote = (approvalId: number, actor: string, choice: "approve" | "reject" | "abstain") => castVote(db, { approvalId, userId: Number(actor), choice, comment: "" }, actor);
const eventOf = (seq: number) => JSON.parse((db.$client.prepare("SELECT data FROM audit_events WHERE seq = ?").get(seq) as { data: string }).data) as Record<string, unknown>;
const maxSeq = () => (db.$client.prepare("SELECT max(seq) AS n FROM audit_events").get() as { n: number }).n;

describe("votes on budgets and rules changes", () => {
  it("approves a budget under 会签 (its total ≥ ¥50,000) in the deciding vote's event", async () => {
    const world = await decisionWorld(db);
    makeChannel(db);
    const { budget } = buildBudget(db, world.manager);
    submitBudget(db, budget.id, world.manager);
    const approval = approvalsOf(db, "budget", budget.id).at(-1)!;
    expect(approval.unanimous).toBe(true);
    voteAll(db, approval.id, "approve");
    expect(getBudget(db, budget.id)!.budget).toMatchObject({ status: "approved" });
    const data = eventOf(maxSeq());
    expect(data).toMatchObject({ approvalId: approval.id, choice: "approve", outcome: "passed", from: "in_approval", to: "approved" });
    expect(Object.keys(data.rows as object).sort()).toEqual(["approvals", "budgets", "votes"]);
    const decided = outboxRows(db).filter((m) => m.topic === "approval.decided" && m.subject === `budget:${budget.id}`);
    expect(decided).toHaveLength(1);
    expect(decided[0]!.body).toContain(`/approvals/${approval.id}`);
    expect(decided[0]!.title).toContain("通过");
  });

  it("rejects a budget at the first abstain under 会签", async () => {
    const world = await decisionWorld(db);
    const { budget } = buildBudget(db, world.manager, { year: 2027 });
    submitBudget(db, budget.id, world.manager);
    const approval = approvalsOf(db, "budget", budget.id).at(-1)!;
    vote(approval.id, world.committee[0]!, "approve");
    expect(vote(approval.id, world.committee[1]!, "abstain").outcome.status).toBe("rejected");
    expect(getBudget(db, budget.id)!.budget).toMatchObject({ status: "rejected" });
  });

  it("adopts a rules change when passed; the next adopted one supersedes it; a rejected one changes nothing", async () => {
    const world = await decisionWorld(db);
    const decisionId = passedDecision(db, { title: "修改议事规则", matter: 1, authorisedFen: null }).id;
    const first = proposeRulesChange(db, { rules: { ...DEFAULT_RULES, unanimousFromFen: 8_000_000 }, decisionId, reason: "提高会签标准" }, world.committee[0]!);
    expect(first.approval.status).toBe("open");
    voteAll(db, first.approval.id, "approve");
    expect(currentRules(db)).toEqual({ id: first.rules.id, rules: { ...DEFAULT_RULES, unanimousFromFen: 8_000_000 } });
    const second = proposeRulesChange(db, { rules: { ...DEFAULT_RULES, splitWindowDays: 60 }, decisionId, reason: "拆单期间延长" }, world.committee[1]!);
    voteAll(db, second.approval.id, "approve");
    expect(currentRules(db).id).toBe(second.rules.id);
    const statuses = db.$client.prepare("SELECT id, status FROM procurement_rules ORDER BY id").all();
    expect(statuses).toEqual([{ id: first.rules.id, status: "superseded" }, { id: second.rules.id, status: "adopted" }]);
    const third = proposeRulesChange(db, { rules: DEFAULT_RULES, decisionId, reason: "恢复默认" }, world.committee[2]!);
    vote(third.approval.id, world.director, "reject");
    expect(currentRules(db).id).toBe(second.rules.id);
    expect((db.$client.prepare("SELECT status FROM procurement_rules WHERE id = ?").get(third.rules.id) as { status: string }).status).toBe("rejected");
  });

  it("keeps the chain verifiable", () => {
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
