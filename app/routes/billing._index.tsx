import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { quarterOfDate } from "~/domain/billing/periods";
import { formatFen } from "~/domain/money";
import { billingOverview } from "~/services/billing/reading.server";
import { shanghaiDate } from "~/domain/calendar";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";

const querySchema = z.object({ quarter: z.string().trim().regex(/^\d{4}Q[1-4]$/).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const asOf = shanghaiDate(new Date());
  const quarter = query.quarter ?? quarterOfDate(asOf);
  return { asOf, quarter, isManager: user.roles.includes("manager"), isCommittee: user.roles.includes("committee"), ...billingOverview(getDb(), { asOf, quarter }) };
}

export default function BillingOverview() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const pct = (v: string | null) => (v === null ? t("billing.notApplicable") : `${v}%`);
  return (
    <section>
      <h1>{t("billing.overview")}</h1>
      <nav className="actions">
        <Link to="/billing/rates">{t("billing.rates")}</Link>{" · "}
        <Link to="/billing/payments">{t("billing.payments")}</Link>{" · "}
        <Link to="/billing/arrears">{t("billing.arrears")}</Link>
        {d.isManager ? <>{" · "}<Link to="/billing/runs/new">{t("billing.newRun")}</Link>{" · "}<Link to="/billing/payments/new">{t("billing.newPayment")}</Link></> : null}
      </nav>
      <h2>{t("billing.collection")}</h2>
      <Form method="get">
        <label htmlFor="quarter">{t("billing.quarter")}</label> <input id="quarter" name="quarter" defaultValue={d.quarter} /> <button type="submit">{t("billing.filter")}</button>
      </Form>
      {d.collection ? (
        <dl className="facts">
          <dt>{t("billing.rateOfQuarter")}</dt>
          <dd>{pct(d.collection.ofQuarter.ratePercent)} ({formatFen(d.collection.ofQuarter.numeratorFen)} / {formatFen(d.collection.ofQuarter.denominatorFen)}) <small>{t("billing.rateOfQuarterHint")}</small></dd>
          <dt>{t("billing.rateWithArrears")}</dt>
          <dd>{pct(d.collection.includingArrears.ratePercent)} ({formatFen(d.collection.includingArrears.numeratorFen)} / {formatFen(d.collection.includingArrears.denominatorFen)}) <small>{t("billing.rateWithArrearsHint")}</small></dd>
        </dl>
      ) : <p className="notice">{t("billing.errors.badQuarter")}</p>}
      <h2>{t("billing.ratesInForce")}</h2>
      <table className="data-table">
        <thead><tr><th scope="col">{t("billing.unitKind")}</th><th scope="col">{t("billing.rate")}</th><th scope="col">{t("billing.effectiveFrom")}</th><th scope="col">{t("billing.reference")}</th></tr></thead>
        <tbody>{d.rates.map((r) => <tr key={r.id}><td>{t(`unitKinds.${r.unitKind}`)}</td><td>{r.rate}</td><td>{r.effectiveFrom}</td><td>{r.reference}</td></tr>)}</tbody>
      </table>
      <h2>{t("billing.runs")}</h2>
      <table className="data-table">
        <thead><tr><th scope="col">{t("billing.period")}</th><th scope="col">{t("billing.issuedOn")}</th><th scope="col">{t("billing.dueOn")}</th><th scope="col">{t("billing.billCount")}</th><th scope="col">{t("billing.total")}</th></tr></thead>
        <tbody>{d.runs.map((r) => <tr key={r.id}><td>{r.periodStart} ({r.months})</td><td>{r.issuedOn}</td><td>{r.dueOn}</td><td>{r.billCount}</td><td>{formatFen(r.totalFen)}</td></tr>)}</tbody>
      </table>
      <h2>{t("billing.arrearsAsOf", { date: d.asOf })}</h2>
      <table className="data-table">
        <thead><tr><th scope="col">{t("billing.building")}</th><th scope="col">{t("billing.owed")}</th><th scope="col">{t("billing.overdue")}</th></tr></thead>
        <tbody>
          {d.arrearsByBuilding.map((r) => <tr key={r.key}><td>{r.label}</td><td>{formatFen(r.owedFen)}</td><td>{formatFen(r.overdueFen)}</td></tr>)}
          <tr><th scope="row">{t("billing.total")}</th><td>{formatFen(d.arrearsTotals.owedFen)}</td><td>{formatFen(d.arrearsTotals.overdueFen)}</td></tr>
        </tbody>
      </table>
    </section>
  );
}
