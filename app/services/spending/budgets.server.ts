import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { approvals, budgetLines, budgets, users } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { decisionLabel } from "~/domain/decisions/matters";
import { BOOK_NAMES_ZH, type Book } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { hasAnyRole, type Role } from "~/domain/roles";
import { budgetTotalFen, checkBudgetDraft, mayDraftBudget, type BudgetDraftInput } from "~/domain/spending/budget";
import type { BudgetListQuery } from "~/domain/spending/budget-forms";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { parseRoles } from "../users.server";
import { approvalsOf, openApproval } from "./approvals.server";
import { budgetUsage } from "./budget-usage.server";
import { citeDecision, decisionLink } from "./decision-citation.server";

export type BudgetRow = typeof budgets.$inferSelect;

/** A draft as the services take it: the owners' decision by its id in the register (its label is written beside it). */
export type BudgetDraft = BudgetDraftInput;


/** The acting user's roles, or a 403 for an actor that is not an active user. */
export function actorRoles(db: Db | Tx, actor: Actor): { id: number; roles: Role[] } {
  const id = Number(actor);
  const user = Number.isSafeInteger(id) && id > 0 ? db.select().from(users).where(eq(users.id, id)).get() : undefined;
  if (!user || user.disabled) throw new DomainError("errors.forbidden", { status: 403 });
  return { id: user.id, roles: parseRoles(user.roles) };
}

function loadBudget(db: Db | Tx, id: number): BudgetRow {
  const budget = db.select().from(budgets).where(eq(budgets.id, id)).get();
  if (!budget) throw new DomainError("errors.notFound", { status: 404 });
  return budget;
}

function approvedFor(db: Db | Tx, year: number, book: Book, statuses: BudgetRow["status"][], exceptId?: number): BudgetRow | undefined {
  return db.select().from(budgets)
    .where(and(eq(budgets.year, year), eq(budgets.book, book), inArray(budgets.status, statuses), exceptId ? ne(budgets.id, exceptId) : undefined))
    .get();
}

/**
 * A manager (or, for the public-revenue book, a committee member citing the
 * owners' decision) drafts a year's budget with one line per kind. Lines
 * are append-only: a draft is changed by withdrawing it and drafting again.
 * At most one budget per year and book is approved; supplementary budgets
 * are out of scope, so a new draft while one is approved is refused.
 */
export function draftBudget(db: Db, input: BudgetDraft, actor: Actor) {
  if (input.book === "public_revenue" && input.decisionId == null) throw new DomainError("budget.errors.decisionRequired", { field: "decisionId" });
  // The pure check still asks for a reference text; the register's decision stands in for it.
  const problem = checkBudgetDraft(input);
  if (problem) throw new DomainError(problem.code, { field: problem.field === "decisionRef" ? "decisionId" : problem.field, params: problem.params });
  return auditedWrite(db, { actor, action: "budget.draft" }, (tx, seq) => {
    const user = actorRoles(tx, actor);
    if (!mayDraftBudget(user.roles, input.book)) throw new DomainError("errors.forbidden", { status: 403 });
    if (approvedFor(tx, input.year, input.book, ["approved"])) {
      throw new DomainError("budget.errors.alreadyApproved", { field: "year", params: { year: input.year }, status: 409 });
    }
    const decision = input.decisionId == null ? null : citeDecision(tx, input.decisionId, input.book, { amountFen: budgetTotalFen(input.lines) });
    const budget = tx.insert(budgets).values({
      year: input.year, book: input.book, title: input.title.trim(), note: input.note.trim(),
      decisionId: decision?.id ?? null, decisionRef: decision ? decisionLabel(decision) : null, status: "draft", draftedBy: user.id, auditSeq: seq,
    }).returning().get();
    const lines = input.lines.map((line) =>
      tx.insert(budgetLines).values({ budgetId: budget.id, kind: line.kind, amountFen: line.amountFen, note: line.note.trim(), auditSeq: seq }).returning().get(),
    );
    return {
      result: { budget, lines },
      subject: `budget:${budget.id}`,
      rows: { budgets: [rowViews.budgets(budget)], budget_lines: lines.map((l) => rowViews.budget_lines(l)) },
      extra: { to: "draft", amountFen: budgetTotalFen(lines) },
    };
  });
}

function mayAct(user: { id: number; roles: Role[] }, budget: BudgetRow): boolean {
  return user.id === budget.draftedBy || hasAnyRole(user.roles, ["manager"]);
}

/**
 * The drafter or any manager puts a draft to the committee's vote: the
 * approval (voters and 会签 fixed now) and the budget change in one event,
 * with a message queued for the channels. At the quorum floor the approval
 * is referred at once, and so is the budget.
 */
