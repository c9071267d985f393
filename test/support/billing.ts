import type { Db } from "~db/connection";
import { rateFormSchema } from "~/domain/billing/forms";
import { recordPayment, type PaymentInput } from "~/services/billing/payments.server";
import { setFeeRate } from "~/services/billing/rates.server";
import { runBills } from "~/services/billing/runs.server";

/** Sets a rate for each unit kind (committee's decision), through the service. */
export function setRates(db: Db, rates: Partial<Record<"residential" | "commercial" | "developer_unsold" | "developer_undelivered", string>>, effectiveFrom = "2026-01") {
  for (const [unitKind, rate] of Object.entries(rates)) {
    setFeeRate(db, rateFormSchema.parse({ unitKind, rate, effectiveFrom, reference: "物业服务合同 2026 第 5 条" }), "committee-test");
  }
}

export function runQuarter(db: Db, periodStart: string, issuedOn: string, dueOn: string) {
  return runBills(db, { periodStart, issuedOn, dueOn }, "manager-test");
}

export function pay(db: Db, input: Partial<PaymentInput> & { unitId: number; amountFen: number }) {
  return recordPayment(db, { receivedOn: "2026-02-01", method: "wechat", reference: `WX${input.amountFen}`, allowPrepayment: false, ...input }, "manager-test");
}

/** Row counts of the billing and ledger tables and the chain head: equal means nothing was written. */
export function billingDigest(db: Db): Record<string, number> {
  const tables = ["fee_rates", "bill_runs", "bills", "payments", "payment_allocations", "journal_entries", "postings", "audit_events"];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  out.maxSeq = (db.$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n;
  return out;
}
