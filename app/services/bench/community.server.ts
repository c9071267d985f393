/**
 * The benchmark's large community (issue 8), built only through the services
 * a person uses, with every domain check and audit event on (DESIGN.md §3):
 * the admin imports the register, the committee sets the fee rates, then
 * month after month the manager issues the bills, records each owner's
 * payments as they come in, the banks' interest and small works from draft
 * to payment, and each quarter the statement is drafted, approved and
 * published (each year the annual accounts too) — all but the last quarter,
 * which has just ended and is the one the bench drafts. Services run in batches: one outer IMMEDIATE transaction
 * around many calls, each call its own savepoint (a refused call rolls back
 * alone). Deterministic for a given seed.
 */
import { eq } from "drizzle-orm";
import { writeBatch, type Db } from "~db/connection";
import { units as unitsTable, users } from "~db/schema";
import { addDays, addMonths, lastDayOfMonth } from "~/domain/calendar";
import type { Role } from "~/domain/roles";
import { parsePeriod } from "~/domain/statements/snapshot";
import type { SessionUser } from "../auth.server";
import { openBillsOf, recordPayment } from "../billing/payments.server";
import { setFeeRate } from "../billing/rates.server";
import { runBills } from "../billing/runs.server";
import { createCommunity } from "../community.server";
import { recordIncome } from "../income/income.server";
import { approveDraft, createDraft } from "../statements/drafts.server";
import { publishStatement } from "../statements/publish.server";
import { importUnitRegister } from "../unit-import.server";
import { createUser } from "../users.server";
import type { DemoPeople } from "../demo/spending.server";
import { benchRegister, prng } from "./register.server";
import { benchProposals, createBenchSuppliers } from "./spending.server";

export interface BenchParams {
  units: number;
  years: number;
  seed: number;
}

/** The last month built: the bench measures the quarter it ends (2026Q3). */
export const BENCH_LAST_MONTH = "2026-09";
export const BENCH_PASSWORD = "mingzhang-bench";

export interface BenchProgress {
  month: string;
  monthsDone: number;
  months: number;
  postings: number;
}

export interface BenchHooks {
  onProgress?: (progress: BenchProgress) => void;
  /** Called once the first year is built, before its last quarter is published (the bench copies the database then). */
  afterFirstYear?: (lastQuarter: string) => void;
}

type Profile = "monthly" | "quarterly" | "instalments" | "prepay" | "arrears";

function profileOf(random: () => number): Profile {
  const r = random();
  return r < 0.75 ? "monthly" : r < 0.85 ? "quarterly" : r < 0.92 ? "instalments" : r < 0.96 ? "prepay" : "arrears";
}

interface People {
  manager: SessionUser;
  accountant: SessionUser;
  director: SessionUser;
  committee: SessionUser;
}

const BATCH_CALLS = 2_000;

/** Runs one service call per item, BATCH_CALLS calls to an outer transaction (each call its own savepoint). */
function inBatches<T>(db: Db, items: readonly T[], call: (item: T) => void): void {
  for (let start = 0; start < items.length; start += BATCH_CALLS) {
    const slice = items.slice(start, start + BATCH_CALLS);
    writeBatch(db, () => {
      for (const item of slice) call(item);
    });
  }
}

function at(date: string, hour: number): Date {
  return new Date(`${date}T${String(hour).padStart(2, "0")}:00:00+08:00`);
}

function firstMonth(years: number): string {
  return addMonths(BENCH_LAST_MONTH, -(years * 12 - 1));
}

