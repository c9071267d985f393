import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatFen } from "~/domain/money";

interface Spending {
  proposals: { id: number; title: string; status: string; reservedFen: number; paidFen: number }[];
  budgets: { id: number; year: number; title: string; status: string; reservedFen: number; paidFen: number }[];
  reservedFen: number;
  paidFen: number;
  remainingFen: number | null;
}

/**
 * What a decision authorises from the public-revenue account and what was
 * committed and paid under it. Owners see the titles without links: the
 * spending and budget pages are not theirs to open.
 */
export function DecisionMoney({ authorisedFen, spending, linkSpending }: { authorisedFen: number | null; spending: Spending; linkSpending: boolean }) {
  const { t } = useTranslation();
  const row = (key: string, title: React.ReactNode, r: { status: string; reservedFen: number; paidFen: number }, statusKey: string) => (
    <tr key={key}>
      <td>{title}</td>
      <td>{t(statusKey, { defaultValue: r.status })}</td>
      <td className="money">{formatFen(r.reservedFen)}</td>
      <td className="money">{formatFen(r.paidFen)}</td>
    </tr>
  );
  const head = (
    <thead>
      <tr>
        <th scope="col">{t("decisions.detail.itemTitle")}</th><th scope="col">{t("decisions.detail.status")}</th>
        <th scope="col">{t("decisions.detail.reserved")}</th><th scope="col">{t("decisions.detail.paid")}</th>
      </tr>
    </thead>
  );
  return (
    <section className="decision-money">
      <h2>{t("decisions.detail.money")}</h2>
      {authorisedFen === null ? <p>{t("decisions.detail.noAmount")}</p> : spending.remainingFen === null ? <p>{t("decisions.detail.notPassedAmount", { amount: formatFen(authorisedFen) })}</p> : (
        <dl className="facts">
          <dt>{t("decisions.detail.authorised")}</dt><dd className="money">{formatFen(authorisedFen)}</dd>
          <dt>{t("decisions.detail.reserved")}</dt><dd className="money">{formatFen(spending.reservedFen)}</dd>
          <dt>{t("decisions.detail.paid")}</dt><dd className="money">{formatFen(spending.paidFen)}</dd>
          <dt>{t("decisions.detail.remaining")}</dt><dd className="money">{formatFen(spending.remainingFen)}</dd>
        </dl>
      )}
      <h3>{t("decisions.detail.proposals")}</h3>
      {spending.proposals.length === 0 ? <p>{t("decisions.detail.none")}</p> : (
        <table className="data-table">
          {head}
          <tbody>
            {spending.proposals.map((p) => row(`p${p.id}`, linkSpending ? <Link to={`/spending/${p.id}`}>{p.title}</Link> : p.title, p, `spending.statuses.${p.status}`))}
          </tbody>
        </table>
      )}
      <h3>{t("decisions.detail.budgets")}</h3>
      {spending.budgets.length === 0 ? <p>{t("decisions.detail.none")}</p> : (
        <table className="data-table">
          {head}
          <tbody>
            {spending.budgets.map((b) => {
              const title = t("decisions.detail.budgetTitle", { year: b.year, title: b.title });
              return row(`b${b.id}`, linkSpending ? <Link to={`/budget/${b.id}`}>{title}</Link> : title, b, `budget.statuses.${b.status}`);
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
