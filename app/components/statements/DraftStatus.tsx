import { useTranslation } from "react-i18next";
import { periodParts } from "~/domain/statements/snapshot";

export type DraftStatusValue = "draft" | "approved" | "published";

/** Names a period in the reader's language: "2026Q1" → 2026 年第 1 季度公示, "2026" → 2026 年度决算. */
export function usePeriodWords(): (period: string) => string {
  const { t } = useTranslation();
  return (period) => {
    const parts = periodParts(period);
    if (!parts) return period;
    return parts.quarter !== null ? t("statementAdmin.periodQuarter", { year: parts.year, quarter: parts.quarter }) : t("statementAdmin.periodYear", { year: parts.year });
  };
}

export function DraftPeriod({ period }: { period: string }) {
  return <>{usePeriodWords()(period)}</>;
}

/** A draft's status as a badge (the same classes as the other pages' statuses), with its revision. */
export function DraftStatus({ status, revision }: { status: DraftStatusValue; revision?: number }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={`status status-${status}`}>{t(`statementAdmin.statuses.${status}`)}</span>
      {revision !== undefined ? <> · {t("statementAdmin.revisionN", { revision })}</> : null}
    </>
  );
}

/** The steps a statement goes through, in one sentence. */
export function DraftPath() {
  const { t } = useTranslation();
  return <p className="hint">{t("statementAdmin.path")}</p>;
}
