import { beforeAll, describe, expect, it } from "vitest";
import * as budgetIndex from "~/routes/budget._index";
import * as budgetNew from "~/routes/budget.new";
import * as budgetPage from "~/routes/budget.$budgetId";
import * as routineIndex from "~/routes/budget.routine._index";
import * as routineNew from "~/routes/budget.routine.new";
import { verifyDatabase } from "~/services/audit-verify.server";
import { DEMO_PASSWORD } from "~/services/demo.server";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";
import { FILES } from "../support/income";
import { approveBudgetForTest, budgetDigest, budgetWorld } from "../support/budget";

const db = () => testDb();
const cookies: Record<string, string> = {};
let budgetId = 0;

beforeAll(async () => {
  await budgetWorld(db());
  for (const login of ["manager", "director", "committee1", "auditor", "admin", "owner"]) cookies[login] = (await signIn(login, DEMO_PASSWORD)).cookie;
}, 60_000);

const get = (mod: { loader: (args: never) => unknown }, path: string, who: string, params: Record<string, string> = {}) =>
  settle(mod.loader({ request: makeRequest(path, { cookie: cookies[who] }), params, context: CONTEXT } as never));
const post = (mod: { action: (args: never) => unknown }, path: string, who: string, form: Record<string, string> | FormData, params: Record<string, string> = {}) =>
  settle(mod.action({ request: makeRequest(path, { cookie: cookies[who], form }), params, context: CONTEXT } as never));

const status = (value: unknown) => (value instanceof Response ? value.status : isDataWithInit(value) ? value.init?.status ?? 200 : 200);
const draftForm = { year: "2026", book: "cogoverned", title: "2026 年度预算", note: "", decisionId: "", line_6601: "100,000", line_6701: "30000", line_2203: "0", line_6606: "2000.5" };

function routineForm(fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("voucher", new File([new Uint8Array(file.bytes)], file.name));
  return form;
}

describe("who may see the budget pages", () => {
  it("answers 403 to the admin and owners, and shows managers, committee members and auditors", async () => {
    for (const who of ["admin", "owner"]) {
      for (const [mod, path] of [[budgetIndex, "/budget"], [routineIndex, "/budget/routine"], [budgetNew, "/budget/new"], [routineNew, "/budget/routine/new"]] as const) {
        const outcome = await get(mod, path, who);
        expect(outcome.threw).toBe(true);
        expect(status(outcome.value)).toBe(403);
      }
    }
    for (const who of ["manager", "director", "auditor"]) expect((await get(budgetIndex, "/budget", who)).threw).toBe(false);
    expect(status((await get(routineNew, "/budget/routine/new", "director")).value)).toBe(403);
    expect(status((await get(budgetNew, "/budget/new", "auditor")).value)).toBe(403);
  });
});

describe("drafting and submitting through the pages", () => {
  it("offers a committee member only the public-revenue book", async () => {
    const { value } = await get(budgetNew, "/budget/new?book=cogoverned", "committee1");
    expect(value).toMatchObject({ books: ["public_revenue"], book: "public_revenue" });
    const refused = await post(budgetNew, "/budget/new", "committee1", draftForm);
    expect(status(refused.value)).toBe(403);
  });

  it("refuses a 3-decimal amount and a kind of the other book with field errors, writing nothing", async () => {
    const before = budgetDigest(db());
    const bad = await post(budgetNew, "/budget/new", "manager", { ...draftForm, line_6601: "1.234", line_6801: "5" });
    expect(status(bad.value)).toBe(400);
    const errors = isDataWithInit(bad.value) ? bad.value.data.lastResult.error : null;
    expect(errors).toMatchObject({ line_6601: ["errors.money.too_many_decimals"], line_6801: ["budget.errors.kindNotOfBook"] });
    expect(budgetDigest(db())).toEqual(before);
  });

  it("a manager drafts (redirect to the budget), submits it, and the committee approves it", async () => {
    const drafted = await post(budgetNew, "/budget/new", "manager", draftForm);
    expect(status(drafted.value)).toBe(302);
    const location = (drafted.value as Response).headers.get("Location")!;
    budgetId = Number(location.split("/").at(-1));
    const page = await get(budgetPage, location, "manager", { budgetId: String(budgetId) });
    expect(page.value).toMatchObject({ budget: { status: "draft" }, totalFen: 132_000_50, canSubmit: true });
    const submitted = await post(budgetPage, location, "manager", { intent: "submit" }, { budgetId: String(budgetId) });
    expect(status(submitted.value)).toBe(302);
    const again = await post(budgetPage, location, "manager", { intent: "submit" }, { budgetId: String(budgetId) });
    expect(status(again.value)).toBe(409);
    approveBudgetForTest(db(), budgetId);
    const approved = (await get(budgetPage, location, "auditor", { budgetId: String(budgetId) })).value as Awaited<ReturnType<typeof budgetPage.loader>>;
    expect(approved.budget.status).toBe("approved");
    expect(approved.approvals[0]!.status).toBe("passed");
    expect(approved.timeline.map((i) => i.action)).toEqual(expect.arrayContaining(["budget.draft", "budget.submit"]));
    expect(approved).toMatchObject({ canSubmit: false, canWithdraw: false });
  });
});

