import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { approvals, budgets, notificationOutbox } from "~db/schema";
import { budgetDraftFormSchema } from "~/domain/spending/budget-forms";
import { routineFormSchema } from "~/domain/spending/routine-forms";
import { verifyDatabase } from "~/services/audit-verify.server";
import { accrueRemuneration, setRemunerationRule } from "~/services/income/remuneration.server";
import { accountBalanceFen } from "~/services/ledger/entries.server";
import { approvedLinesFor, budgetUsage, lineRemainingFen } from "~/services/spending/budget-usage.server";
import { draftBudget, getBudget, listBudgets, submitBudget, withdrawBudget } from "~/services/spending/budgets.server";
import { listRoutineSpending, recordRoutineSpending, recordRoutineSpendingWithUpload, type RoutineInput } from "~/services/spending/routine.server";
import { saveChannel } from "~/services/notifications/channels.server";
import { count } from "../support/builders";
import { testDb } from "../support/db";
import { FILES } from "../support/income";
import { passedDecision } from "../support/decisions";
import { decisionLabel } from "~/domain/decisions/matters";
import { approveBudgetForTest, approvedBudget, buildBudget, budgetDigest, budgetWorld, expectBudgetRefused } from "../support/budget";

const db = () => testDb();
let world: Awaited<ReturnType<typeof budgetWorld>>;

beforeAll(async () => {
  world = await budgetWorld(db());
}, 60_000);

describe("drafting a budget", () => {
  it("writes the budget and its lines in one budget.draft event", () => {
    const { budget, lines, event } = buildBudget(db(), world.manager, { year: 2025 });
    expect(budget.status).toBe("draft");
    expect(lines).toHaveLength(5);
    expect(event).toMatchObject({ action: "budget.draft", subject: `budget:${budget.id}` });
    expect(event.data).toMatchObject({ to: "draft" });
    expect(getBudget(db(), budget.id)!.totalFen).toBe(187_000_00);
  });

  it("refuses bad drafts with nothing written", async () => {
    const m = world.manager;
    await expectBudgetRefused(db(), () => buildBudget(db(), m, { amounts: { "6801": 100 } }), "budget.errors.kindNotOfBook");
    await expectBudgetRefused(db(), () => buildBudget(db(), m, { year: 1999 }), "budget.errors.year");
    await expectBudgetRefused(db(), () => buildBudget(db(), m, { amounts: { "6601": -1 } }), "budget.errors.amountInvalid");
    await expectBudgetRefused(db(), () => draftBudget(db(), { year: 2026, book: "public_revenue", title: "公共收益", note: "", lines: [{ kind: "6803", amountFen: 100, note: "" }] }, m), "budget.errors.decisionRequired");
    await expectBudgetRefused(db(), () => draftBudget(db(), { year: 2026, book: "cogoverned", title: "x", note: "", lines: [{ kind: "6601", amountFen: 1, note: "" }, { kind: "6601", amountFen: 2, note: "" }] }, m), "budget.errors.duplicateKind");
    // A committee member drafts only public-revenue budgets; an auditor none.
    await expectBudgetRefused(db(), () => buildBudget(db(), world.committee[0]!), "errors.forbidden");
    await expectBudgetRefused(db(), () => buildBudget(db(), world.auditor), "errors.forbidden");
  });

  it("lets a committee member draft a public-revenue budget citing the owners' decision", () => {
    const decision = passedDecision(db(), { title: "2025 年公共活动经费", authorisedFen: 8_000_00 });
    const { budget } = draftBudget(db(), { year: 2025, book: "public_revenue", title: "公共收益支出", note: "", decisionId: decision.id, lines: [{ kind: "6803", amountFen: 8_000_00, note: "" }] }, world.committee[0]!);
    expect(budget).toMatchObject({ book: "public_revenue", decisionId: decision.id, decisionRef: decisionLabel(decision) });
  });

  it("parses the form exactly: a third decimal, a negative amount, a kind of the other book are field errors", () => {
    const base = { year: "2026", book: "cogoverned", title: "t" };
    expect(budgetDraftFormSchema.safeParse({ ...base, line_6601: "1.234" }).success).toBe(false);
    expect(budgetDraftFormSchema.safeParse({ ...base, line_6601: "-5" }).success).toBe(false);
    expect(budgetDraftFormSchema.safeParse({ ...base, line_6801: "5" }).success).toBe(false);
    const ok = budgetDraftFormSchema.parse({ ...base, line_6601: "1,234.56", line_6602: "", line_2203: "0" });
    expect(ok.lines).toEqual([{ kind: "6601", amountFen: 123_456, note: "" }, { kind: "2203", amountFen: 0, note: "" }]);
    expect(routineFormSchema.safeParse({ budgetLineId: "1", routineKind: "payroll", paidOn: "2026-01-31", amount: "10.001", payee: "x" }).success).toBe(false);
    expect(routineFormSchema.safeParse({ budgetLineId: "1", routineKind: "payroll", paidOn: "2026-01-31", amount: "-10", payee: "x" }).success).toBe(false);
  });
});

