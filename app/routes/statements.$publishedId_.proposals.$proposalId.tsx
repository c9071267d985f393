import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { periodName } from "~/components/statements/RevisionList";
import { WorkReport } from "~/components/statements/WorkReport";
import { formatFen } from "~/domain/money";
import { lineLabel } from "~/domain/statements/lines";
import { getDb } from "~/services/db.server";
import { getLocale, notFound, parseId } from "~/services/request.server";
import { statementReader } from "~/services/statements/access.server";
import { proposalDecision } from "~/services/spending/proposals.server";
import { proposalForOwners } from "~/services/statements/drilldown.server";

/** The owners' read-only view of a proposal paid in a published statement (404 for any other proposal). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await statementReader(request);
  const publishedId = parseId(params.publishedId);
  const proposalId = parseId(params.proposalId);
  const proposal = proposalForOwners(getDb(), publishedId, proposalId);
  if (!proposal) throw notFound();
  // The statement keeps the label it printed; the link opens the decision in the register.
  return { proposal, decision: proposalDecision(getDb(), proposalId), locale: await getLocale(request) };
}

export default function StatementProposal() {
  const { t } = useTranslation();
  const { proposal: p, decision, locale } = useLoaderData<typeof loader>();
  const base = `/statements/${p.publishedId}`;
  const dash = "—";
  return (
    <section className="statement-drill">
      <p><a href={base}>← {t("statements.drill.back")}</a> · {periodName(t, p.period)}</p>
      <h1>{t("statements.proposal.title", { title: p.title })}</h1>
      <dl className="facts">
        <dt>{t("statements.proposal.book")}</dt><dd>{t(`statements.books.${p.book}`)}</dd>
        <dt>{t("statements.proposal.kind")}</dt><dd>{lineLabel(p.kind, locale)}</dd>
        <dt>{t("statements.proposal.approvedFen")}</dt><dd className="money">{p.approvedFen === null ? dash : formatFen(p.approvedFen)}</dd>
        <dt>{t("statements.proposal.approvedOn")}</dt><dd>{p.approvedOn ?? dash}</dd>
        <dt>{t("statements.proposal.decisionRef")}</dt><dd>{decision && p.decisionRef ? <Link to={decision.href}>{p.decisionRef}</Link> : (p.decisionRef ?? dash)}</dd>
        <dt>{t("statements.proposal.method")}</dt><dd>{p.method ? t(`statements.proposal.methods.${p.method}`) : dash}</dd>
        <dt>{t("statements.proposal.supplier")}</dt><dd>{p.supplier ?? dash}</dd>
      </dl>
      <h2>{t("statements.proposal.reason")}</h2>
      <WorkReport text={p.reason} />
      <h2>{t("statements.proposal.quotes")}</h2>
      {p.quotes.length === 0 ? <p className="muted">{t("statements.proposal.noQuotes")}</p> : (
        <table className="data-table">
          <thead><tr><th scope="col">{t("statements.proposal.quoteSupplier")}</th><th scope="col" className="money">{t("statements.proposal.quoteAmount")}</th><th scope="col" /></tr></thead>
          <tbody>
            {p.quotes.map((q) => (
              <tr key={q.id} className={q.selected ? "selected" : undefined}>
                <td>{q.supplier}</td><td className="money">{formatFen(q.amountFen)}</td>
                <td>
                  {q.lowest ? <span className="badge">{t("statements.proposal.lowest")}</span> : null}{" "}
                  {q.selected ? <span className="badge latest">{t("statements.proposal.selected")}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("statements.proposal.acceptance")}</h2>
      {p.acceptance ? (
        <dl className="facts">
          <dt>{t("statements.proposal.acceptedOn")}</dt><dd>{p.acceptance.acceptedOn}</dd>
          <dt>{t("statements.proposal.acceptanceNotes")}</dt><dd>{p.acceptance.notes}</dd>
        </dl>
      ) : <p className="muted">{t("statements.proposal.notAccepted")}</p>}
      <h2>{t("statements.proposal.payments")}</h2>
      <table className="data-table">
        <thead><tr><th scope="col">{t("statements.tables.date")}</th><th scope="col">{t("statements.tables.purpose")}</th><th scope="col" className="money">{t("statements.tables.amount")}</th></tr></thead>
        <tbody>
          {p.payments.map((pay) => (
            <tr key={pay.id}><td>{pay.paidOn}</td><td>{t(`statements.tables.stages.${pay.stage}`)}</td><td className="money">{formatFen(pay.amountFen)}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
