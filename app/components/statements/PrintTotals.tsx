import { useTranslation } from "react-i18next";
import { BOOKS } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import type { CollectionRates } from "~/domain/billing/collection-rate";
import type { StatementFigures } from "~/domain/statements/snapshot";
import { capitalsOf } from "~/domain/statements/table-rows";

/** Each book's income, spending and closing balance in figures and in Chinese capitals 大写 (DESIGN.md §4). */
export function PrintTotals({ figures }: { figures: StatementFigures }) {
  const { t } = useTranslation();
  const s = (key: string) => t(`statementPrint.sections.${key}`);
  return (
    <section className="print-totals" aria-labelledby="print-totals">
      <h2 id="print-totals">{t("statementPrint.totalsTitle")}</h2>
      <table className="print-table">
        <thead>
          <tr>
            <th scope="col">{t("statementPrint.columns.book")}</th><th scope="col">{t("statementPrint.columns.section")}</th>
            <th scope="col" className="money">{t("statementPrint.columns.amount")}</th><th scope="col">{t("statementPrint.capitals")}</th>
          </tr>
        </thead>
        <tbody>
          {BOOKS.flatMap((book) => {
            const b = figures.books[book];
            return ([["income_total", b.incomeTotalFen], ["spending_total", b.spendingTotalFen], ["closing", b.closingFen]] as const).map(([key, fen]) => (
              <tr key={`${book}-${key}`}>
                <td>{t(`statementPrint.books.${book}`)}</td><td>{s(key)}</td>
                <td className="money">{formatFen(fen)}</td><td className="print-capitals" lang="zh-CN">{capitalsOf(fen)}</td>
              </tr>
            ));
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The collection rates 收缴率 of each quarter of the period: received ÷ due, of the quarter's bills and including arrears. */
export function PrintCollection({ collection }: { collection: readonly CollectionRates[] }) {
  const { t } = useTranslation();
  const rate = (r: CollectionRates["ofQuarter"]) => (r.ratePercent === null ? t("statementPrint.collection.none") : `${r.ratePercent}%`);
  const parts = (r: CollectionRates["ofQuarter"]) => `${formatFen(r.numeratorFen)} / ${formatFen(r.denominatorFen)}`;
  return (
    <section className="print-collection" aria-labelledby="print-collection">
      <h2 id="print-collection">{t("statementPrint.sections.collection")}</h2>
      <table className="print-table">
        <thead>
          <tr>
            <th scope="col">{t("statementPrint.columns.quarter")}</th>
            <th scope="col">{t("statementPrint.collection.ofQuarterColumn")}</th>
            <th scope="col">{t("statementPrint.collection.includingArrearsColumn")}</th>
          </tr>
        </thead>
        <tbody>
          {collection.map((c) => (
            <tr key={c.quarter}>
              <td>{c.quarter}</td>
              <td><strong>{rate(c.ofQuarter)}</strong> <span className="print-small">({parts(c.ofQuarter)})</span></td>
              <td><strong>{rate(c.includingArrears)}</strong> <span className="print-small">({parts(c.includingArrears)})</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
