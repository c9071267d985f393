import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { bills, paymentAllocations, remunerationAccruals, remunerationRules } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { isMonth, lastDayOfMonth } from "~/domain/income/periods";
import { parsePercent } from "~/domain/income/percent";
import { baseMonth, remunerationAmount, remunerationRuleFor } from "~/domain/income/remuneration";
import { ACCOUNT } from "~/domain/ledger/chart";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { writeEntry } from "../ledger/entries.server";
import { nextRowId } from "../row-ids.server";

export type RemunerationRuleRow = typeof remunerationRules.$inferSelect;
export type RemunerationAccrualRow = typeof remunerationAccruals.$inferSelect;

export type RemunerationRuleInput =
  | { method: "fixed"; fixedFenPerMonth: number; effectiveFrom: string; contractRef: string }
  | { method: "percent"; percent: string; effectiveFrom: string; contractRef: string };

/**
 * The committee sets the 酬金 rule of the service contract the owners
 * approved, from a month on (action `remuneration.rule_set`). A change is a new rule.
 */
export function setRemunerationRule(db: Db, input: RemunerationRuleInput, actor: Actor) {
  if (!isMonth(input.effectiveFrom)) throw new DomainError("income.errors.month", { field: "effectiveFrom" });
  const contractRef = input.contractRef.trim();
  if (contractRef === "") throw new DomainError("income.errors.contractRequired", { field: "contractRef" });
  if (contractRef.length > 100) throw new DomainError("errors.tooLong", { field: "contractRef" });
  let values: { method: "fixed" | "percent"; fixedFenPerMonth: number | null; percent: string | null };
  if (input.method === "fixed") {
    if (!Number.isSafeInteger(input.fixedFenPerMonth) || input.fixedFenPerMonth <= 0) {
      throw new DomainError("income.errors.amountPositive", { field: "fixedAmount" });
    }
    values = { method: "fixed", fixedFenPerMonth: input.fixedFenPerMonth, percent: null };
  } else if (input.method === "percent") {
    const percent = parsePercent(input.percent);
    if (!percent.ok) throw new DomainError(percent.error, { field: "percent" });
    values = { method: "percent", fixedFenPerMonth: null, percent: percent.value };
  } else {
    throw new DomainError("income.errors.method", { field: "method" });
  }
  return auditedWrite(db, { actor, action: "remuneration.rule_set" }, (tx, seq) => {
    if (tx.select({ id: remunerationRules.id }).from(remunerationRules).where(eq(remunerationRules.effectiveFrom, input.effectiveFrom)).get()) {
      throw new DomainError("income.errors.remunerationRuleExists", { field: "effectiveFrom", status: 409 });
    }
    const rule = tx.insert(remunerationRules)
      .values({ ...values, contractRef, effectiveFrom: input.effectiveFrom, setBy: actor, auditSeq: seq })
      .returning().get();
    return { result: { rule }, subject: `remuneration_rule:${rule.id}`, rows: { remuneration_rules: [rowViews.remuneration_rules(rule)] } };
  });
}

/**
 * Service fees received that count in a month: every allocation of money to
 * a bill (paid directly or from the prepaid balance) counts in the later of
 * the month it was allocated and the month the bill's period starts.
 */
export function remunerationBaseFen(db: Db | Tx, month: string): number {
  const monthStart = `${month}-01`;
  const rows = db
    .select({ amountFen: paymentAllocations.amountFen, allocatedOn: paymentAllocations.allocatedOn, periodStart: bills.periodStart })
    .from(paymentAllocations)
    .innerJoin(bills, eq(bills.id, paymentAllocations.billId))
    .where(and(
      inArray(paymentAllocations.kind, ["to_bill", "from_prepaid"]),
      isNotNull(paymentAllocations.billId),
      // Narrow in SQL (allocated by the month's end, bill starting by then); the exact month is the domain's rule.
      sql`${paymentAllocations.allocatedOn} <= ${lastDayOfMonth(month)}`,
      sql`${bills.periodStart} <= ${month}`,
      sql`(${paymentAllocations.allocatedOn} >= ${monthStart} OR ${bills.periodStart} = ${month})`,
    ))
    .all();
  return rows.filter((r) => baseMonth(r.allocatedOn, r.periodStart) === month).reduce((acc, r) => acc + r.amountFen, 0);
}

/**
 * A manager accrues a month's 酬金 (action `remuneration.accrue`): once per
 * month, under the rule in force that month. Dr 6701 酬金 / Cr 2241 payable
 * to the property company, on the month's last day.
 */
export function accrueRemuneration(db: Db, input: { month: string }, actor: Actor) {
  if (!isMonth(input.month)) throw new DomainError("income.errors.month", { field: "month" });
  return auditedWrite(db, { actor, action: "remuneration.accrue" }, (tx, seq) => {
    if (tx.select({ id: remunerationAccruals.id }).from(remunerationAccruals).where(eq(remunerationAccruals.month, input.month)).get()) {
      throw new DomainError("income.errors.alreadyAccrued", { field: "month", status: 409, params: { month: input.month } });
    }
    const rule = remunerationRuleFor(tx.select().from(remunerationRules).all(), input.month);
    if (!rule) throw new DomainError("income.errors.noRemunerationRule", { field: "month", params: { month: input.month } });
    const computed = remunerationAmount(rule, remunerationBaseFen(tx, input.month));
    if (computed.amountFen <= 0) throw new DomainError("income.errors.nothingToAccrue", { field: "month", params: { month: input.month } });
    const id = nextRowId(tx, "remuneration_accruals");
    const written = writeEntry(tx, seq, {
      businessDate: lastDayOfMonth(input.month), memo: `酬金 ${input.month}`, sourceKind: "remuneration", sourceId: String(id),
      postings: [
        { book: "cogoverned", accountCode: ACCOUNT.remuneration, amountFen: computed.amountFen },
        { book: "cogoverned", accountCode: ACCOUNT.payableCompany, amountFen: -computed.amountFen },
      ],
    }, actor);
    const accrual = tx.insert(remunerationAccruals).values({
      id, month: input.month, ruleId: rule.id, baseFen: computed.baseFen, percent: computed.percent, amountFen: computed.amountFen,
      entryId: written.entry.id, auditSeq: seq,
    }).returning().get();
    if (accrual.id !== id) throw new Error("accrual id moved inside the transaction");
    return {
      result: { accrual, entry: written.entry },
      subject: `remuneration:${accrual.id}`,
      rows: { ...written.rows, remuneration_accruals: [rowViews.remuneration_accruals(accrual)] },
    };
  });
}

export function listRemunerationRules(db: Db): RemunerationRuleRow[] {
  return db.select().from(remunerationRules).orderBy(desc(remunerationRules.effectiveFrom)).all();
}

export function listAccruals(db: Db, limit = 36): RemunerationAccrualRow[] {
  return db.select().from(remunerationAccruals).orderBy(desc(remunerationAccruals.month)).limit(limit).all();
}

