import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "~db/connection";
import { billRuns, bills, owners, paymentAllocations, payments, units } from "~db/schema";
import { parseQuarter } from "~/domain/billing/periods";
import { collectionPartsOf } from "../statements/checkpoints.server";
import { collectionOf } from "../statements/figures.server";
import { DomainError } from "~/domain/errors";
import { ratesInForce } from "./rates.server";
import { listBillRuns, prepaidBalances } from "./runs.server";

export type ArrearsView = "unit" | "owner" | "building";

export interface ArrearsRow {
  key: string; // unit id, owner id or building
  label: string;
  unitId: number | null;
  ownerId: number | null;
  billCount: number;
  owedFen: number;
  overdueFen: number;
}

/**
 * What is owed on bills issued by `asOf`, counting allocations dated by
 * then; "overdue" is the part of bills whose due date has passed
 * (due before `asOf`). Grouped by unit, owner (summing their units) or building.
 */
export function arrears(db: Db, asOf: string, by: ArrearsView): ArrearsRow[] {
  const group = by === "unit" ? sql`b.unit_id` : by === "owner" ? sql`b.owner_id` : sql`u.building`;
  const rows = db.all<{ key: string | number; building: string; number: string; unitId: number; ownerId: number; ownerName: string; billCount: number; owedFen: number; overdueFen: number }>(sql`
    WITH open AS (
      SELECT b.id, b.unit_id, b.owner_id, b.due_on,
        b.amount_fen - coalesce((SELECT sum(a.amount_fen) FROM ${paymentAllocations} a WHERE a.bill_id = b.id AND a.allocated_on <= ${asOf}), 0) AS owed
      FROM ${bills} b JOIN ${billRuns} r ON r.id = b.bill_run_id
      WHERE r.issued_on <= ${asOf}
    )
    SELECT ${group} AS key, min(u.building) AS building, min(u.number) AS number, min(b.unit_id) AS unitId, min(b.owner_id) AS ownerId,
      min(o.name) AS ownerName, count(*) AS billCount, sum(b.owed) AS owedFen,
      sum(CASE WHEN b.due_on < ${asOf} THEN b.owed ELSE 0 END) AS overdueFen
    FROM open b JOIN ${units} u ON u.id = b.unit_id JOIN ${owners} o ON o.id = b.owner_id
    WHERE b.owed > 0
    GROUP BY ${group}
    ORDER BY owedFen DESC, key`);
  return rows.map((r) => ({
    key: String(r.key),
    label: by === "unit" ? `${r.building}-${r.number}` : by === "owner" ? r.ownerName : r.building,
    unitId: by === "unit" ? r.unitId : null,
    ownerId: by === "building" ? null : r.ownerId,
    billCount: r.billCount,
    owedFen: r.owedFen,
    overdueFen: r.overdueFen,
  }));
}

export function arrearsTotals(rows: readonly ArrearsRow[]) {
  return rows.reduce((t, r) => ({ owedFen: t.owedFen + r.owedFen, overdueFen: t.overdueFen + r.overdueFen }), { owedFen: 0, overdueFen: 0 });
}