describe("submitting and withdrawing", () => {
  it("opens the committee's approval in the same event, and withdrawing withdraws it", () => {
    const { budget } = buildBudget(db(), world.manager, { year: 2024 });
    const { budget: submitted, approval, event } = submitBudget(db(), budget.id, world.accountant);
    expect(submitted.status).toBe("in_approval");
    expect(approval).toMatchObject({ subjectKind: "budget", subjectId: budget.id, amountFen: 187_000_00, unanimous: true, status: "open" });
    expect(event.data).toMatchObject({ from: "draft", to: "in_approval" });
    expect(Object.keys((event.data as { rows: object }).rows)).toEqual(["approvals", "budgets"]);
    const withdrawn = withdrawBudget(db(), budget.id, world.manager);
    expect(withdrawn.budget.status).toBe("withdrawn");
    expect(db().select().from(approvals).where(eq(approvals.id, approval.id)).get()!.status).toBe("withdrawn");
    expect(withdrawn.event.data).toMatchObject({ from: "in_approval", to: "withdrawn" });
  });

  it("refuses to submit twice, to submit by someone else, or a second pending budget of the year", async () => {
    const { budget } = buildBudget(db(), world.manager, { year: 2023 });
    await expectBudgetRefused(db(), () => submitBudget(db(), budget.id, world.committee[1]!), "errors.forbidden");
    submitBudget(db(), budget.id, world.manager);
    await expectBudgetRefused(db(), () => submitBudget(db(), budget.id, world.manager), "budget.errors.notDraft");
    const { budget: second } = buildBudget(db(), world.manager, { year: 2023 });
    await expectBudgetRefused(db(), () => submitBudget(db(), second.id, world.manager), "budget.errors.otherPending");
    expect(listBudgets(db(), { year: 2023 })).toHaveLength(2);
  });

  it("refuses routine spending against a budget that is not approved", async () => {
    const { lines } = buildBudget(db(), world.manager, { year: 2022 });
    const line = lines.find((l) => l.kind === "6601")!;
    await expectBudgetRefused(db(), () => recordRoutineSpending(db(), { ...payroll(line.id, "2022-01-31"), voucher: null }, world.manager), "budget.errors.voucherRequired");
    await expectBudgetRefused(db(), () => recordRoutineSpendingWithUpload(db(), { ...payroll(line.id, "2022-01-31"), upload: pdf() }, world.manager), "budget.errors.budgetNotApproved");
  });
});

function payroll(budgetLineId: number, paidOn: string, amountFen = 10_000_00): RoutineInput {
  return { budgetLineId, routineKind: "payroll", paidOn, amountFen, payee: "员工工资（批量代发）", bankReference: "B-001", invoiceNumber: "", memo: "" };
}
const pdf = () => ({ bytes: FILES.pdf(), filename: "工资表.pdf" });

