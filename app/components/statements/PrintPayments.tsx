import { useTranslation } from "react-i18next";
import { BOOKS } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { lineLabel } from "~/domain/statements/lines";
import type { StatementFigures } from "~/domain/statements/snapshot";
import { paymentDescription, type Lang } from "~/domain/statements/table-rows";

/** The payments of both books: date, line, what for, payee, approval date and owners' decision, amount. */
export function PrintPayments({ figures, lang }: { figures: StatementFigures; lang: Lang }) {
  const { t } = useTranslation();
  const c = (key: string) => t(`statementPrint.columns.${key}`);
  return (
    <section className="print-payments" aria-labelledby="print-payments">
      <h2 id="print-payments">{t("statementPrint.paymentsTitle")}</h2>
      {BOOKS.map((book) => {
        const payments = figures.books[book].payments;
        return (
          <div key={book}>
            <h3>{t(`statementPrint.books.${book}`)}</h3>
            {payments.length === 0 ? <p>{t("statementPrint.noPayments")}</p> : (
              <table className="print-table print-payments-table">
                <thead>
                  <tr>
                    <th scope="col">{c("date")}</th><th scope="col">{c("line")}</th><th scope="col">{c("description")}</th><th scope="col">{c("supplier")}</th>
                    <th scope="col">{c("approvedOn")}</th><th scope="col">{c("decision")}</th><th scope="col" className="money">{c("amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {payments.map((p) => (
                    <tr key={`${p.entryId}-${p.lineKey}`}>
                      <td>{p.date}</td><td>{lineLabel(p.lineKey, lang)}</td><td>{paymentDescription(p, t)}</td><td>{p.supplier ?? ""}</td>
                      <td>{p.approvedOn ?? ""}</td><td>{p.decisionRef ?? ""}</td><td className="money">{formatFen(p.amountFen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        );
      })}
    </section>
  );
}
