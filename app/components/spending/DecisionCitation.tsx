import { getSelectProps } from "@conform-to/react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AnyField } from "~/components/form";
import { formatFen } from "~/domain/money";

/** A passed decision offered for citing (citableDecisions of app/services/decisions/usage.server.ts). */
export interface DecisionOption {
  id: number;
  year: number;
  serial: number;
  title: string;
  remainingFen: number | null;
}

/** "2026 年第 1 号 《title》 — 剩余 ¥x" (without the remaining part for decisions that authorise no amount). */
export function decisionOptionLabel(d: DecisionOption, remainingWord: string): string {
  const head = `${d.year} 年第 ${d.serial} 号 《${d.title}》`;
  return d.remainingFen === null ? head : `${head} — ${remainingWord} ${formatFen(d.remainingFen)}`;
}

/**
 * The select box that replaced the free-text decision reference: passed
 * decisions of the register. Its own error list, because the refusals name
 * the remaining amount (params).
 */
export function DecisionSelect({ meta, label, hint, decisions, params, noneLabel }: {
  meta: AnyField;
  label: string;
  hint?: string;
  decisions: readonly DecisionOption[];
  params?: Record<string, string | number> | null;
  noneLabel?: string; // offered when citing is optional
}) {
  const { t } = useTranslation();
  const remaining = t("spending.decision.remaining");
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? <p className="hint">{hint}</p> : null}
      <select {...getSelectProps(meta)}>
        <option value="">{noneLabel ?? t("spending.decision.choose")}</option>
        {decisions.map((d) => <option key={d.id} value={String(d.id)}>{decisionOptionLabel(d, remaining)}</option>)}
      </select>
      {meta.errors && meta.errors.length > 0 ? (
        <ul id={meta.errorId} className="field-errors" role="alert">
          {meta.errors.map((code) => <li key={code}>{t(code, params ?? {})}</li>)}
        </ul>
      ) : null}
      {decisions.length === 0 ? <p className="hint">{t("spending.decision.noneYet")}</p> : null}
    </div>
  );
}

/** A cited decision as printed (its label), linked to its page in the register. */
export function DecisionLink({ decision, fallback }: { decision: { label: string; href: string } | null; fallback?: string | null }) {
  if (decision) return <Link to={decision.href}>{decision.label}</Link>;
  return <>{fallback ?? "—"}</>;
}
