import { eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { users } from "~db/schema";
import { ensureDemoCommunity } from "~/services/demo.server";
import { approvalsOf } from "~/services/spending/approvals.server";
import { castVote } from "~/services/spending/votes.server";
import { draftBudget, submitBudget, type BudgetDraft } from "~/services/spending/budgets.server";
import { count, expectRefusedUnchanged, maxSeq } from "./builders";

export const BUDGET_TABLES = ["budgets", "budget_lines", "approvals", "routine_spendings", "attachments", "journal_entries", "postings", "notification_outbox", "audit_events"] as const;

/** Row counts of the budget feature's tables and the chain head: equal digests mean nothing was written. */
export function budgetDigest(db: Db): Record<string, number> {
  const digest: Record<string, number> = Object.fromEntries(BUDGET_TABLES.map((t) => [t, count(db, t)]));
  digest.maxSeq = maxSeq(db);
  return digest;
}

/** A refusal with this code (sync or async) that leaves every budget-related table as it was. */
export async function expectBudgetRefused(db: Db, fn: () => unknown, code: string) {
  return expectRefusedUnchanged(() => budgetDigest(db), fn, code);
}

export function userId(db: Db, login: string): number {
  const row = db.select({ id: users.id }).from(users).where(eq(users.login, login)).get();
  if (!row) throw new Error(`no user ${login}`);
  return row.id;
}

/** The demo community's people, as actors. */
export async function budgetWorld(db: Db) {
  await ensureDemoCommunity(db);
  const id = (login: string) => userId(db, login);
  return {
    manager: String(id("manager")), accountant: String(id("accountant")), director: String(id("director")),
    committee: ["committee1", "committee2", "committee3", "committee4"].map((l) => String(id(l))),
    auditor: String(id("auditor")), admin: String(id("admin")),
  };
}

/** A cogoverned budget for the year with the lines given (kind → fen), drafted by `actor`. */
export function buildBudget(db: Db, actor: string, fields: Partial<BudgetDraft> & { amounts?: Record<string, number> } = {}) {
  const amounts = fields.amounts ?? { "6601": 100_000_00, "6602": 50_000_00, "6701": 30_000_00, "2203": 5_000_00, "6606": 2_000_00 };
  return draftBudget(db, {
    year: 2026, book: "cogoverned", title: "2026 年度共管账户预算", note: "", decisionId: null,
    lines: Object.entries(amounts).map(([kind, amountFen]) => ({ kind, amountFen, note: "" })),
    ...fields,
  }, actor);
}

/** Approves a submitted budget the only honest way: every voter of its open approval approves through castVote. */
export function approveBudgetForTest(db: Db, budgetId: number) {
  const approval = approvalsOf(db, "budget", budgetId).at(-1);
  if (!approval || approval.status !== "open") throw new Error(`budget ${budgetId} has no open approval`);
  for (const voter of JSON.parse(approval.voters) as { userId: number }[]) {
    castVote(db, { approvalId: approval.id, userId: voter.userId, choice: "approve", comment: "" }, String(voter.userId));
    if (approvalsOf(db, "budget", budgetId).at(-1)!.status !== "open") break;
  }
}

/** Draft, submit and approve a budget in one go. */
export async function approvedBudget(db: Db, actor: string, fields: Parameters<typeof buildBudget>[2] = {}) {
  const { budget, lines } = buildBudget(db, actor, fields);
  submitBudget(db, budget.id, actor);
  approveBudgetForTest(db, budget.id);
  return { budget, lines, line: (kind: string) => lines.find((l) => l.kind === kind)! };
}
