import { count, desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { cachedStatement, insertReturning } from "~db/prepared";
import { billRuns, bills, paymentAllocations, units } from "~db/schema";
import type { JsonObject } from "~/domain/audit-chain";
import { isPeriodStart, monthsPerPeriod, periodEnd } from "~/domain/billing/periods";
import { DomainError } from "~/domain/errors";
import { isIsoDate } from "~/domain/ledger/entries";
import { multiplyAreaRateMonths } from "~/domain/money";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { getCommunity } from "../community.server";
import { writeEntry } from "../ledger/entries.server";
import { ratesInForce } from "./rates.server";
import { nextRowId } from "../row-ids.server";

export interface RunInput {
  periodStart: string; // YYYY-MM
  issuedOn: string; // YYYY-MM-DD
  dueOn: string; // YYYY-MM-DD
}

/** Prepaid balance per unit: payments put to prepaid minus what bills took from it. */
export function prepaidBalances(db: Db | Tx, asOf?: string): Map<number, number> {
  const dateFilter = asOf ? sql`AND ${paymentAllocations.allocatedOn} <= ${asOf}` : sql``;
  const rows = db.all<{ unitId: number; balanceFen: number }>(sql`
    SELECT ${paymentAllocations.unitId} AS unitId,
      SUM(CASE ${paymentAllocations.kind} WHEN 'to_prepaid' THEN ${paymentAllocations.amountFen}
        WHEN 'from_prepaid' THEN -${paymentAllocations.amountFen} ELSE 0 END) AS balanceFen
    FROM ${paymentAllocations}
    WHERE ${paymentAllocations.kind} IN ('to_prepaid', 'from_prepaid') ${dateFilter}
    GROUP BY ${paymentAllocations.unitId}`);
  return new Map(rows.filter((r) => r.balanceFen !== 0).map((r) => [r.unitId, r.balanceFen]));
}

/**
 * One unit's prepaid balance (as prepaidBalances has it), read per unit
 * through the index on (unit_id, kind, …): a run reads each unit's few
 * prepaid rows instead of scanning every allocation ever made.
 */
function prepaidBalanceOf(tx: Tx, unitId: number): number {
  const row = cachedStatement(tx.$client, `
    SELECT coalesce(sum(CASE kind WHEN 'to_prepaid' THEN amount_fen ELSE -amount_fen END), 0) AS balanceFen
    FROM payment_allocations WHERE unit_id = ? AND kind IN ('to_prepaid', 'from_prepaid')`).get(unitId) as { balanceFen: number };
  return row.balanceFen;
}

function checkRunInput(db: Db, input: RunInput) {
  const community = getCommunity(db);
  if (!community) throw new DomainError("billing.errors.noCommunity", { status: 409 });
  const setting = community.settings.billingPeriod;
  if (!isPeriodStart(input.periodStart, setting)) {
    throw new DomainError(setting === "quarterly" ? "billing.errors.notQuarterStart" : "billing.errors.badMonth", { field: "periodStart" });
  }
  if (!isIsoDate(input.issuedOn)) throw new DomainError("billing.errors.badDate", { field: "issuedOn" });
  if (!isIsoDate(input.dueOn)) throw new DomainError("billing.errors.badDate", { field: "dueOn" });
  if (input.dueOn < input.issuedOn) throw new DomainError("billing.errors.dueBeforeIssue", { field: "dueOn" });
  const months = monthsPerPeriod(setting);
  return { months, end: periodEnd(input.periodStart, months) };
}

/**
 * Issues the bills of one period for every unit, as one audited event:
 * per bill an entry Dr 1122 / Cr 6001, and where the unit has a prepaid
 * balance, its use at once (allocation "from_prepaid", Dr 2203 / Cr 1122).
 * Refused whole when the period overlaps any existing bill or a unit kind
 * has no rate in force at the period start. A bill of ¥0 (rate 0) is not issued.
 */
export function runBills(db: Db, input: RunInput, actor: Actor) {
  const { months, end } = checkRunInput(db, input);
  return auditedWrite(db, { actor, action: "billing.run" }, (tx, seq) => {
    const overlap = tx.get<{ id: number } | undefined>(sql`SELECT ${bills.id} AS id FROM ${bills}
      WHERE ${bills.periodStart} <= ${end} AND ${bills.periodEnd} >= ${input.periodStart} LIMIT 1`);
    if (overlap) throw new DomainError("billing.errors.periodOverlap", { field: "periodStart", status: 409 });

    const allUnits = tx.select().from(units).orderBy(units.building, units.number).all();
    if (allUnits.length === 0) throw new DomainError("billing.errors.noUnits", { status: 409 });
    const rates = ratesInForce(tx, input.periodStart);
    const missing = [...new Set(allUnits.map((u) => u.kind))].filter((kind) => !rates.has(kind));
    if (missing.length > 0) throw new DomainError("billing.errors.noRate", { params: { kinds: missing.join(", ") }, status: 409 });

    const run = tx.insert(billRuns).values({ periodStart: input.periodStart, months, issuedOn: input.issuedOn, dueOn: input.dueOn, createdBy: actor, auditSeq: seq }).returning().get();
    const rows: Record<string, JsonObject[]> = { bill_runs: [rowViews.bill_runs(run)], bills: [], payment_allocations: [], journal_entries: [], postings: [] };
    const addRows = (more: { journal_entries: JsonObject[]; postings: JsonObject[] }) => {
      rows.journal_entries!.push(...more.journal_entries);
      rows.postings!.push(...more.postings);
    };
    // Ids are taken in order under the write lock, so each entry can name its bill.
    let nextBillId = nextRowId(tx, "bills");
    let totalFen = 0;
    let prepaidUsedFen = 0;
    let billCount = 0;
    for (const unit of allUnits) {
      const rate = rates.get(unit.kind)!;
      const amountFen = multiplyAreaRateMonths(unit.areaCentiM2, rate.rate, months);
      if (amountFen === 0) continue;
      const billId = nextBillId++;
      const label = `${unit.building}-${unit.number} ${input.periodStart}~${end}`;
      const entry = writeEntry(tx, seq, {
        businessDate: input.issuedOn, memo: `物业费 ${label}`, sourceKind: "bill", sourceId: String(billId),
        postings: [
          { book: "cogoverned", accountCode: "1122", amountFen, unitId: unit.id },
          { book: "cogoverned", accountCode: "6001", amountFen: -amountFen },
        ],
      }, actor);
      addRows(entry.rows);
      const bill = insertReturning(tx.$client, bills, {
        id: billId, billRunId: run.id, unitId: unit.id, ownerId: unit.ownerId, periodStart: input.periodStart, periodEnd: end, months,
        areaCentiM2: unit.areaCentiM2, rate: rate.rate, amountFen, dueOn: input.dueOn, entryId: entry.entry.id, auditSeq: seq,
      });
      rows.bills!.push(rowViews.bills(bill));
      totalFen += amountFen;
      billCount += 1;

      const available = prepaidBalanceOf(tx, unit.id);
      if (available <= 0) continue;
      const usedFen = Math.min(available, amountFen);
      const use = writeEntry(tx, seq, {
        businessDate: input.issuedOn, memo: `预收物业费抵扣 ${label}`, sourceKind: "prepaid", sourceId: String(billId),
        postings: [
          { book: "cogoverned", accountCode: "2203", amountFen: usedFen, unitId: unit.id },
          { book: "cogoverned", accountCode: "1122", amountFen: -usedFen, unitId: unit.id },
        ],
      }, actor);
      addRows(use.rows);
      const allocation = insertReturning(tx.$client, paymentAllocations, {
        unitId: unit.id, paymentId: null, billId, kind: "from_prepaid", amountFen: usedFen, allocatedOn: input.issuedOn, entryId: use.entry.id, auditSeq: seq,
      });
      rows.payment_allocations!.push(rowViews.payment_allocations(allocation));
      prepaidUsedFen += usedFen;
    }
    return {
      result: { run, billCount, totalFen, prepaidUsedFen },
      subject: `bill_run:${run.id}`,
      rows,
      extra: { periodStart: input.periodStart, periodEnd: end, billCount, totalFen, prepaidUsedFen },
    };
  });
}

/** Recent bill runs with their bill count and total (a join: a correlated subquery would lose its table names). */
export function listBillRuns(db: Db, limit = 20) {
  return db.select({
    id: billRuns.id, periodStart: billRuns.periodStart, months: billRuns.months, issuedOn: billRuns.issuedOn, dueOn: billRuns.dueOn,
    billCount: count(bills.id),
    totalFen: sql<number>`coalesce(sum(${bills.amountFen}), 0)`.mapWith(Number),
  })
    .from(billRuns)
    .leftJoin(bills, eq(bills.billRunId, billRuns.id))
    .groupBy(billRuns.id)
    .orderBy(desc(billRuns.periodStart), desc(billRuns.id))
    .limit(limit)
    .all();
}