describe("routine spending on an approved budget", () => {
  let b: Awaited<ReturnType<typeof approvedBudget>>;
  let routineId = 0;
  const m = () => world.manager;
  const refused = (input: Partial<RoutineInput>, code: string, upload = pdf(), actor = m()) =>
    expectBudgetRefused(db(), () => recordRoutineSpendingWithUpload(db(), { ...payroll(b.line("6601").id, "2026-02-28"), ...input, upload }, actor), code);

  it("is approved by the committee's votes (castVote), with a message queued for the channels", () => {
    saveChannel(db(), { kind: "wecom", name: "业委会群", webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-key-0001", enabled: true }, world.admin);
    const outboxBefore = count(db(), "notification_outbox");
    const drafted = buildBudget(db(), m());
    const { approval } = submitBudget(db(), drafted.budget.id, m());
    const queued = db().select().from(notificationOutbox).where(eq(notificationOutbox.subject, `budget:${drafted.budget.id}`)).all();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ topic: "approval.opened" });
    expect(queued[0]!.body).toContain(`/approvals/${approval.id}`);
    expect(queued[0]!.body).toContain("¥187,000.00");
    approveBudgetForTest(db(), drafted.budget.id);
    expect(count(db(), "notification_outbox")).toBeGreaterThan(outboxBefore);
    b = { ...drafted, line: (kind: string) => drafted.lines.find((l) => l.kind === kind)! };
    expect(db().select().from(budgets).where(eq(budgets.id, b.budget.id)).get()!.status).toBe("approved");
  });

  it("books a payroll payment against its line with the voucher; the line's remaining goes down", async () => {
    const line = b.line("6601");
    const bankBefore = accountBalanceFen(db(), "cogoverned", "1002", "2026-12-31");
    const { routine, duplicate } = await recordRoutineSpendingWithUpload(db(), { ...payroll(line.id, "2026-01-31"), upload: pdf(), idempotencyKey: "k-1" }, m());
    routineId = routine.id;
    expect(duplicate).toBe(false);
    expect(routine).toMatchObject({ amountFen: 10_000_00, routineKind: "payroll" });
    expect(accountBalanceFen(db(), "cogoverned", "1002", "2026-12-31")).toBe(bankBefore - 10_000_00);
    expect(accountBalanceFen(db(), "cogoverned", "6601", "2026-12-31")).toBe(10_000_00);
    expect(lineRemainingFen(db(), line.id)).toBe(90_000_00);
    expect(budgetUsage(db(), b.budget.id).find((l) => l.id === line.id)).toMatchObject({ routineFen: 10_000_00, spentFen: 10_000_00, committedFen: 0, remainingFen: 90_000_00 });
    expect(approvedLinesFor(db(), { year: 2026, book: "cogoverned" }).map((l) => l.kind)).toContain("6601");
    const listed = listRoutineSpending(db(), { budgetId: b.budget.id });
    expect(listed).toMatchObject({ total: 1, totalFen: 10_000_00 });
    expect(listed.rows[0]).not.toHaveProperty("piiSalt");
    const queued = db().select().from(notificationOutbox).where(eq(notificationOutbox.topic, "routine.paid")).all();
    expect(queued).toHaveLength(1);
  });

  it("books once when the same idempotency key comes again (two tabs)", async () => {
    const before = budgetDigest(db());
    const again = await recordRoutineSpendingWithUpload(db(), { ...payroll(b.line("6601").id, "2026-01-31"), upload: pdf(), idempotencyKey: "k-1" }, m());
    expect(again).toMatchObject({ duplicate: true, routine: { id: routineId } });
    expect(budgetDigest(db())).toEqual(before);
  });

  it("refuses a payroll payment above the line's remaining amount: an overrun needs a proposal", async () => {
    await refused({ amountFen: 90_000_01 }, "budget.errors.overrun");
  });
  it("refuses a date outside the budget year", async () => {
    await refused({ paidOn: "2027-01-05" }, "budget.errors.dateOutsideYear");
  });
  it("refuses a routine kind that does not fit the line", async () => {
    await refused({ routineKind: "insurance" }, "budget.errors.kindDoesNotFit");
  });
  it("refuses a zero amount", async () => {
    await refused({ amountFen: 0 }, "budget.errors.amountPositive");
  });
  it("refuses a payment without a voucher, an empty one, one that is not what its name says, and one over 10 MB", async () => {
    await expectBudgetRefused(db(), () => recordRoutineSpending(db(), { ...payroll(b.line("6601").id, "2026-02-28"), voucher: null }, m()), "budget.errors.voucherRequired");
    await expectBudgetRefused(db(), () => recordRoutineSpendingWithUpload(db(), { ...payroll(b.line("6601").id, "2026-02-28"), upload: null }, m()), "budget.errors.voucherRequired");
    await refused({}, "budget.errors.voucherRequired", { bytes: new Uint8Array(), filename: "x.pdf" });
    await refused({}, "income.errors.attachmentType", { bytes: FILES.exe(), filename: "payroll.pdf" });
    await refused({}, "income.errors.attachmentType", { bytes: new TextEncoder().encode("just text"), filename: "bill.png" });
    await refused({}, "income.errors.attachmentTooLarge", { bytes: new Uint8Array([...FILES.pdf(), ...new Uint8Array(10 * 1024 * 1024)]), filename: "big.pdf" });
  });
  it("refuses routine spending recorded by a committee member or an auditor", async () => {
    await refused({}, "errors.forbidden", pdf(), world.committee[0]!);
    await refused({}, "errors.forbidden", pdf(), world.auditor);
  });

  it("caps the 酬金 by what is payable (2241) and refunds by the prepaid fees held (2203)", async () => {
    const remuneration = { budgetLineId: b.line("6701").id, routineKind: "remuneration" as const, paidOn: "2026-03-31", amountFen: 8_000_00, payee: "某某物业服务有限公司" };
    await refused(remuneration, "budget.errors.remunerationAbovePayable");
    setRemunerationRule(db(), { method: "fixed", fixedFenPerMonth: 8_000_00, effectiveFrom: "2026-01", contractRef: "物业服务合同 HT-2026" }, world.director);
    accrueRemuneration(db(), { month: "2026-03" }, m());
    await refused({ ...remuneration, amountFen: 8_000_01 }, "budget.errors.remunerationAbovePayable");
    await recordRoutineSpendingWithUpload(db(), { ...payroll(0, "x"), ...remuneration, upload: pdf() }, m());
    expect(accountBalanceFen(db(), "cogoverned", "2241", "2026-03-31")).toBe(0);
    expect(accountBalanceFen(db(), "cogoverned", "6701", "2026-03-31")).toBe(8_000_00);
    await refused({ budgetLineId: b.line("2203").id, routineKind: "refund", amountFen: 100, payee: "钱多多" }, "budget.errors.refundAbovePrepaid");
  });

  it("books bank fees on a public-revenue budget a committee member drafted (the drafter does not vote on it)", async () => {
    const { budget, lines } = draftBudget(db(), { year: 2026, book: "public_revenue", title: "公共收益 2026", note: "", decisionId: passedDecision(db()).id, lines: [{ kind: "6804", amountFen: 500_00, note: "" }] }, world.director);
    const { approval } = submitBudget(db(), budget.id, m());
    expect(JSON.parse(approval.excluded)).toEqual([expect.objectContaining({ reason: "drafter" })]);
    approveBudgetForTest(db(), budget.id);
    await recordRoutineSpendingWithUpload(db(), { ...payroll(lines[0]!.id, "2026-05-20", 12_50), routineKind: "bank_fees", payee: "某某银行", upload: pdf() }, m());
    expect(accountBalanceFen(db(), "public_revenue", "6804", "2026-12-31")).toBe(12_50);
    expect(lineRemainingFen(db(), lines[0]!.id)).toBe(487_50);
    await refused({ budgetLineId: lines[0]!.id, routineKind: "payroll" }, "budget.errors.kindDoesNotFit");
  });

  it("refuses a second approved budget for the same year and book", async () => {
    await expectBudgetRefused(db(), () => buildBudget(db(), m()), "budget.errors.alreadyApproved");
  });
});

describe("the chain", () => {
  it("verifies after everything above", () => {
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
