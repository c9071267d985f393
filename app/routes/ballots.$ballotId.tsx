import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BallotMessages } from "~/components/ballots/BallotMessages";
import { ClosePanel, VotePanel } from "~/components/ballots/BallotPanels";
import { BallotTallyTable } from "~/components/ballots/BallotTallyTable";
import { IndividualBallots } from "~/components/ballots/IndividualBallots";
import { SubjectTimeline } from "~/components/SubjectTimeline";
import { formatArea } from "~/domain/area";
import { ballotActionSchema } from "~/domain/decisions/ballot-forms";
import { formatDateTime } from "~/domain/datetime";
import { formatFen } from "~/domain/money";
import { ballotDetail } from "~/services/decisions/ballot-pages.server";
import { castBallotVote, closeBallot } from "~/services/decisions/ballots.server";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["owner", "committee", "auditor"]);
  const detail = ballotDetail(getDb(), parseId(params.ballotId), user);
  if (!detail) throw notFound();
  return detail;
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Owners vote, the committee closes; the services check each role again.
  const user = await requireUser(request, ["owner", "committee"]);
  const id = parseId(params.ballotId);
  const submission = parseWithZod(await readForm(request), { schema: ballotActionSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    // Votes as the signed-in account's own owner: any posted owner id is not even parsed.
    if (submission.value.intent === "vote") castBallotVote(getDb(), { ballotId: id, choice: submission.value.choice }, user);
    else closeBallot(getDb(), { ballotId: id }, user);
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect(`/ballots/${id}`);
}

export default function BallotPage() {
  const { t, i18n } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { ballot, counts } = d;
  const settledKey = counts.settled === "passed" ? "passed" : counts.settled === null ? "open" : "failed";
  return (
    <section>
      <h1>{ballot.title}</h1>
      <p><Link to="/ballots">{t("ballots.back")}</Link></p>
      <dl className="facts">
        <dt>{t("ballots.detail.matter")}</dt>
        <dd>{t("ballots.matterOption", { n: ballot.matter, name: t(`ballots.matters.${ballot.matter}`) })}{d.special ? t("ballots.specialMark") : ""}</dd>
        <dt>{t("ballots.detail.openedAt")}</dt><dd>{formatDateTime(ballot.openedAt, i18n.language)}</dd>
        <dt>{t("ballots.detail.deadline")}</dt><dd>{formatDateTime(ballot.deadline, i18n.language)}</dd>
        {ballot.closedAt ? <><dt>{t("ballots.detail.closedAt")}</dt><dd>{formatDateTime(ballot.closedAt, i18n.language)}</dd></> : null}
        {ballot.authorisedFen !== null ? <><dt>{t("ballots.detail.authorised")}</dt><dd className="money">{formatFen(ballot.authorisedFen)}</dd></> : null}
      </dl>
      <h2>{t("ballots.detail.text")}</h2>
      <div className="ballot-text" style={{ whiteSpace: "pre-wrap" }}>{ballot.text}</div>
      <h2>{t("ballots.detail.rules")}</h2>
      <ul>
        <li>{t("ballots.detail.quorumRule")}</li>
        <li>{d.special ? t("ballots.detail.specialRule") : t("ballots.detail.ordinaryRule")}</li>
      </ul>
      {d.decision ? (
        <section id="ballot-result">
          <h2>{t("ballots.detail.result")}</h2>
          <p><strong>{t(`ballots.outcomes.${d.decision.outcome}`)}</strong> · <Link to={`/decisions/${d.decision.id}`}>{t("ballots.detail.decisionLink", { number: d.decision.number })}</Link></p>
        </section>
      ) : null}
      <h2>{t("ballots.detail.tallies")}</h2>
      <p>{t("ballots.detail.electors", { owners: counts.electors, area: formatArea(counts.totals.areaCentiM2), voted: counts.voted })}</p>
      <BallotTallyTable totals={counts.totals} tallies={counts.tallies} verdict={counts.verdict} />
      {ballot.status === "open" ? <p>{t(`ballots.detail.settled.${settledKey}`)}</p> : null}
      <BallotMessages reply={reply} />
      <VotePanel mine={d.mine} acceptsVotes={d.acceptsVotes} />
      {d.mayClose ? <ClosePanel closeAllowed={d.closeAllowed} /> : null}
      {d.individual ? <IndividualBallots rows={d.individual} /> : null}
      {d.timeline ? <SubjectTimeline items={d.timeline} title={t("ballots.detail.history")} /> : null}
    </section>
  );
}
