import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/domain/datetime";
import { formatFen } from "~/domain/money";
import type { Outcome } from "~/domain/spending/approval";

/** The serialisable summary from approvalSummary (app/services/spending/approval-view.server.ts). */
export interface ApprovalSummaryData {
  id: number;
  status: "open" | "passed" | "rejected" | "referred" | "withdrawn";
  amountFen: number | null;
  unanimous: boolean;
  openedAt: string;
  decidedAt: string | null;
  voters: { userId: number; name: string; isDirector: boolean; voted: boolean }[];
  excluded: { userId: number; name: string; reason: "drafter" | "related"; suppliers: string[] }[];
  votes: { userId: number; name: string; isDirector: boolean; choice: "approve" | "reject" | "abstain"; comment: string; castAt: string }[];
  outcome: Outcome;
}

/** Voters, who was left out and why, the rule in words, the votes, the tally and the outcome with its reason. */
export function ApprovalSummaryView({ summary }: { summary: ApprovalSummaryData }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language.startsWith("en") ? "en-GB" : "zh-CN";
  const { tally } = summary.outcome;
  // A withdrawn approval keeps its own status; otherwise the outcome computed from the votes.
  const reason = summary.status === "withdrawn" ? null : summary.outcome.reason;
  return (
    <section className="approval-summary" aria-labelledby={`approval-${summary.id}-title`}>
      <h2 id={`approval-${summary.id}-title`}>
        {t("approvals.approvalOf", { id: summary.id })} · {t(`approvals.statuses.${summary.status}`)}
        {summary.amountFen !== null ? ` · ${formatFen(summary.amountFen)}` : ""}
      </h2>
      <p>{summary.unanimous ? t("approvals.rule.unanimous", { n: summary.voters.length }) : t("approvals.rule.majority", { n: summary.voters.length })}</p>
      <h3>{t("approvals.voters")}</h3>
      <ul>
        {summary.voters.map((v) => (
          <li key={v.userId}>{v.name}{v.isDirector ? `（${t("approvals.director")}）` : ""}</li>
        ))}
      </ul>
      {summary.excluded.length > 0 ? (
        <>
          <h3>{t("approvals.excluded")}</h3>
          <ul>
            {summary.excluded.map((e) => (
              <li key={e.userId}>
                {e.name}：{e.reason === "drafter" ? t("approvals.excludedDrafter") : t("approvals.excludedRelated", { suppliers: e.suppliers.join("、") })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t("approvals.votes")}</h3>
      {summary.votes.length === 0 ? <p>{t("approvals.noVotes")}</p> : (
        <table>
          <thead><tr><th>{t("approvals.name")}</th><th>{t("approvals.choice")}</th><th>{t("approvals.comment")}</th><th>{t("approvals.castAt")}</th></tr></thead>
          <tbody>
            {summary.votes.map((v) => (
              <tr key={v.userId}>
                <td>{v.name}{v.isDirector ? `（${t("approvals.director")}）` : ""}</td>
                <td>{t(`approvals.choices.${v.choice}`)}</td>
                <td>{v.comment}</td>
                <td>{formatDateTime(v.castAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>{t("approvals.tally", { ...tally })}</p>
      <p><strong>{t("approvals.outcome")}</strong>：{t(`approvals.statuses.${summary.status}`)}{reason ? ` — ${t(`approvals.reasons.${reason}`)}` : ""}</p>
      <p className="hint">{t("approvals.opened")}：{formatDateTime(summary.openedAt, locale)}{summary.decidedAt ? ` · ${formatDateTime(summary.decidedAt, locale)}` : ""}</p>
    </section>
  );
}

/** A form's errors with the service's params interpolated (amounts, names, links). */
export function DecisionErrors({ reply }: { reply: unknown }) {
  const { t } = useTranslation();
  const r = reply as { lastResult?: { error?: Record<string, string[] | null> }; params?: Record<string, string | number> | null } | undefined;
  const codes = Object.values(r?.lastResult?.error ?? {}).flatMap((list) => list ?? []);
  if (codes.length === 0) return null;
  const link = typeof r?.params?.link === "string" ? r.params.link : null;
  return (
    <div className="form-errors" role="alert">
      {codes.map((code) => <p key={code}>{t(code, r?.params ?? {})}</p>)}
      {link ? <p><a href={link}>{t("approvals.pay.increase")}</a></p> : null}
    </div>
  );
}