/** A unit's account: its bills with what each still owes, its payments, allocations and prepaid balance. */
export function unitAccount(db: Db, unitId: number) {
  const unit = db.select({ id: units.id, building: units.building, number: units.number, areaCentiM2: units.areaCentiM2, kind: units.kind, ownerId: units.ownerId })
    .from(units).where(eq(units.id, unitId)).get();
  if (!unit) return null;
  const billRows = db.all<{ id: number; periodStart: string; periodEnd: string; areaCentiM2: number; rate: string; amountFen: number; dueOn: string; issuedOn: string; paidFen: number }>(sql`
    SELECT b.id, b.period_start AS periodStart, b.period_end AS periodEnd, b.area_centi_m2 AS areaCentiM2, b.rate, b.amount_fen AS amountFen,
      b.due_on AS dueOn, r.issued_on AS issuedOn,
      coalesce((SELECT sum(a.amount_fen) FROM ${paymentAllocations} a WHERE a.bill_id = b.id), 0) AS paidFen
    FROM ${bills} b JOIN ${billRuns} r ON r.id = b.bill_run_id WHERE b.unit_id = ${unitId} ORDER BY b.period_start DESC`);
  const paymentRows = db.select().from(payments).where(eq(payments.unitId, unitId)).orderBy(desc(payments.receivedOn), desc(payments.id)).all();
  const allocations = db.select().from(paymentAllocations).where(eq(paymentAllocations.unitId, unitId)).orderBy(asc(paymentAllocations.allocatedOn), asc(paymentAllocations.id)).all();
  const prepaidFen = allocations.reduce((sum, a) => sum + (a.kind === "to_prepaid" ? a.amountFen : a.kind === "from_prepaid" ? -a.amountFen : 0), 0);
  const bills_ = billRows.map((b) => ({ ...b, outstandingFen: b.amountFen - b.paidFen }));
  return {
    unit,
    bills: bills_,
    payments: paymentRows,
    allocations,
    prepaidFen,
    owedFen: bills_.reduce((sum, b) => sum + b.outstandingFen, 0),
  };
}

/** Both collection rates of a quarter ("2026Q1"), from every bill and allocation to a bill. */
/**
 * The quarter's collection rates for the billing page: summed in SQL over the
 * quarter, with the arrears carried from the latest published quarter's
 * checkpoint (as the statement computes them), never every bill of history.
 */
export function collectionRatesOf(db: Db, quarter: string) {
  const q = parseQuarter(quarter);
  if (!q) throw new DomainError("billing.errors.badQuarter", { field: "quarter" });
  return collectionOf(quarter, collectionPartsOf(db, q));
}

/** The buildings, for filters and the payment form. */
export function buildingNames(db: Db): string[] {
  return db.selectDistinct({ building: units.building }).from(units).orderBy(asc(units.building)).all().map((r) => r.building);
}

/** The prepaid balance of every unit that has one, as of a date. */
export function prepaidTotalFen(db: Db, asOf: string): number {
  let total = 0;
  for (const balance of prepaidBalances(db, asOf).values()) total += balance;
  return total;
}

/** An owner's own billing: per unit, the account; for the owner's page. */
export function ownerBilling(db: Db, ownerId: number) {
  const unitIds = db.select({ id: units.id }).from(units).where(eq(units.ownerId, ownerId)).orderBy(asc(units.building), asc(units.number)).all();
  const accounts = unitIds.map((u) => unitAccount(db, u.id)).filter((a): a is NonNullable<typeof a> => a !== null);
  return {
    accounts,
    owedFen: accounts.reduce((sum, a) => sum + a.owedFen, 0),
    prepaidFen: accounts.reduce((sum, a) => sum + a.prepaidFen, 0),
  };
}

/** Everything the overview page shows, in one call. */
export function billingOverview(db: Db, options: { asOf: string; quarter: string }) {
  const month = options.asOf.slice(0, 7);
  const rates = [...ratesInForce(db, month).values()].sort((a, b) => a.unitKind.localeCompare(b.unitKind));
  const byBuilding = arrears(db, options.asOf, "building");
  return {
    rates,
    runs: listBillRuns(db, 12),
    arrearsByBuilding: byBuilding,
    arrearsTotals: arrearsTotals(byBuilding),
    collection: parseQuarter(options.quarter) ? collectionRatesOf(db, options.quarter) : null,
  };
}

/** The unit a bill or a payment belongs to, for links from the ledger. */
export function unitOfSource(db: Db, kind: "bill" | "payment", id: number): number | null {
  const table = kind === "bill" ? bills : payments;
  return db.select({ unitId: table.unitId }).from(table).where(eq(table.id, id)).get()?.unitId ?? null;
}
