import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubjectTimeline } from "~/components/SubjectTimeline";
import { formatArea } from "~/domain/area";
import { formatFen } from "~/domain/money";
import { unitAccount } from "~/services/billing/reading.server";
import { getDb } from "~/services/db.server";
import { notFound, parseId, requireUser } from "~/services/request.server";
import { unitAccountHistory } from "~/services/timeline-pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["manager", "committee", "auditor"]);
  const account = unitAccount(getDb(), parseId(params.unitId));
  if (!account) throw notFound();
  return { ...account, timeline: unitAccountHistory(getDb(), account.unit.id) ?? [] };
}

export default function UnitAccountPage() {
  const { t } = useTranslation();
  const a = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("billing.unitAccount", { name: `${a.unit.building}-${a.unit.number}` })}</h1>
      <dl className="facts">
        <dt>{t("billing.area")}</dt><dd>{formatArea(a.unit.areaCentiM2)}</dd>
        <dt>{t("billing.owed")}</dt><dd>{formatFen(a.owedFen)}</dd>
        <dt>{t("billing.prepaid")}</dt><dd>{formatFen(a.prepaidFen)}</dd>
      </dl>
      <h2>{t("billing.bills")}</h2>
      <table className="data-table">
        <thead><tr><th scope="col">{t("billing.period")}</th><th scope="col">{t("billing.rate")}</th><th scope="col">{t("billing.total")}</th><th scope="col">{t("billing.paid")}</th><th scope="col">{t("billing.outstanding")}</th><th scope="col">{t("billing.dueOn")}</th></tr></thead>
        <tbody>{a.bills.map((b) => <tr key={b.id}><td>{b.periodStart}~{b.periodEnd}</td><td>{b.rate}</td><td>{formatFen(b.amountFen)}</td><td>{formatFen(b.paidFen)}</td><td>{formatFen(b.outstandingFen)}</td><td>{b.dueOn}</td></tr>)}</tbody>
      </table>
      <h2>{t("billing.payments")}</h2>
      <table className="data-table">
        <thead><tr><th scope="col">{t("billing.receivedOn")}</th><th scope="col">{t("billing.amount")}</th><th scope="col">{t("billing.method")}</th><th scope="col">{t("billing.paymentReference")}</th></tr></thead>
        <tbody>{a.payments.map((p) => <tr key={p.id}><td>{p.receivedOn}</td><td>{formatFen(p.amountFen)}</td><td>{t(`billing.methods.${p.method}`)}</td><td>{p.reference}</td></tr>)}</tbody>
      </table>
      <h2>{t("billing.allocations")}</h2>
      <table className="data-table">
        <thead><tr><th scope="col">{t("billing.receivedOn")}</th><th scope="col">{t("billing.method")}</th><th scope="col">{t("billing.amount")}</th></tr></thead>
        <tbody>{a.allocations.map((x) => <tr key={x.id}><td>{x.allocatedOn}</td><td>{t(`billing.allocationKinds.${x.kind}`)}</td><td>{formatFen(x.amountFen)}</td></tr>)}</tbody>
      </table>
      <SubjectTimeline items={a.timeline} />
    </section>
  );
}
