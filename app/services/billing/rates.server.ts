import { and, asc, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { feeRates } from "~db/schema";
import type { RateForm } from "~/domain/billing/forms";
import { isMonth } from "~/domain/billing/periods";
import { DomainError } from "~/domain/errors";
import { parseRate } from "~/domain/money";
import type { UnitKind } from "~/domain/register";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";

export type FeeRateRow = typeof feeRates.$inferSelect;

/**
 * The committee sets a fee rate (¥/m²/month) for a unit kind from a month
 * on, citing the contract or decision. A new rate is a new row; one kind has
 * at most one rate per starting month.
 */
export function setFeeRate(db: Db, input: RateForm, actor: Actor) {
  const rate = parseRate(input.rate, 4);
  if (!rate.ok) throw new DomainError(`billing.errors.${rate.error.code.replace("rate.", "rate_")}`, { field: "rate" });
  if (!isMonth(input.effectiveFrom)) throw new DomainError("billing.errors.badMonth", { field: "effectiveFrom" });
  const reference = input.reference.trim();
  if (!reference) throw new DomainError("errors.required", { field: "reference" });
  return auditedWrite(db, { actor, action: "billing.rate_set" }, (tx, seq) => {
    const clash = tx.select({ id: feeRates.id }).from(feeRates)
      .where(and(eq(feeRates.unitKind, input.unitKind), eq(feeRates.effectiveFrom, input.effectiveFrom))).get();
    if (clash) throw new DomainError("billing.errors.rateExists", { field: "effectiveFrom", status: 409 });
    const row = tx.insert(feeRates)
      .values({ unitKind: input.unitKind, rate: rate.value, effectiveFrom: input.effectiveFrom, reference, auditSeq: seq })
      .returning().get();
    return { result: { rate: row }, subject: `fee_rate:${row.id}`, rows: { fee_rates: [rowViews.fee_rates(row)] } };
  });
}

export function listFeeRates(db: Db): FeeRateRow[] {
  return db.select().from(feeRates).orderBy(asc(feeRates.unitKind), desc(feeRates.effectiveFrom)).all();
}

/** Per unit kind, the rate in force in `month`: the latest one effective on or before it. */
export function ratesInForce(db: Db | Tx, month: string): Map<UnitKind, FeeRateRow> {
  const rows = db.select().from(feeRates).orderBy(asc(feeRates.effectiveFrom)).all();
  const inForce = new Map<UnitKind, FeeRateRow>();
  for (const row of rows) if (row.effectiveFrom <= month) inForce.set(row.unitKind, row);
  return inForce;
}