describe("routine spending through the form", () => {
  it("a manager records a payroll payment with its voucher; the same form twice books once", async () => {
    const form = (await get(routineNew, "/budget/routine/new", "manager")).value as Awaited<ReturnType<typeof routineNew.loader>>;
    const line = form.lines.find((l) => l.kind === "6601" && l.budget.id === budgetId)!;
    expect(line.remainingFen).toBe(100_000_00);
    const fields = { budgetLineId: String(line.id), routineKind: "payroll", paidOn: "2026-01-31", amount: "45,000", payee: "1月工资（代发）", bankReference: "ICBC-001", invoiceNumber: "", memo: "", idempotencyKey: form.idempotencyKey };
    const first = await post(routineNew, "/budget/routine/new", "manager", routineForm(fields, { bytes: FILES.pdf(), name: "工资表.pdf" }));
    expect(status(first.value)).toBe(302);
    const before = budgetDigest(db());
    const second = await post(routineNew, "/budget/routine/new", "manager", routineForm(fields, { bytes: FILES.pdf(), name: "工资表.pdf" }));
    expect((second.value as Response).headers.get("Location")).toBe((first.value as Response).headers.get("Location"));
    expect(budgetDigest(db())).toEqual(before);

    const overrun = await post(routineNew, "/budget/routine/new", "manager", routineForm({ ...fields, idempotencyKey: "other", amount: "55000.01" }, { bytes: FILES.pdf(), name: "工资表.pdf" }));
    expect(status(overrun.value)).toBe(422);
    expect(isDataWithInit(overrun.value) && overrun.value.data).toMatchObject({ lastResult: { error: { "": ["budget.errors.overrun"] } }, params: { remainingFen: "¥55,000.00" } });
    const noVoucher = await post(routineNew, "/budget/routine/new", "manager", routineForm({ ...fields, idempotencyKey: "other2" }));
    expect(isDataWithInit(noVoucher.value) && noVoucher.value.data.lastResult.error).toMatchObject({ voucher: ["budget.errors.voucherRequired"] });
    const negative = await post(routineNew, "/budget/routine/new", "manager", routineForm({ ...fields, idempotencyKey: "other3", amount: "-5" }, { bytes: FILES.pdf(), name: "a.pdf" }));
    expect(status(negative.value)).toBe(400);
    const committee = await post(routineNew, "/budget/routine/new", "director", routineForm({ ...fields, idempotencyKey: "other4" }, { bytes: FILES.pdf(), name: "a.pdf" }));
    expect(status(committee.value)).toBe(403);
    expect(budgetDigest(db())).toEqual(before);

    const list = (await get(routineIndex, "/budget/routine?year=2026&kind=payroll", "auditor")).value as Awaited<ReturnType<typeof routineIndex.loader>>;
    expect(list).toMatchObject({ total: 1, totalFen: 45_000_00 });
    expect(((await get(routineIndex, "/budget/routine?kind=refund", "auditor")).value as { total: number }).total).toBe(0);
    const page = (await get(budgetPage, `/budget/${budgetId}`, "director", { budgetId: String(budgetId) })).value as Awaited<ReturnType<typeof budgetPage.loader>>;
    expect(page.lines.find((l) => l.kind === "6601")).toMatchObject({ routineFen: 45_000_00, remainingFen: 55_000_00 });
    expect(page.routine.rows[0]).toMatchObject({ amountFen: 45_000_00, voucherName: "工资表.pdf" });
    expect(page.timeline[0]!.action).toBe("routine.record");
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
