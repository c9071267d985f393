import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BOOKS } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { kindLabel } from "~/domain/spending/budget";
import { budgetListQuerySchema } from "~/domain/spending/budget-forms";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";
import { listBudgets } from "~/services/spending/budgets.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const query = budgetListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    budgets: listBudgets(getDb(), query),
    query,
    canDraft: hasAnyRole(user.roles, ["manager", "committee"]),
    canRecord: hasAnyRole(user.roles, ["manager"]),
  };
}

export default function BudgetsPage() {
  const { t, i18n } = useTranslation();
  const { budgets, query, canDraft, canRecord } = useLoaderData<typeof loader>();
  const en = i18n.language.startsWith("en");
  return (
    <section>
      <h1>{t("budget.title")}</h1>
      <p>
        {canDraft ? <><Link to="/budget/new">{t("budget.new")}</Link> · </> : null}
        <Link to="/budget/routine">{t("budget.routine")}</Link>
        {canRecord ? <> · <Link to="/budget/routine/new">{t("budget.routineNew")}</Link></> : null}
      </p>
      <Form method="get" className="filters">
        <label>{t("budget.fields.year")} <input name="year" defaultValue={query.year ?? ""} inputMode="numeric" size={6} /></label>
        <label>
          {t("budget.fields.book")}{" "}
          <select name="book" defaultValue={query.book ?? ""}>
            <option value="">{t("budget.all")}</option>
            {BOOKS.map((b) => <option key={b} value={b}>{t(`budget.books.${b}`)}</option>)}
          </select>
        </label>
        <button type="submit">{t("budget.filter")}</button>
      </Form>
      {budgets.length === 0 ? <p>{t("budget.noBudgets")}</p> : null}
      {budgets.map(({ budget, lines, totalFen }) => (
        <article key={budget.id} className="budget">
          <h2>
            <Link to={`/budget/${budget.id}`}>{budget.year} · {t(`budget.books.${budget.book}`)} · {budget.title}</Link>{" "}
            <span className={`status status-${budget.status}`}>{t(`budget.statuses.${budget.status}`)}</span>
          </h2>
          <p>{t("budget.total")}: {formatFen(totalFen)}</p>
          <table>
            <thead>
              <tr>
                <th>{t("budget.fields.kind")}</th><th>{t("budget.fields.budgeted")}</th><th>{t("budget.fields.spent")}</th>
                <th>{t("budget.fields.committed")}</th><th>{t("budget.fields.remaining")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.id}>
                  <td>{kindLabel(line.kind, en)}</td>
                  <td className="money">{formatFen(line.amountFen)}</td>
                  <td className="money">{formatFen(line.spentFen)}</td>
                  <td className="money">{formatFen(line.committedFen)}</td>
                  <td className={line.remainingFen < 0 ? "money negative" : "money"}>{formatFen(line.remainingFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}
    </section>
  );
}
