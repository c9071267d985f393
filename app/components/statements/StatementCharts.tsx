import { useTranslation } from "react-i18next";

/**
 * The two charts, drawn on the server by ECharts as SVG (services/statements/
 * charts.server.ts) from our own figures and labels, ECharts escaping every
 * text; shown as markup so they read without JavaScript and in print.
 */
export function StatementCharts({ byKind, quarters }: { byKind: string; quarters: string }) {
  const { t } = useTranslation();
  return (
    <div className="statement-charts">
      <figure className="chart" role="img" aria-label={t("statements.charts.byKindTitle")}>
        <div dangerouslySetInnerHTML={{ __html: byKind }} />
      </figure>
      <figure className="chart" role="img" aria-label={t("statements.charts.quartersTitle")}>
        <div dangerouslySetInnerHTML={{ __html: quarters }} />
      </figure>
      <p className="muted">{t("statements.charts.alt")}</p>
    </div>
  );
}
