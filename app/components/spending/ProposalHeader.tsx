import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { fenToChineseCapitals } from "~/domain/chinese-capitals";
import { accountDef } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import type { Method } from "~/domain/spending/tiers";
import type { ProposalStatus as Status } from "~/domain/spending/proposal-states";
import { DecisionLink } from "./DecisionCitation";
import { ProposalStatus } from "./ProposalStatus";

export function kindName(code: string, language: string): string {
  const def = accountDef(code);
  if (!def) return code;
  return `${code} ${language.startsWith("zh") ? def.nameZh : def.nameEn}`;
}

/** What the header shows (getProposalDetail gives it). */
export interface ProposalHeaderData {
  proposal: {
    title: string; status: Status; book: "cogoverned" | "public_revenue"; kind: string; estimatedFen: number; approvedFen: number | null;
    method: Method | null; drafterName: string; isMajorRepair: boolean; decisionRef: string | null; reason: string;
  };
  budgetLine: { budgetId: number; year: number; title: string; kind: string; amountFen: number } | null;
  decision?: { label: string; href: string } | null; // the owners' decision cited, in the register
}

/** Title, status, book, kind, amounts (the approved one with its 大写), method, drafter, the major-repair answer, decision, budget line. */
export function ProposalHeader({ detail }: { detail: ProposalHeaderData }) {
  const { t, i18n } = useTranslation();
  const p = detail.proposal;
  return (
    <header className="proposal-header">
      <h1>{p.title} <ProposalStatus status={p.status} /></h1>
      <p className="notice" role="note">
        <strong>{t("spending.fields.isMajorRepair")}</strong> {t("spending.hints.major")}：<strong>{p.isMajorRepair ? t("spending.yes") : t("spending.no")}</strong>
      </p>
      <dl className="facts">
        <dt>{t("spending.fields.book")}</dt><dd>{t(`spending.books.${p.book}`)}</dd>
        <dt>{t("spending.fields.kind")}</dt><dd>{kindName(p.kind, i18n.language)}</dd>
        <dt>{t("spending.fields.estimate")}</dt><dd className="money">{formatFen(p.estimatedFen)}</dd>
        {p.approvedFen !== null ? (
          <>
            <dt>{t("spending.fields.approvedFen")}</dt>
            <dd className="money">{formatFen(p.approvedFen)}（{t("spending.fields.capitals")}：{fenToChineseCapitals(p.approvedFen)}）</dd>
          </>
        ) : null}
        {p.method ? <><dt>{t("spending.fields.method")}</dt><dd>{t(`spending.methods.${p.method}`)}</dd></> : null}
        <dt>{t("spending.fields.drafter")}</dt><dd>{p.drafterName}</dd>
        {detail.decision || p.decisionRef ? <><dt>{t("spending.fields.decisionRef")}</dt><dd><DecisionLink decision={detail.decision ?? null} fallback={p.decisionRef} /></dd></> : null}
        {detail.budgetLine ? (
          <>
            <dt>{t("spending.fields.budgetLine")}</dt>
            <dd><Link to={`/budget/${detail.budgetLine.budgetId}`}>{detail.budgetLine.year} {detail.budgetLine.title} · {kindName(detail.budgetLine.kind, i18n.language)} · {formatFen(detail.budgetLine.amountFen)}</Link></dd>
          </>
        ) : null}
        <dt>{t("spending.fields.reason")}</dt><dd>{p.reason}</dd>
      </dl>
    </header>
  );
}
