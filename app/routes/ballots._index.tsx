import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatArea } from "~/domain/area";
import { formatDateTime } from "~/domain/datetime";
import { hasAnyRole } from "~/domain/roles";
import { listBallots } from "~/services/decisions/ballot-pages.server";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["owner", "committee", "auditor"]);
  return { rows: listBallots(getDb()), mayOpen: hasAnyRole(user.roles, ["committee"]) };
}

export default function BallotsPage() {
  const { t, i18n } = useTranslation();
  const { rows, mayOpen } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("ballots.title")}</h1>
      <p className="hint">{t("ballots.intro")}</p>
      {mayOpen ? <p><Link to="/ballots/new" className="button">{t("ballots.open")}</Link></p> : null}
      {rows.length === 0 ? <p>{t("ballots.empty")}</p> : (
        <table className="data-table">
          <thead>
            <tr>
              {(["title", "matter", "deadline", "participation", "status", "result"] as const).map((c) => <th key={c} scope="col">{t(`ballots.columns.${c}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.id}>
                <td><Link to={`/ballots/${b.id}`}>{b.title}</Link></td>
                <td>{t("ballots.matterOption", { n: b.matter, name: t(`ballots.matters.${b.matter}`) })}</td>
                <td>{formatDateTime(b.deadline, i18n.language)}</td>
                <td>{t("ballots.participationCell", { voted: b.voted, electors: b.electors, area: formatArea(b.votedAreaCentiM2), total: formatArea(b.totalAreaCentiM2) })}</td>
                <td>{t(`ballots.statuses.${b.status === "closed" ? "closed" : b.acceptsVotes ? "open" : "awaitingClose"}`)}</td>
                <td>{b.decision ? <Link to={`/decisions/${b.decision.id}`}>{t(`ballots.outcomes.${b.decision.outcome}`)} · {b.decision.number}</Link> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
