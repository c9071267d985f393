import { asc, desc, eq, gte, lte, and, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { incomeRecords, maintenanceFundRules, maintenanceFundTransfers, ownerDecisions } from "~db/schema";
import { isIsoDate } from "~/domain/calendar";
import { decisionLabel } from "~/domain/decisions/matters";
import { DomainError } from "~/domain/errors";
import {
  fundRuleInForce, maintenanceFundShare, outstandingCatchUp, quartersBetween, transferAmounts, type FundShare,
} from "~/domain/income/maintenance-fund";
import { parsePercent, percentToHundredths } from "~/domain/income/percent";
import { ACCOUNT } from "~/domain/ledger/chart";
import type { SourceKind } from "~/domain/ledger/entries";
import { formatFen } from "~/domain/money";
import { parsePeriod } from "~/domain/statements/snapshot";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { requireCommunity } from "../community.server";
import { requireCitableDecision } from "../decisions/usage.server";
import { accountBalanceFen, writeEntry } from "../ledger/entries.server";

export type MaintenanceFundRuleRow = typeof maintenanceFundRules.$inferSelect;
export type MaintenanceFundTransferRow = typeof maintenanceFundTransfers.$inferSelect;

// 转入专项维修资金
const ACCOUNT_FUND_TRANSFER = "6801";
const SOURCE_KIND: SourceKind = "maintenance_fund";

/**
 * The committee records the maintenance fund's share of public revenue from
 * a date on (action `maintenance_fund.set_rule`), citing the passed owners'
 * decision behind it; it may not go below the community's floor.
 */
export function setMaintenanceFundRule(db: Db, input: { percent: string; decisionId: number; effectiveFrom: string }, actor: Actor): MaintenanceFundRuleRow {
  const percent = parsePercent(input.percent);
  if (!percent.ok) throw new DomainError(percent.error, { field: "percent" });
  if (!isIsoDate(input.effectiveFrom)) throw new DomainError("income.errors.date", { field: "effectiveFrom" });
  if (!Number.isSafeInteger(input.decisionId) || input.decisionId <= 0) throw new DomainError("publicRevenue.errors.decisionRequired", { field: "decisionId" });
  return auditedWrite(db, { actor, action: "maintenance_fund.set_rule" }, (tx, seq) => {
    const decision = requireCitableDecision(tx, input.decisionId);
    const floor = requireCommunity(tx).settings.maintenanceFundMinPercent;
    if (percentToHundredths(percent.value) < percentToHundredths(floor)) {
      throw new DomainError("publicRevenue.errors.belowFloor", { field: "percent", params: { floor, percent: percent.value } });
    }
    const clash = tx.select({ id: maintenanceFundRules.id }).from(maintenanceFundRules).where(eq(maintenanceFundRules.effectiveFrom, input.effectiveFrom)).get();
    if (clash) throw new DomainError("publicRevenue.errors.ruleExists", { field: "effectiveFrom", status: 409 });
    const rule = tx.insert(maintenanceFundRules)
      .values({ percent: percent.value, decisionId: decision.id, effectiveFrom: input.effectiveFrom, setBy: actor, auditSeq: seq })
      .returning().get();
    return {
      result: rule, subject: `maintenance_fund_rule:${rule.id}`, rows: { maintenance_fund_rules: [rowViews.maintenance_fund_rules(rule)] },
      extra: { percent: rule.percent, effectiveFrom: rule.effectiveFrom, decisionId: decision.id },
    };
  });
}

/** The rules, newest first, each with the label of its decision. */
export function listMaintenanceFundRules(db: Db | Tx) {
  return db.select({ rule: maintenanceFundRules, decision: { id: ownerDecisions.id, year: ownerDecisions.year, serial: ownerDecisions.serial, title: ownerDecisions.title } })
    .from(maintenanceFundRules).innerJoin(ownerDecisions, eq(ownerDecisions.id, maintenanceFundRules.decisionId))
    .orderBy(desc(maintenanceFundRules.effectiveFrom)).all()
    .map(({ rule, decision }) => ({ ...rule, decisionLabel: decisionLabel(decision) }));
}

/** The share due for a quarter from the ledger's income records: public revenue net of evidenced deductions. */
export function quarterShare(db: Db | Tx, period: string): FundShare {
  const range = parsePeriod(period);
  if (!range || range.kind !== "quarter") throw new DomainError("publicRevenue.errors.period", { field: "period" });
  const incomes = db.select({ receivedOn: incomeRecords.receivedOn, baseFen: sql<number>`${incomeRecords.publicRevenueFen} - ${incomeRecords.deductionFen}`.mapWith(Number) })
    .from(incomeRecords)
    .where(and(gte(incomeRecords.receivedOn, range.startDate), lte(incomeRecords.receivedOn, range.endDate), sql`${incomeRecords.publicRevenueFen} > 0`))
    .all();
  const rules = db.select({ id: maintenanceFundRules.id, percent: maintenanceFundRules.percent, effectiveFrom: maintenanceFundRules.effectiveFrom }).from(maintenanceFundRules).all();
  return maintenanceFundShare(period, incomes, rules);
}

/** The day of the first public-revenue income, or null. */
function firstIncomeOn(db: Db | Tx): string | null {
  return db.select({ on: incomeRecords.receivedOn }).from(incomeRecords).where(sql`${incomeRecords.publicRevenueFen} > 0`)
    .orderBy(asc(incomeRecords.receivedOn)).limit(1).get()?.on ?? null;
}

/** Every booked transfer with its quarter's share recomputed now (income recorded after the booking changes it). */
function bookedWithShareNow(db: Db | Tx) {
  const transfers = db.select().from(maintenanceFundTransfers).orderBy(asc(maintenanceFundTransfers.period)).all();
  const shareNow = new Map(transfers.map((t) => [t.period, quarterShare(db, t.period).shareFen]));
  return { transfers, shareNow };
}

/**
 * Every quarter from the first public-revenue income to the last one ended
 * before `today`, newest first, with its transfer if booked. A booked
 * quarter shows what was booked (baseFen, shareFen, parts) and its share
 * recomputed now (shareNowFen) with the difference (differenceFen, 0 when
 * none), which the next quarter's transfer pays; an open one what is due now.
 */
export function maintenanceFundQuarters(db: Db, today: string) {
  const first = firstIncomeOn(db);
  if (!first) return [];
  const transfers = new Map(db.select().from(maintenanceFundTransfers).all().map((t) => [t.period, t]));
  return quartersBetween(first, today).reverse().map((period) => {
    const transfer = transfers.get(period) ?? null;
    const now = quarterShare(db, period);
    const share: FundShare = transfer
      ? { baseFen: transfer.baseFen, shareFen: transfer.shareFen, parts: JSON.parse(transfer.parts) as FundShare["parts"] }
      : now;
    return {
      period, baseFen: share.baseFen, shareFen: share.shareFen, percents: [...new Set(share.parts.map((p) => p.percent))], parts: share.parts,
      shareNowFen: now.shareFen, differenceFen: now.shareFen - share.shareFen, transfer,
    };
  });
}

/** The booked quarters' differences not yet paid by a later transfer (negative: overpaid); the next transfer carries it. */
export function maintenanceFundCatchUpDue(db: Db | Tx): number {
  const { transfers, shareNow } = bookedWithShareNow(db);
  return outstandingCatchUp(transfers, shareNow);
}

/** What the /public-revenue page shows besides the quarters: the rule in force, the floor and the bank balance today. */
export function publicRevenueOverview(db: Db, today: string) {
  const rules = listMaintenanceFundRules(db);
  return {
    rules,
    inForce: fundRuleInForce(rules, today),
    floor: requireCommunity(db).settings.maintenanceFundMinPercent,
    catchUpDueFen: maintenanceFundCatchUpDue(db),
    bankBalanceFen: accountBalanceFen(db, "public_revenue", ACCOUNT.bank, today),
  };
}

/**
 * The manager books a quarter's transfer to the maintenance fund once it has
 * ended (action `maintenance_fund.transfer`), in order: an earlier ended
 * quarter with a share is booked first. Inside the transaction the share is
 * recomputed, plus the catch-up: booked quarters' differences from income
 * recorded after their booking (DESIGN.md §5: corrections go into the open
 * period). share + catch-up is paid Dr 6801 / Cr 1002 in the public-revenue
 * book (no entry when it is 0); when a downward correction would make it
 * negative, the catch-up books only −share and the rest carries on.
 * A closed quarter's date is refused by writeEntry.
 */
export function bookMaintenanceFundTransfer(db: Db, input: { period: string; paidOn: string; bankReference: string }, actor: Actor): MaintenanceFundTransferRow {
  const range = parsePeriod(input.period);
  if (!range || range.kind !== "quarter") throw new DomainError("publicRevenue.errors.period", { field: "period" });
  if (!isIsoDate(input.paidOn)) throw new DomainError("income.errors.date", { field: "paidOn" });
  const bankReference = input.bankReference.trim();
  if (bankReference === "") throw new DomainError("publicRevenue.errors.bankReferenceRequired", { field: "bankReference" });
  if (bankReference.length > 100) throw new DomainError("errors.tooLong", { field: "bankReference" });
  if (input.paidOn < range.endDate) throw new DomainError("publicRevenue.errors.notEnded", { field: "paidOn", params: { period: input.period, end: range.endDate } });
  return auditedWrite(db, { actor, action: "maintenance_fund.transfer" }, (tx, seq) => {
    if (tx.select({ id: maintenanceFundTransfers.id }).from(maintenanceFundTransfers).where(eq(maintenanceFundTransfers.period, input.period)).get()) {
      throw new DomainError("publicRevenue.errors.alreadyBooked", { field: "period", status: 409, params: { period: input.period } });
    }
    const first = firstIncomeOn(tx);
    const { transfers, shareNow } = bookedWithShareNow(tx);
    const booked = new Set(transfers.map((t) => t.period));
    for (const earlier of first ? quartersBetween(first, range.startDate) : []) {
      if (!booked.has(earlier) && quarterShare(tx, earlier).shareFen > 0) {
        throw new DomainError("publicRevenue.errors.earlierUnbooked", { field: "period", status: 409, params: { period: earlier } });
      }
    }
    const share = quarterShare(tx, input.period);
    const { catchUpFen, amountFen } = transferAmounts(share.shareFen, outstandingCatchUp(transfers, shareNow));
    const catchUpNote = catchUpFen > 0 ? ` 含以前季度更正补转 ${formatFen(catchUpFen)}`
      : catchUpFen < 0 ? ` 已扣减以前季度更正多转 ${formatFen(-catchUpFen)}` : "";
    // The transfer and its entry point at each other and neither may change: take the id first (IMMEDIATE transaction).
    const id = (tx.get<{ next: number }>(sql`SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'maintenance_fund_transfers'), 0),
      coalesce((SELECT max(id) FROM maintenance_fund_transfers), 0)) + 1 AS next`)).next;
    const written = amountFen > 0
      ? writeEntry(tx, seq, {
        businessDate: input.paidOn, memo: `转入专项维修资金 ${input.period}${catchUpNote} ${bankReference}`.slice(0, 200), sourceKind: SOURCE_KIND, sourceId: String(id),
        postings: [
          { book: "public_revenue", accountCode: ACCOUNT_FUND_TRANSFER, amountFen },
          { book: "public_revenue", accountCode: ACCOUNT.bank, amountFen: -amountFen },
        ],
      }, actor)
      : null;
    const row = tx.insert(maintenanceFundTransfers).values({
      id, period: input.period, baseFen: share.baseFen, shareFen: share.shareFen, catchUpFen, parts: JSON.stringify(share.parts),
      paidOn: input.paidOn, bankReference, entryId: written?.entry.id ?? null, recordedBy: actor, auditSeq: seq,
    }).returning().get();
    return {
      result: row,
      subject: `maintenance_fund:${input.period}`,
      rows: { ...(written?.rows ?? {}), maintenance_fund_transfers: [rowViews.maintenance_fund_transfers(row)] },
      extra: { baseFen: share.baseFen, shareFen: share.shareFen, catchUpFen },
    };
  });
}
