import { beforeAll, describe, expect, it } from "vitest";
import { baseMonth, remunerationAmount } from "~/domain/income/remuneration";
import { computeSurplus } from "~/domain/income/surplus";
import { periodRange } from "~/domain/income/periods";
import { verifyDatabase } from "~/services/audit-verify.server";
import { recordIncome } from "~/services/income/income.server";
import { accrueRemuneration, remunerationBaseFen, setRemunerationRule } from "~/services/income/remuneration.server";
import { surplusFor } from "~/services/income/surplus.server";
import { accountBalanceFen } from "~/services/ledger/entries.server";
import { postFixtureEntry } from "../support/bank";
import * as remuneration from "~/routes/remuneration";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle } from "../support/http";
import { incomeDigest, incomeWorld, seedBill, seedFromPrepaid, seedPayment, expectRefusedUnchanged } from "../support/income";

let world: Awaited<ReturnType<typeof incomeWorld>>;
const db = () => testDb();

const expectRefused = (fn: () => unknown, code: string) => expectRefusedUnchanged(db(), fn, code);

beforeAll(async () => {
  world = await incomeWorld(db());
}, 30_000);

describe("the 酬金 arithmetic (pure)", () => {
  it("counts money for a bill in the later of its allocation month and the bill's period", () => {
    expect(baseMonth("2026-03-15", "2026-01")).toBe("2026-03");
    expect(baseMonth("2026-03-15", "2026-04")).toBe("2026-04");
    expect(baseMonth("2026-04-01", "2026-04")).toBe("2026-04");
  });

  it("rounds base × percent half-up once to the fen", () => {
    const rule = { id: 1, method: "percent" as const, fixedFenPerMonth: null, percent: "8.00", effectiveFrom: "2026-01" };
    expect(remunerationAmount(rule, 12_345).amountFen).toBe(988); // 987.6
    expect(remunerationAmount(rule, 6_250).amountFen).toBe(500);
    expect(remunerationAmount({ ...rule, percent: "12.50" }, 4).amountFen).toBe(1); // 0.5 → 1
    expect(remunerationAmount({ ...rule, method: "fixed", fixedFenPerMonth: 800_000, percent: null }, 123).amountFen).toBe(800_000);
  });

  it("surplus = income − service spending − 酬金, deficits negative", () => {
    const s = computeSurplus([
      { accountCode: "6001", amountFen: -100_000 }, { accountCode: "6002", amountFen: -5_000 }, { accountCode: "1002", amountFen: 105_000 },
      { accountCode: "6601", amountFen: 60_000 }, { accountCode: "6603", amountFen: 10_000 }, { accountCode: "6701", amountFen: 8_000 },
    ]);
    expect(s).toMatchObject({ incomeFen: 105_000, spendingFen: 70_000, remunerationFen: 8_000, surplusFen: 27_000 });
    expect(s.income.map((l) => l.accountCode)).toEqual(["6001", "6002"]);
    expect(computeSurplus([{ accountCode: "6601", amountFen: 10 }]).surplusFen).toBe(-10);
    expect(periodRange("2026-Q1")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(periodRange("2024-02")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(periodRange("2026")).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(periodRange("2026-13")).toBeNull();
  });
});

describe("rules and accruals", () => {
  it("refuses accruing a month without a rule in force", () => {
    expectRefused(() => accrueRemuneration(db(), { month: "2026-01" }, String(world.manager.id)), "income.errors.noRemunerationRule");
  });

  it("refuses a rule without the contract reference or with a 3-decimal percentage", () => {
    const c = String(world.committee.id);
    expectRefused(() => setRemunerationRule(db(), { method: "percent", percent: "8", effectiveFrom: "2026-01", contractRef: "" }, c), "income.errors.contractRequired");
    expectRefused(() => setRemunerationRule(db(), { method: "percent", percent: "8.125", effectiveFrom: "2026-01", contractRef: "HT-1" }, c), "income.errors.percentDecimals");
    expectRefused(() => setRemunerationRule(db(), { method: "fixed", fixedFenPerMonth: 0, effectiveFrom: "2026-01", contractRef: "HT-1" }, c), "income.errors.amountPositive");
  });

  it("accrues a fixed month, once", () => {
    const c = String(world.committee.id);
    const m = String(world.manager.id);
    const { rule, event } = setRemunerationRule(db(), { method: "fixed", fixedFenPerMonth: 800_000, effectiveFrom: "2026-01", contractRef: "物业服务合同 HT-2025-01" }, c);
    expect(event.action).toBe("remuneration.rule_set");
    const { accrual, entry } = accrueRemuneration(db(), { month: "2026-01" }, m);
    expect(accrual).toMatchObject({ month: "2026-01", ruleId: rule.id, amountFen: 800_000, percent: null });
    expect(entry).toMatchObject({ businessDate: "2026-01-31", sourceKind: "remuneration", sourceId: String(accrual.id) });
    expect(accountBalanceFen(db(), "cogoverned", "2241", "2026-01-31")).toBe(-800_000);
    expectRefused(() => accrueRemuneration(db(), { month: "2026-01" }, m), "income.errors.alreadyAccrued");
  });

  it("accrues a percentage of the service fees received, a prepayment counting when its period arrives", () => {
    const c = String(world.committee.id);
    const m = String(world.manager.id);
    setRemunerationRule(db(), { method: "percent", percent: "8", effectiveFrom: "2026-03", contractRef: "补充协议 HT-2026-02" }, c);
    const unit = world.unitA.id;
    const owner = world.person.id;
    const q1 = seedBill(db(), { unitId: unit, ownerId: owner, periodStart: "2026-01", months: 3, amountFen: 60_000 }).bill;
    const q2 = seedBill(db(), { unitId: unit, ownerId: owner, periodStart: "2026-04", months: 3, amountFen: 60_000 }).bill;
    const unitB = world.unitB.id;
    const q1b = seedBill(db(), { unitId: unitB, ownerId: world.org.id, periodStart: "2026-01", months: 3, amountFen: 12_345 }).bill;
    seedPayment(db(), { unitId: unit, ownerId: owner, receivedOn: "2026-03-05", amountFen: 60_000, billId: q1.id }); // March
    seedPayment(db(), { unitId: unit, ownerId: owner, receivedOn: "2026-03-20", amountFen: 20_000, billId: q2.id }); // paid ahead: counts in April
    seedPayment(db(), { unitId: unitB, ownerId: world.org.id, receivedOn: "2026-03-31", amountFen: 12_345, billId: q1b.id }); // March
    seedPayment(db(), { unitId: unit, ownerId: owner, receivedOn: "2026-02-10", amountFen: 40_000 }); // to prepaid: not fees yet
    seedFromPrepaid(db(), { unitId: unit, billId: q2.id, amountFen: 40_000, allocatedOn: "2026-04-01" }); // April
    expect(remunerationBaseFen(db(), "2026-02")).toBe(0);
    expect(remunerationBaseFen(db(), "2026-03")).toBe(72_345);
    expect(remunerationBaseFen(db(), "2026-04")).toBe(60_000);
    const march = accrueRemuneration(db(), { month: "2026-03" }, m).accrual;
    expect(march).toMatchObject({ baseFen: 72_345, percent: "8.00", amountFen: 5_788 }); // 5787.6
    const april = accrueRemuneration(db(), { month: "2026-04" }, m).accrual;
    expect(april).toMatchObject({ baseFen: 60_000, amountFen: 4_800 });
    // February is still under the fixed rule.
    expect(accrueRemuneration(db(), { month: "2026-02" }, m).accrual.amountFen).toBe(800_000);
  });

  it("computes the surplus of the co-managed book for a period", () => {
    recordIncome(db(), {
      kind: "decoration", receivedOn: "2026-03-02", amountFen: 30_000, counterparty: "装修公司", counterpartyIsPerson: false, reference: "R-1", permitRef: "ZX-1",
    }, String(world.manager.id));
    // Money out cannot be a manual voucher (checkVoucher): the fixture entry is written as a spending path writes it.
    postFixtureEntry(db(), {
      businessDate: "2026-03-25", memo: "保洁费", postings: [
        { book: "cogoverned", accountCode: "6603", amountFen: 20_000 }, { book: "cogoverned", accountCode: "1002", amountFen: -20_000 },
      ],
    }, String(world.manager.id));
    const march = surplusFor(db(), { from: "2026-03-01", to: "2026-03-31" });
    // Income: bills dated in their first month are not March's 6001; decoration 30,000. Spending 20,000; 酬金 5,788.
    expect(march).toMatchObject({ incomeFen: 30_000, spendingFen: 20_000, remunerationFen: 5_788, surplusFen: 30_000 - 20_000 - 5_788 });
    const q1 = surplusFor(db(), periodRange("2026-Q1")!);
    expect(q1.incomeFen).toBe(60_000 + 12_345 + 30_000);
    expect(q1.remunerationFen).toBe(800_000 + 800_000 + 5_788);
    expect(q1.surplusFen).toBeLessThan(0);
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

describe("routes", () => {
  const post = (cookie: string, form: Record<string, string>) =>
    settle(remuneration.action({ request: makeRequest("/remuneration", { form, cookie }), params: {}, context: CONTEXT }));

  it("a manager setting the 酬金 rule gets 403 and nothing is written", async () => {
    const before = incomeDigest(db());
    const outcome = await post(world.cookies.manager, { intent: "rule", method: "percent", percent: "9", effectiveFrom: "2026-06", contractRef: "HT" });
    expect(outcome.threw).toBe(true);
    expect((outcome.value as Response).status).toBe(403);
    const auditor = await post(world.cookies.auditor, { intent: "accrue", month: "2026-05" });
    expect((auditor.value as Response).status).toBe(403);
    const committeeAccrues = await post(world.cookies.committee, { intent: "accrue", month: "2026-05" });
    expect((committeeAccrues.value as Response).status).toBe(403);
    expect(incomeDigest(db())).toEqual(before);
  });

  it("the committee sets a rule and the manager accrues through the forms; a second accrual is refused", async () => {
    const rule = await post(world.cookies.committee, { intent: "rule", method: "fixed", fixedAmount: "8,500", effectiveFrom: "2026-06", contractRef: "HT-2026-06" });
    expect((rule.value as Response).status).toBe(302);
    const accrued = await post(world.cookies.manager, { intent: "accrue", month: "2026-06" });
    expect((accrued.value as Response).status).toBe(302);
    const before = incomeDigest(db());
    const again = await post(world.cookies.manager, { intent: "accrue", month: "2026-06" });
    expect(isDataWithInit(again.value)).toBe(true);
    if (!isDataWithInit(again.value)) return;
    expect(again.value.init?.status).toBe(409);
    expect(again.value.data.lastResult.error?.month).toEqual(["income.errors.alreadyAccrued"]);
    const badMonth = await post(world.cookies.manager, { intent: "accrue", month: "2026-6" });
    expect(isDataWithInit(badMonth.value) && badMonth.value.data.lastResult.error?.month).toEqual(["income.errors.month"]);
    expect(incomeDigest(db())).toEqual(before);
  });

  it("the page shows rules, accruals with their computation and the surplus of the chosen period", async () => {
    const page = await remuneration.loader({ request: makeRequest("/remuneration?period=2026-03", { cookie: world.cookies.auditor }), params: {}, context: CONTEXT });
    expect(page.canSetRule).toBe(false);
    expect(page.canAccrue).toBe(false);
    expect(page.rules.length).toBe(3);
    expect(page.accruals.find((a) => a.month === "2026-03")).toMatchObject({ baseFen: 72_345, percent: "8.00", amountFen: 5_788 });
    expect(page.surplus).toMatchObject({ from: "2026-03-01", to: "2026-03-31", surplusFen: 4_212 });
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
