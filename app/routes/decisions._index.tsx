import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OutcomeBadge } from "~/components/decisions/OutcomeBadge";
import { decisionNumber } from "~/domain/decisions/matters";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { listDecisions } from "~/services/decisions/decision-pages.server";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["owner", "manager", "committee", "auditor"]);
  return { decisions: listDecisions(getDb()), canRecord: hasAnyRole(user.roles, ["committee"]) };
}

export default function DecisionsPage() {
  const { t } = useTranslation();
  const { decisions, canRecord } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("decisions.title")}</h1>
      <p>{t("decisions.intro")}</p>
      <p>
        <Link to="/ballots">{t("decisions.ballotsLink")}</Link>
        {canRecord ? <> · <Link to="/decisions/new" className="button">{t("decisions.new")}</Link></> : null}
      </p>
      {decisions.length === 0 ? <p>{t("decisions.none")}</p> : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("decisions.columns.number")}</th>
              <th scope="col">{t("decisions.columns.title")}</th>
              <th scope="col">{t("decisions.columns.matter")}</th>
              <th scope="col">{t("decisions.columns.held")}</th>
              <th scope="col">{t("decisions.columns.announced")}</th>
              <th scope="col">{t("decisions.columns.source")}</th>
              <th scope="col">{t("decisions.columns.participation")}</th>
              <th scope="col">{t("decisions.columns.outcome")}</th>
              <th scope="col">{t("decisions.columns.authorised")}</th>
              <th scope="col">{t("decisions.columns.remaining")}</th>
            </tr>
          </thead>
          <tbody>
            {decisions.map((d) => (
              <tr key={d.id}>
                <td><Link to={`/decisions/${d.id}`}>{decisionNumber(d)}</Link></td>
                <td><Link to={`/decisions/${d.id}`}>{d.title}</Link></td>
                <td>
                  {t("decisions.matterOption", { n: d.matter, name: t(`decisions.matters.${d.matter}`) })}
                  {d.special ? <> <span className="badge special">{t("decisions.special")}</span></> : null}
                </td>
                <td>{d.heldFrom === d.heldUntil ? d.heldFrom : t("decisions.detail.heldRange", { from: d.heldFrom, until: d.heldUntil })}</td>
                <td>{d.announcedOn}</td>
                <td>{t(`decisions.sources.${d.source}`)}</td>
                <td>{t("decisions.participation", { area: d.participationAreaPercent, owners: d.participationOwnersPercent })}</td>
                <td><OutcomeBadge outcome={d.outcome} /></td>
                <td className="money">{d.authorisedFen === null ? "—" : formatFen(d.authorisedFen)}</td>
                <td className={d.remainingFen !== null && d.remainingFen < 0 ? "money negative" : "money"}>{d.remainingFen === null ? "—" : formatFen(d.remainingFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
