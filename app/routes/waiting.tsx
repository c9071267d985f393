import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { shanghaiDate } from "~/domain/calendar";
import { formatDateTime } from "~/domain/datetime";
import { formatFen } from "~/domain/money";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";
import { waitingFor } from "~/services/spending/waiting.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  return waitingFor(getDb(), user.id, shanghaiDate(new Date()));
}

export default function WaitingPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language.startsWith("en") ? "en-GB" : "zh-CN";
  const w = useLoaderData<typeof loader>();
  const none = <p>{t("approvals.waiting.none")}</p>;
  return (
    <section>
      <h1>{t("approvals.waiting.title")}</h1>
      <h2>{t("approvals.waiting.approvals")}</h2>
      {w.toVote.length === 0 ? none : (
        <ul>{w.toVote.map((a) => (
          <li key={a.approvalId}>
            <Link to={a.href}>{t(`approvals.subjectKinds.${a.subjectKind}`)} #{a.subjectId}{a.title ? ` ${a.title}` : ""}</Link>
            {a.amountFen !== null ? ` · ${formatFen(a.amountFen)}` : ""} · {formatDateTime(a.openedAt, locale)}
          </li>
        ))}</ul>
      )}
      <h2>{t("approvals.waiting.scores")}</h2>
      {w.toScore.length === 0 ? none : <ul>{w.toScore.map((p) => <li key={p.proposalId}><Link to={p.href}>{p.title}</Link> · {p.scored}/{p.quotes}</li>)}</ul>}
      <h2>{t("approvals.waiting.acceptances")}</h2>
      {w.toAccept.length === 0 ? none : <ul>{w.toAccept.map((p) => <li key={p.proposalId}><Link to={p.href}>{p.title}</Link> · {formatFen(p.approvedFen ?? 0)}</li>)}</ul>}
      <h2>{t("approvals.waiting.retentions")}</h2>
      {w.toRelease.length === 0 ? none : <ul>{w.toRelease.map((p) => <li key={p.proposalId}><Link to={p.href}>{p.title}</Link> · {formatFen(p.retentionFen)} · {p.warrantyUntil}</li>)}</ul>}
    </section>
  );
}
