import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { isIsoDate } from "~/domain/ledger/entries";
import { shanghaiDate } from "~/domain/ledger/ledger-query";
import { formatFen } from "~/domain/money";
import { getDb } from "~/services/db.server";
import { BalanceAlarm } from "~/components/BalanceAlarm";
import { failingAssertions } from "~/services/bank/reconcile.server";
import { balanceSheet } from "~/services/ledger/queries.server";
import { requireUser } from "~/services/request.server";

const querySchema = z.object({ date: z.string().refine(isIsoDate).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager", "committee", "auditor"]);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const date = query.date ?? shanghaiDate(new Date());
  // A failing bank balance check is shown wherever balances are read (DESIGN.md §5).
  return { date, books: balanceSheet(getDb(), date), failing: failingAssertions(getDb()) };
}

export default function BalancesPage() {
  const { t, i18n } = useTranslation();
  const { date, books, failing } = useLoaderData<typeof loader>();
  const en = i18n.language.startsWith("en");
  return (
    <section>
      <h1>{t("ledger.balances.title")}</h1>
      <BalanceAlarm failing={failing} />
      <p><Link to="/ledger">{t("ledger.title")}</Link></p>
      <Form method="get" className="filters">
        <label>{t("ledger.balances.onDate")} <input type="date" name="date" defaultValue={date} /></label>
        <button type="submit">{t("ledger.balances.show")}</button>
      </Form>
      {books.map((b) => (
        <section key={b.book}>
          <h2>{t(`ledger.books.${b.book}`)} · {date}</h2>
          {b.groups.length === 0 ? <p>{t("ledger.balances.none")}</p> : (
            <table className="data-table">
              <thead>
                <tr><th scope="col">{t("ledger.account")}</th><th scope="col">{t("ledger.debit")}</th><th scope="col">{t("ledger.credit")}</th></tr>
              </thead>
              {b.groups.map((g) => (
                <tbody key={g.type}>
                  <tr><th scope="rowgroup" colSpan={3}>{t(`ledger.accountTypes.${g.type}`)}</th></tr>
                  {g.lines.map((l) => (
                    <tr key={l.accountCode}>
                      <td><Link to={`/ledger?book=${b.book}&account=${l.accountCode}&to=${date}`}>{l.accountCode} {en ? l.nameEn : l.nameZh}</Link></td>
                      <td>{l.balanceFen > 0 ? formatFen(l.balanceFen) : ""}</td>
                      <td>{l.balanceFen < 0 ? formatFen(-l.balanceFen) : ""}</td>
                    </tr>
                  ))}
                </tbody>
              ))}
              <tfoot>
                <tr><th scope="row">{t("ledger.balances.total")}</th><td>{formatFen(b.debitFen)}</td><td>{formatFen(b.creditFen)}</td></tr>
                <tr><td colSpan={3}>{b.debitFen === b.creditFen ? t("ledger.balances.balanced") : t("ledger.balances.unbalanced", { diff: formatFen(b.debitFen - b.creditFen) })}</td></tr>
              </tfoot>
            </table>
          )}
        </section>
      ))}
    </section>
  );
}