export function submitBudget(db: Db, id: number, actor: Actor, now = new Date()) {
  return auditedWrite(db, { actor, action: "budget.submit" }, (tx, seq) => {
    const budget = loadBudget(tx, id);
    const user = actorRoles(tx, actor);
    if (!mayAct(user, budget)) throw new DomainError("errors.forbidden", { status: 403 });
    if (budget.status !== "draft") throw new DomainError("budget.errors.notDraft", { params: { status: budget.status }, status: 409 });
    const other = approvedFor(tx, budget.year, budget.book, ["approved", "in_approval"], budget.id);
    if (other) throw new DomainError("budget.errors.otherPending", { params: { id: other.id, year: budget.year }, status: 409 });
    const lines = tx.select().from(budgetLines).where(eq(budgetLines.budgetId, id)).all();
    const amountFen = budgetTotalFen(lines);
    if (budget.decisionId !== null) citeDecision(tx, budget.decisionId, budget.book, { amountFen, exceptBudgetId: budget.id });
    else if (budget.book === "public_revenue") throw new DomainError("budget.errors.decisionRequired", { field: "decisionId" });
    const opened = openApproval(tx, seq, { subjectKind: "budget", subjectId: id, amountFen, drafterId: budget.draftedBy, quotingSupplierIds: [] }, actor, now);
    const to = opened.row.status === "referred" ? "referred" : "in_approval";
    const updated = tx.update(budgets).set({ status: to, auditSeq: seq }).where(eq(budgets.id, id)).returning().get();
    const what = `${budget.year} 年${BOOK_NAMES_ZH[budget.book]}预算「${budget.title}」，合计 ${formatFen(amountFen)}`;
    enqueueNotification(tx, seq, to === "referred"
      ? { topic: "approval.decided", subject: `budget:${id}`, title: `预算需业主共同决定：${budget.title}`, body: `${what}：可表决委员不足半数，须提交业主共同决定。[查看](/budget/${id})` }
      : { topic: "approval.opened", subject: `budget:${id}`, title: `预算待表决：${budget.title}`, body: `${what}，请业委会委员表决${opened.row.unanimous ? "（会签：须全体表决人同意）" : ""}。[查看](/approvals/${opened.row.id})` }, now);
    return {
      result: { budget: updated, approval: opened.row },
      subject: `budget:${id}`,
      rows: { approvals: [opened.view], budgets: [rowViews.budgets(updated)] },
      extra: { from: "draft", to, amountFen },
    };
  });
}

/** The drafter or a manager withdraws a budget before a decision; an open vote on it is withdrawn too. */
export function withdrawBudget(db: Db, id: number, actor: Actor, now = new Date()) {
  return auditedWrite(db, { actor, action: "budget.withdraw" }, (tx, seq) => {
    const budget = loadBudget(tx, id);
    const user = actorRoles(tx, actor);
    if (!mayAct(user, budget)) throw new DomainError("errors.forbidden", { status: 403 });
    if (budget.status !== "draft" && budget.status !== "in_approval") {
      throw new DomainError("budget.errors.notWithdrawable", { params: { status: budget.status }, status: 409 });
    }
    const open = tx.select().from(approvals)
      .where(and(eq(approvals.subjectKind, "budget"), eq(approvals.subjectId, id), eq(approvals.status, "open"))).all();
    const closed = open.map((a) =>
      tx.update(approvals).set({ status: "withdrawn", decidedAt: now.toISOString(), auditSeq: seq }).where(eq(approvals.id, a.id)).returning().get(),
    );
    const updated = tx.update(budgets).set({ status: "withdrawn", auditSeq: seq }).where(eq(budgets.id, id)).returning().get();
    return {
      result: { budget: updated },
      subject: `budget:${id}`,
      rows: { ...(closed.length ? { approvals: closed.map((a) => rowViews.approvals(a)) } : {}), budgets: [rowViews.budgets(updated)] },
      extra: { from: budget.status, to: "withdrawn" },
    };
  });
}

/** Budgets matching the filters, newest year first, each with its lines' usage and total. */
export function listBudgets(db: Db, query: Partial<BudgetListQuery> = {}) {
  const rows = db.select().from(budgets)
    .where(and(query.year !== undefined ? eq(budgets.year, query.year) : undefined, query.book ? eq(budgets.book, query.book) : undefined))
    .orderBy(desc(budgets.year), asc(budgets.book), desc(budgets.id)).all();
  return rows.map((budget) => {
    const lines = budgetUsage(db, budget.id);
    return { budget, lines, totalFen: budgetTotalFen(lines) };
  });
}

/** A budget with its lines' usage, its approvals (latest last) and the drafter's name; null if unknown. */
export function getBudget(db: Db, id: number) {
  const budget = db.select().from(budgets).where(eq(budgets.id, id)).get();
  if (!budget) return null;
  const lines = budgetUsage(db, id);
  const drafter = db.select({ displayName: users.displayName }).from(users).where(eq(users.id, budget.draftedBy)).get();
  return { budget, lines, totalFen: budgetTotalFen(lines), approvals: approvalsOf(db, "budget", id), drafterName: drafter?.displayName ?? "", decision: decisionLink(db, budget.decisionId) };
}