async function createPeople(db: Db): Promise<People> {
  const make = async (login: string, displayName: string, roles: Role[], isDirector = false, ownerId: number | null = null): Promise<SessionUser> => {
    await createUser(db, { login, displayName, password: BENCH_PASSWORD, roles, isDirector, ownerId: ownerId ?? undefined }, "system");
    const row = db.select().from(users).where(eq(users.login, login)).get()!;
    return { id: row.id, displayName: row.displayName, roles, isDirector, ownerId: row.ownerId, mustChangePassword: false };
  };
  const ownerIds = db.select({ ownerId: unitsTable.ownerId }).from(unitsTable).limit(200).all().map((u) => u.ownerId);
  await make("admin", "系统管理员", ["admin"]);
  const manager = await make("manager", "项目经理", ["manager"]);
  const accountant = await make("accountant", "会计", ["manager"]);
  await make("auditor", "审计师", ["auditor"]);
  const director = await make("director", "业委会主任", ["committee", "owner"], true, ownerIds[0] ?? null);
  const committee = await make("committee1", "业委会委员", ["committee", "owner"], false, ownerIds[Math.min(100, ownerIds.length - 1)] ?? null);
  return { manager, accountant, director, committee };
}

interface PaymentPlan {
  unitId: number;
  date: string;
  share: "all" | "half" | "prepay";
}

/** The payments of one month, in date order, by each unit's profile. */
function paymentsOf(month: string, unitProfiles: readonly { unitId: number; profile: Profile; day: number }[]): PaymentPlan[] {
  const monthNo = Number(month.slice(5));
  const plans: PaymentPlan[] = [];
  for (const { unitId, profile, day } of unitProfiles) {
    const date = `${month}-${String(day).padStart(2, "0")}`;
    if (profile === "monthly") plans.push({ unitId, date, share: "all" });
    else if (profile === "quarterly" && monthNo % 3 === 0) plans.push({ unitId, date, share: "all" });
    else if (profile === "instalments") {
      plans.push({ unitId, date: `${month}-05`, share: "half" }, { unitId, date: `${month}-${String(Math.max(day, 6)).padStart(2, "0")}`, share: "all" });
    } else if (profile === "prepay" && monthNo === 1) plans.push({ unitId, date, share: "prepay" });
    else if (profile === "arrears" && monthNo % 6 === 0) plans.push({ unitId, date, share: "all" });
  }
  return plans.sort((a, b) => a.date.localeCompare(b.date) || a.unitId - b.unitId);
}

/** Postings are append-only with AUTOINCREMENT ids, so the last id is their count (O(1), unlike count(*)). */
function postingCount(db: Db): number {
  return (db.$client.prepare("SELECT coalesce(max(id), 0) AS n FROM postings").get() as { n: number }).n;
}

function payOne(db: Db, plan: PaymentPlan, manager: string): boolean {
  const owedFen = openBillsOf(db, plan.unitId, plan.date).reduce((sum, bill) => sum + bill.outstandingFen, 0);
  const amountFen = plan.share === "half" ? Math.floor(owedFen / 2) : plan.share === "prepay" ? owedFen * 12 : owedFen;
  if (amountFen <= 0) return false;
  recordPayment(db, {
    unitId: plan.unitId, receivedOn: plan.date, amountFen, method: "bank", reference: `BANK-${plan.date}-${plan.unitId}`,
    idempotencyKey: `bench-${plan.date}-${plan.unitId}-${plan.share}`, allowPrepayment: plan.share === "prepay",
  }, manager);
  return true;
}

function publishQuarterOrYear(db: Db, label: string, people: People): void {
  const period = parsePeriod(label)!;
  const draftedOn = addDays(period.endDate, 5);
  const publishOn = addDays(draftedOn, 3);
  const { draft } = createDraft(db, { period: label, workReport: `${label} 物业服务工作情况汇报：各项服务按合同完成，收支详见本公示。` }, people.manager, at(draftedOn, 10));
  approveDraft(db, draft.id, people.director, at(addDays(draftedOn, 1), 15));
  publishStatement(db, draft.id, { postedFrom: publishOn, postedTo: addDays(publishOn, 19) }, people.committee, at(publishOn, 9));
}

export interface BenchBuildStats {
  months: number;
  units: number;
  payments: number;
  postings: number;
  published: number;
  proposals: number;
}

