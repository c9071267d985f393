import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatArea } from "~/domain/area";
import { formatDateTime } from "~/domain/datetime";
import { formatFen } from "~/domain/money";
import { ownerBilling } from "~/services/billing/reading.server";
import { getDb } from "~/services/db.server";
import { ballotsAwaiting } from "~/services/decisions/ballot-pages.server";
import { getOwner } from "~/services/owners.server";
import { requireUser } from "~/services/request.server";

/** An owner sees their own record, units and bills, and nobody else's (DESIGN.md §2). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["owner"]);
  const db = getDb();
  const found = user.ownerId ? getOwner(db, user.ownerId) : null;
  const billing = user.ownerId ? ownerBilling(db, user.ownerId) : null;
  return {
    awaiting: user.ownerId ? ballotsAwaiting(db, user.ownerId) : [],
    owner: found ? { name: found.owner.name, phone: found.owner.phone, kind: found.owner.kind } : null,
    units: (found?.units ?? []).map((u) => ({ id: u.id, building: u.building, number: u.number, kind: u.kind, area: formatArea(u.areaCentiM2) })),
    totalArea: formatArea((found?.units ?? []).reduce((sum, u) => sum + u.areaCentiM2, 0)),
    owedFen: billing?.owedFen ?? 0,
    prepaidFen: billing?.prepaidFen ?? 0,
    bills: (billing?.accounts ?? []).flatMap((a) =>
      a.bills.map((b) => ({
        id: b.id, unit: `${a.unit.building} ${a.unit.number}`, period: b.periodStart === b.periodEnd ? b.periodStart : `${b.periodStart} – ${b.periodEnd}`,
        amountFen: b.amountFen, paidFen: b.paidFen, outstandingFen: b.outstandingFen, dueOn: b.dueOn,
      })),
    ),
    payments: (billing?.accounts ?? []).flatMap((a) =>
      a.payments.map((p) => ({ id: p.id, unit: `${a.unit.building} ${a.unit.number}`, receivedOn: p.receivedOn, amountFen: p.amountFen, method: p.method, reference: p.reference })),
    ),
  };
}

export default function OwnerHome() {
  const { t, i18n } = useTranslation();
  const { awaiting, owner, units, totalArea, owedFen, prepaidFen, bills, payments } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("me.title")}</h1>
      {awaiting.length > 0 ? (
        <div className="notice" id="ballots-awaiting">
          <p>{t("ballots.awaiting", { count: awaiting.length })}</p>
          <ul>
            {awaiting.map((b) => <li key={b.id}><Link to={`/ballots/${b.id}`}>{b.title}</Link>（{t("ballots.awaitingDeadline", { deadline: formatDateTime(b.deadline, i18n.language) })}）</li>)}
          </ul>
        </div>
      ) : null}
      {owner ? (
        <dl className="facts">
          <dt>{t("owners.name")}</dt><dd>{owner.name}</dd>
          <dt>{t("owners.phone")}</dt><dd>{owner.phone || "—"}</dd>
          <dt>{t("me.totalArea")}</dt><dd>{totalArea} m²</dd>
        </dl>
      ) : <p className="notice">{t("me.noOwner")}</p>}
      <h2>{t("me.units")}</h2>
      <table className="data-table">
        <thead><tr><th scope="col">{t("units.building")}</th><th scope="col">{t("units.number")}</th><th scope="col">{t("units.area")}</th><th scope="col">{t("units.kind")}</th></tr></thead>
        <tbody>
          {units.map((u) => <tr key={u.id}><td>{u.building}</td><td>{u.number}</td><td>{u.area}</td><td>{t(`unitKinds.${u.kind}`)}</td></tr>)}
        </tbody>
      </table>
      <h2>{t("billing.myBilling")}</h2>
      <dl className="facts">
        <dt>{t("billing.myOwed")}</dt><dd className="money">{formatFen(owedFen)}</dd>
        <dt>{t("billing.myPrepaid")}</dt><dd className="money">{formatFen(prepaidFen)}</dd>
      </dl>
      <table className="data-table">
        <caption>{t("billing.bills")}</caption>
        <thead><tr>
          <th scope="col">{t("billing.unit")}</th><th scope="col">{t("billing.period")}</th><th scope="col">{t("billing.total")}</th>
          <th scope="col">{t("billing.paid")}</th><th scope="col">{t("billing.outstanding")}</th><th scope="col">{t("billing.dueOn")}</th>
        </tr></thead>
        <tbody>
          {bills.map((b) => (
            <tr key={b.id}><td>{b.unit}</td><td>{b.period}</td><td className="money">{formatFen(b.amountFen)}</td><td className="money">{formatFen(b.paidFen)}</td><td className="money">{formatFen(b.outstandingFen)}</td><td>{b.dueOn}</td></tr>
          ))}
        </tbody>
      </table>
      <table className="data-table">
        <caption>{t("billing.payments")}</caption>
        <thead><tr><th scope="col">{t("billing.unit")}</th><th scope="col">{t("billing.receivedOn")}</th><th scope="col">{t("billing.amount")}</th><th scope="col">{t("billing.method")}</th><th scope="col">{t("billing.paymentReference")}</th></tr></thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.id}><td>{p.unit}</td><td>{p.receivedOn}</td><td className="money">{formatFen(p.amountFen)}</td><td>{t(`billing.methods.${p.method}`)}</td><td>{p.reference}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
