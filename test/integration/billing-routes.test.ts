import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import * as rates from "~/routes/billing.rates";
import * as runsNew from "~/routes/billing.runs.new";
import * as paymentsNew from "~/routes/billing.payments.new";
import * as paymentsList from "~/routes/billing.payments._index";
import * as overview from "~/routes/billing._index";
import * as arrearsPage from "~/routes/billing.arrears";
import { billingDigest } from "../support/billing";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";

const cookies: Record<string, string> = {};
let unit = { building: "", number: "" };

beforeAll(async () => {
  const db = testDb();
  await ensureDemoCommunity(db);
  for (const who of ["manager", "committee1", "auditor", "owner"]) cookies[who] = (await signIn(who, DEMO_PASSWORD)).cookie;
  unit = db.$client.prepare("SELECT building, number FROM units ORDER BY id LIMIT 1").get() as typeof unit;
}, 60_000);

const post = (mod: { action: (a: never) => unknown }, url: string, who: string, form: Record<string, string>) =>
  settle(mod.action({ request: makeRequest(url, { form, cookie: cookies[who] }), params: {}, context: CONTEXT } as never));

async function expectStatus(outcome: Promise<{ threw: boolean; value: unknown }>, status: number) {
  const { value } = await outcome;
  if (value instanceof Response) expect(value.status).toBe(status);
  else {
    expect(isDataWithInit(value)).toBe(true);
    expect((value as { init: ResponseInit }).init.status).toBe(status);
  }
  return value;
}

function errorsOf(value: unknown): Record<string, string[] | null> {
  return (value as { data: { lastResult: { error: Record<string, string[] | null> } } }).data.lastResult.error;
}

describe("billing routes", () => {
  it("lets only the committee set rates (a manager gets 403), and refuses 5 decimals or a negative rate", async () => {
    const db = testDb();
    const before = billingDigest(db);
    const form = { unitKind: "residential", rate: "2.85", effectiveFrom: "2026-01", reference: "合同第5条" };
    await expectStatus(post(rates as never, "/billing/rates", "manager", form), 403);
    expect(errorsOf(await expectStatus(post(rates as never, "/billing/rates", "committee1", { ...form, rate: "2.85001" }), 400)).rate).toEqual(["billing.errors.rate_too_many_decimals"]);
    expect(errorsOf(await expectStatus(post(rates as never, "/billing/rates", "committee1", { ...form, rate: "-2" }), 400)).rate).toEqual(["billing.errors.rate_negative"]);
    expect(billingDigest(db)).toEqual(before);
    for (const kind of ["residential", "commercial", "developer_unsold", "developer_undelivered"]) {
      await expectStatus(post(rates as never, "/billing/rates", "committee1", { ...form, unitKind: kind }), 302);
    }
  });

  it("refuses a quarterly run not on a quarter start and an overlapping one, writing nothing", async () => {
    const db = testDb();
    const before = billingDigest(db);
    expect(errorsOf(await expectStatus(post(runsNew as never, "/billing/runs/new", "manager", { periodStart: "2026-02", issuedOn: "2026-02-01", dueOn: "2026-02-28" }), 400)).periodStart).toEqual(["billing.errors.notQuarterStart"]);
    expect(billingDigest(db)).toEqual(before);
    await expectStatus(post(runsNew as never, "/billing/runs/new", "manager", { periodStart: "2026-01", issuedOn: "2026-01-01", dueOn: "2026-01-31" }), 302);
    const mid = billingDigest(db);
    const overlap = await expectStatus(post(runsNew as never, "/billing/runs/new", "manager", { periodStart: "2026-01", issuedOn: "2026-01-05", dueOn: "2026-01-31" }), 409);
    expect(errorsOf(overlap).periodStart).toEqual(["billing.errors.periodOverlap"]);
    expect(billingDigest(db)).toEqual(mid);
    await expectStatus(post(runsNew as never, "/billing/runs/new", "committee1", { periodStart: "2026-04", issuedOn: "2026-04-01", dueOn: "2026-04-30" }), 403);
  });

  it("refuses bad payments with a clear message and writes nothing; an auditor gets 403", async () => {
    const db = testDb();
    const before = billingDigest(db);
    const form = { building: unit.building, number: unit.number, amount: "10", receivedOn: "2026-02-01", method: "wechat", reference: "WX-1" };
    await expectStatus(post(paymentsNew as never, "/billing/payments/new", "auditor", form), 403);
    const cases: [Record<string, string>, string, string][] = [
      [{ amount: "-5" }, "amount", "billing.errors.money_negative"],
      [{ amount: "0" }, "amount", "billing.errors.money_notPositive"],
      [{ amount: "abc" }, "amount", "billing.errors.money_invalid"],
      [{ amount: "1.234" }, "amount", "billing.errors.money_too_many_decimals"],
      [{ reference: "" }, "reference", "errors.required"],
      [{ number: "NOPE" }, "number", "billing.errors.unknownUnit"],
    ];
    for (const [change, field, code] of cases) {
      const value = await expectStatus(post(paymentsNew as never, "/billing/payments/new", "manager", { ...form, ...change }), 400);
      expect(errorsOf(value)[field], JSON.stringify(change)).toEqual([code]);
    }
    const over = await expectStatus(post(paymentsNew as never, "/billing/payments/new", "manager", { ...form, amount: "999999" }), 400);
    expect(errorsOf(over)[""]).toEqual(["billing.errors.overpayment"]);
    expect((over as { data: { params: { owed: string } } }).data.params.owed).toMatch(/^¥/);
    expect(billingDigest(db)).toEqual(before);
    await expectStatus(post(paymentsNew as never, "/billing/payments/new", "manager", { ...form, amount: "999999", allowPrepayment: "on", idempotencyKey: "k1" }), 302);
    await expectStatus(post(paymentsNew as never, "/billing/payments/new", "manager", { ...form, amount: "999999", allowPrepayment: "on", idempotencyKey: "k1" }), 302);
    expect(billingDigest(db).payments).toBe(before.payments! + 1);
  });

  it("lets committee and auditors read the pages, and refuses owners", async () => {
    for (const who of ["committee1", "auditor"]) {
      for (const [mod, url] of [[overview, "/billing?quarter=2026Q1"], [paymentsList, "/billing/payments?method=wechat"], [arrearsPage, "/billing/arrears?by=owner&asOf=2026-03-01"]] as const) {
        const outcome = await settle(mod.loader({ request: makeRequest(url, { cookie: cookies[who] }), params: {}, context: CONTEXT } as never));
        expect(outcome.threw, `${who} ${url}`).toBe(false);
      }
    }
    const o = await settle(overview.loader({ request: makeRequest("/billing?quarter=2026Q1", { cookie: cookies.committee1 }), params: {}, context: CONTEXT } as never));
    expect((o.value as { collection: { ofQuarter: { ratePercent: string } } }).collection.ofQuarter.ratePercent).toMatch(/^\d+\.\d{2}$/);
    await expectStatus(settle(overview.loader({ request: makeRequest("/billing", { cookie: cookies.owner }), params: {}, context: CONTEXT } as never)), 403);
    expect(verifyDatabase(testDb()).ok).toBe(true);
  });
});
