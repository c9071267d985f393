import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { periodName } from "~/components/statements/RevisionList";
import { PaymentsTable } from "~/components/statements/StatementTables";
import { formatFen } from "~/domain/money";
import { lineLabel } from "~/domain/statements/lines";
import { getDb } from "~/services/db.server";
import { getLocale, notFound, parseId } from "~/services/request.server";
import { statementReader } from "~/services/statements/access.server";
import { lineDrilldown } from "~/services/statements/drilldown.server";

/** A spending line of a published statement: its payments as published, and the totals per proposal. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await statementReader(request);
  const publishedId = parseId(params.publishedId);
  const drill = lineDrilldown(getDb(), publishedId, params.book ?? "", params.lineKey ?? "");
  if (!drill) throw notFound();
  return { ...drill, locale: await getLocale(request) };
}

export default function StatementLine() {
  const { t } = useTranslation();
  const drill = useLoaderData<typeof loader>();
  const base = `/statements/${drill.publishedId}`;
  const listedFen = drill.payments.reduce((sum, p) => sum + p.amountFen, 0);
  return (
    <section className="statement-drill">
      <p><a href={base}>← {t("statements.drill.back")}</a> · {periodName(t, drill.period)} · {t("statements.revision", { n: drill.revision })}</p>
      <h1>{t("statements.drill.title", { book: t(`statements.books.${drill.book}`), line: lineLabel(drill.lineKey, drill.locale) })}</h1>
      <dl className="facts">
        <dt>{t("statements.drill.lineTotal")}</dt><dd className="money">{formatFen(drill.lineFen)}</dd>
        <dt>{t("statements.drill.listedTotal")}</dt><dd className="money">{formatFen(listedFen)}</dd>
      </dl>
      <PaymentsTable
        statement={{ book: drill.book, payments: drill.payments }}
        lang={drill.locale}
        caption={t("statements.drill.payments")}
        proposalHref={(proposalId) => `${base}/proposals/${proposalId}`}
      />
      {drill.byProposal.length > 0 ? (
        <table className="data-table">
          <caption>{t("statements.drill.byProposal")}</caption>
          <thead><tr><th scope="col">{t("statements.drill.proposal")}</th><th scope="col" className="money">{t("statements.drill.total")}</th></tr></thead>
          <tbody>
            {drill.byProposal.map((p) => (
              <tr key={p.proposalId}><td><a href={`${base}/proposals/${p.proposalId}`}>{p.title}</a></td><td className="money">{formatFen(p.totalFen)}</td></tr>
            ))}
            {drill.routineFen > 0 ? <tr><td>{t("statements.tables.routine")}</td><td className="money">{formatFen(drill.routineFen)}</td></tr> : null}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
