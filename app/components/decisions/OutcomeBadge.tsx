import { useTranslation } from "react-i18next";

/** 通过 / 未通过 / 未达参与人数, styled like the other status badges. */
export function OutcomeBadge({ outcome }: { outcome: "passed" | "failed" | "no_quorum" }) {
  const { t } = useTranslation();
  return <span className={`status status-${outcome}`}>{t(`decisions.outcomes.${outcome}`)}</span>;
}
