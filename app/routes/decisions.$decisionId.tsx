import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DecisionMoney } from "~/components/decisions/DecisionMoney";
import { OutcomeBadge } from "~/components/decisions/OutcomeBadge";
import { TallyTable } from "~/components/decisions/TallyTable";
import { SubjectTimeline } from "~/components/SubjectTimeline";
import { formatArea } from "~/domain/area";
import { shanghaiDate } from "~/domain/calendar";
import { decisionNumber } from "~/domain/decisions/matters";
import { hasAnyRole } from "~/domain/roles";
import { decisionDetail, decisionTimeline } from "~/services/decisions/decision-pages.server";
import { getDb } from "~/services/db.server";
import { notFound, parseId, requireUser } from "~/services/request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["owner", "manager", "committee", "auditor"]);
  const id = parseId(params.decisionId);
  const detail = decisionDetail(getDb(), id);
  if (!detail) throw notFound();
  return {
    ...detail,
    challengePast: shanghaiDate(new Date()) > detail.challengeUntil,
    // Owners read the register but not the spending and budget pages (DESIGN.md §2).
    linkSpending: hasAnyRole(user.roles, ["manager", "committee", "auditor"]),
    timeline: decisionTimeline(getDb(), detail.decision),
  };
}

export default function DecisionPage() {
  const { t } = useTranslation();
  const { decision: d, verdict, lines, challengeUntil, challengePast, attachments, spending, linkSpending, timeline } = useLoaderData<typeof loader>();
  const check = (ok: boolean) => <span className={ok ? "ok" : "not-ok"}>{t(ok ? "decisions.detail.yes" : "decisions.detail.no")}</span>;
  const kind = verdict.special ? "Special" : "Ordinary";
  return (
    <section>
      <p><Link to="/decisions">{t("decisions.list")}</Link></p>
      <h1>{decisionNumber(d)}《{d.title}》</h1>
      <dl className="facts">
        <dt>{t("decisions.detail.matter")}</dt>
        <dd>
          {t("decisions.matterOption", { n: d.matter, name: t(`decisions.matters.${d.matter}`) })}
          {verdict.special ? <> <span className="badge special">{t("decisions.special")}</span></> : null}
          <br />{t(verdict.special ? "decisions.detail.specialThresholds" : "decisions.detail.ordinaryThresholds")}
        </dd>
        <dt>{t("decisions.detail.source")}</dt>
        <dd>
          {t(`decisions.sources.${d.source}`)}
          {d.ballotId !== null ? <> · <Link to={`/ballots/${d.ballotId}`}>{t("decisions.detail.ballot", { id: d.ballotId })}</Link></> : null}
        </dd>
        <dt>{t("decisions.detail.held")}</dt>
        <dd>{d.heldFrom === d.heldUntil ? d.heldFrom : t("decisions.detail.heldRange", { from: d.heldFrom, until: d.heldUntil })}</dd>
        <dt>{t("decisions.detail.announced")}</dt>
        <dd>{d.announcedOn}</dd>
        <dt>{t("decisions.detail.outcome")}</dt>
        <dd><OutcomeBadge outcome={d.outcome} /></dd>
      </dl>

      <h2>{t("decisions.detail.text")}</h2>
      <div className="decision-text" style={{ whiteSpace: "pre-wrap" }}>{d.text}</div>

      <h2>{t("decisions.detail.tallies")}</h2>
      <p>{t("decisions.detail.registerAt", { area: formatArea(d.totalAreaCentiM2), owners: d.totalOwners })}</p>
      <TallyTable lines={lines} />

      <h2>{t("decisions.detail.verdict")}</h2>
      <ul className="verdict">
        <li>{t("decisions.detail.quorumArea")}: {check(verdict.quorumArea)}</li>
        <li>{t("decisions.detail.quorumOwners")}: {check(verdict.quorumOwners)}</li>
        <li>{t(`decisions.detail.approvalArea${kind}`)}: {check(verdict.approvalArea)}</li>
        <li>{t(`decisions.detail.approvalOwners${kind}`)}: {check(verdict.approvalOwners)}</li>
      </ul>
      <p>{t("decisions.detail.outcome")}: <OutcomeBadge outcome={d.outcome} /></p>
      <p className="hint">{t("decisions.detail.law")}</p>
      <p className="challenge">
        {t("decisions.detail.challenge", { date: challengeUntil })}
        {challengePast ? <> <span className="status">{t("decisions.detail.challengePast")}</span></> : null}
      </p>

      <h2>{t("decisions.detail.attachments")}</h2>
      {attachments.length === 0 ? <p>{t("decisions.detail.noAttachments")}</p> : (
        <ul>
          {attachments.map((a) => (
            <li key={a.id}>{t(`decisions.detail.kinds.${a.kind}`)}: <a href={`/attachments/${a.id}`}>{a.filename}</a></li>
          ))}
        </ul>
      )}

      <DecisionMoney authorisedFen={d.authorisedFen} spending={spending} linkSpending={linkSpending} />

      <SubjectTimeline items={timeline} title={t("decisions.detail.timeline")} />
    </section>
  );
}
