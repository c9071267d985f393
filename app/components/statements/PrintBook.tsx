import { useTranslation } from "react-i18next";
import type { Book } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { lineLabel } from "~/domain/statements/lines";
import type { BookStatement } from "~/domain/statements/snapshot";
import { OWED_ITEMS, owedFen, type Lang } from "~/domain/statements/table-rows";

/** One book on the printed notice: the cash statement, what is owed at the end, the budget against the actual. */
export function PrintBook({ book, statement, lang }: { book: Book; statement: BookStatement; lang: Lang }) {
  const { t } = useTranslation();
  const s = (key: string) => t(`statementPrint.sections.${key}`);
  return (
    <section className="print-book" aria-labelledby={`print-book-${book}`}>
      <h2 id={`print-book-${book}`}>{t(`statementPrint.books.${book}`)}</h2>
      <table className="print-table">
        <thead>
          <tr><th scope="col">{t("statementPrint.columns.section")}</th><th scope="col">{t("statementPrint.columns.lineCode")}</th><th scope="col" className="money">{t("statementPrint.columns.amount")}</th></tr>
        </thead>
        <tbody>
          <tr className="print-balance"><th scope="row" colSpan={2}>{s("opening")}</th><td className="money">{formatFen(statement.openingFen)}</td></tr>
          <tr className="print-group"><th scope="rowgroup" colSpan={3}>{s("income")}</th></tr>
          {statement.income.map((line) => (
            <tr key={`in-${line.key}`}><td className="print-indent">{lineLabel(line.key, lang)}</td><td className="print-code">{accountCode(line.key)}</td><td className="money">{formatFen(line.amountFen)}</td></tr>
          ))}
          <tr className="print-total"><th scope="row" colSpan={2}>{s("income_total")}</th><td className="money">{formatFen(statement.incomeTotalFen)}</td></tr>
          <tr className="print-group"><th scope="rowgroup" colSpan={3}>{s("spending")}</th></tr>
          {statement.spending.map((line) => (
            <tr key={`out-${line.key}`}><td className="print-indent">{lineLabel(line.key, lang)}</td><td className="print-code">{accountCode(line.key)}</td><td className="money">{formatFen(line.amountFen)}</td></tr>
          ))}
          <tr className="print-total"><th scope="row" colSpan={2}>{s("spending_total")}</th><td className="money">{formatFen(statement.spendingTotalFen)}</td></tr>
          <tr className="print-balance"><th scope="row" colSpan={2}>{s("closing")}</th><td className="money">{formatFen(statement.closingFen)}</td></tr>
        </tbody>
      </table>
      <h3>{s("owed")}</h3>
      <table className="print-table">
        <tbody>
          {OWED_ITEMS.map((item) => (
            <tr key={item}><td>{t(`statementPrint.owed.${item}`)}</td><td className="money">{formatFen(owedFen(statement, item))}</td></tr>
          ))}
        </tbody>
      </table>
      <PrintBudget statement={statement} lang={lang} />
    </section>
  );
}

/** An account code is shown; a named line (fees, remuneration…) has none. */
function accountCode(key: string): string {
  return /^\d+$/.test(key) ? key : "";
}

function PrintBudget({ statement, lang }: { statement: BookStatement; lang: Lang }) {
  const { t } = useTranslation();
  const { budget } = statement;
  const c = (key: string) => t(`statementPrint.columns.${key}`);
  return (
    <>
      <h3>{t("statementPrint.budgetTitle")}{budget.title ? ` · ${t("statementPrint.budgetOf", { title: budget.title })}` : ""}</h3>
      {budget.rows.length === 0 ? <p>{t("statementPrint.noBudget")}</p> : (
        <table className="print-table">
          <thead>
            <tr>
              <th scope="col">{c("line")}</th><th scope="col" className="money">{c("budget")}</th><th scope="col" className="money">{c("period")}</th>
              <th scope="col" className="money">{c("yearToDate")}</th><th scope="col" className="money">{c("remaining")}</th>
            </tr>
          </thead>
          <tbody>
            {budget.rows.map((row) => (
              <tr key={row.kind}>
                <td>{lineLabel(row.lineKey, lang)}</td><td className="money">{formatFen(row.budgetFen)}</td><td className="money">{formatFen(row.periodFen)}</td>
                <td className="money">{formatFen(row.yearToDateFen)}</td><td className="money">{formatFen(row.remainingFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