/** Builds the community on an empty database. */
export async function buildBenchCommunity(db: Db, params: BenchParams, hooks: BenchHooks = {}): Promise<BenchBuildStats> {
  const random = prng(params.seed);
  const start = firstMonth(params.years);
  createCommunity(db, { name: "明账基准小区", address: "基准市基准区基准路 1 号", billingPeriod: "monthly", postingMinDays: 15 }, "system");
  const register = benchRegister(params.units, params.seed);
  const imported = importUnitRegister(db, register.csv, "system");
  if (!imported.ok) throw new Error(`bench register refused: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  const people = await createPeople(db);
  const director = String(people.director.id);
  const manager = String(people.manager.id);
  setFeeRate(db, { unitKind: "residential", rate: "2.5000", effectiveFrom: start, reference: "物业服务合同第 5 条" }, director);
  setFeeRate(db, { unitKind: "commercial", rate: "4.0000", effectiveFrom: start, reference: "物业服务合同第 5 条" }, director);
  // Half-way, the owners agree a new contract with higher rates.
  const raise = addMonths(start, params.years * 6);
  if (params.years > 1) {
    setFeeRate(db, { unitKind: "residential", rate: "2.8500", effectiveFrom: raise, reference: "续签物业服务合同第 5 条" }, director);
    setFeeRate(db, { unitKind: "commercial", rate: "4.5000", effectiveFrom: raise, reference: "续签物业服务合同第 5 条" }, director);
  }

  const unitIds = db.select({ id: unitsTable.id }).from(unitsTable).orderBy(unitsTable.id).all().map((u) => u.id);
  const unitProfiles = unitIds.map((unitId) => ({ unitId, profile: profileOf(random), day: 3 + Math.floor(random() * 23) }));
  const months = params.years * 12;
  const stats: BenchBuildStats = { months, units: unitIds.length, payments: 0, postings: 0, published: 0, proposals: 0 };
  const suppliers = createBenchSuppliers(db, manager);
  const spenders: DemoPeople = { manager, accountant: String(people.accountant.id), director, committee: [String(people.committee.id)] };
  // About 20 small works a month for 5,000 units: thousands of proposals over ten years.
  const proposalsPerMonth = Math.max(1, Math.round(params.units / 250));

  for (let m = 0; m < months; m++) {
    const month = addMonths(start, m);
    runBills(db, { periodStart: month, issuedOn: `${month}-01`, dueOn: lastDayOfMonth(month) }, manager);
    const plans = paymentsOf(month, unitProfiles);
    inBatches(db, plans, (plan) => {
      if (payOne(db, plan, manager)) stats.payments += 1;
    });
    stats.proposals += await benchProposals(db, spenders, suppliers, month, m, proposalsPerMonth, random);
    for (const book of ["cogoverned", "public_revenue"] as const) {
      recordIncome(db, {
        kind: "interest", receivedOn: `${lastDayOfMonth(month).slice(0, 8)}21`, amountFen: 1_000 + Math.floor(random() * 50_000), book,
        counterparty: "开户银行", counterpartyIsPerson: false, reference: `结息 ${month}`,
      }, manager);
    }
    const monthNo = Number(month.slice(5));
    const quarter = `${month.slice(0, 4)}Q${Math.ceil(monthNo / 3)}`;
    // The database as it stands when the quarter just ended is about to be drafted: the bench's
    // statement is that draft (every earlier quarter published), after one year and after all of them.
    if (m === 11) hooks.afterFirstYear?.(quarter);
    if (monthNo % 3 === 0 && m < months - 1) {
      publishQuarterOrYear(db, quarter, people);
      stats.published += 1;
      // The annual accounts once all four of the year's quarters are published.
      if (monthNo === 12 && `${month.slice(0, 4)}-01` >= start) {
        publishQuarterOrYear(db, month.slice(0, 4), people);
        stats.published += 1;
      }
    }
    stats.postings = postingCount(db);
    hooks.onProgress?.({ month, monthsDone: m + 1, months, postings: stats.postings });
  }
  return stats;
}
