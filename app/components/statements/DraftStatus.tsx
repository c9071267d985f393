import { useTranslation } from "react-i18next";

export type DraftStatusValue = "draft" | "approved" | "published";

/** Names a period in the reader's language: "2026Q1" → 2026 年第 1 季度公示, "2026" → 2026 年度决算. */
export function usePeriodWords(): (period: string) => string {
  const { t } = useTranslation();
  return (period) => {
    const quarter = /^(\d{4})Q([1-4])$/.exec(period);
    if (quarter) return t("statementAdmin.periodQuarter", { year: quarter[1], quarter: quarter[2] });
    return /^\d{4}$/.test(period) ? t("statementAdmin.periodYear", { year: period }) : period;
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
