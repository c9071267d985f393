import { useTranslation } from "react-i18next";
import { formatArea } from "~/domain/area";

/**
 * The denominators a decision is counted against, the counting rule of SPC
 * interpretation arts. 8–9, and the thresholds of Civil Code art. 278.
 */
export function RegisterTotalsNote({ totals }: { totals: { areaCentiM2: number; owners: number } }) {
  const { t } = useTranslation();
  return (
    <aside className="note register-totals">
      <h2>{t("decisions.register.heading")}</h2>
      <p><strong>{t("decisions.register.totals", { area: formatArea(totals.areaCentiM2), owners: totals.owners })}</strong></p>
      <p>{t("decisions.register.rule")}</p>
      <p>{t("decisions.register.thresholds")}</p>
    </aside>
  );
}
