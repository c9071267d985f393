import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatementQuestions } from "~/components/statements/Questions";
import { SubjectTimeline } from "~/components/SubjectTimeline";
import { periodName } from "~/components/statements/RevisionList";
import { StatementCharts } from "~/components/statements/StatementCharts";
import { BoardPostings, IntegrityFacts, RevisionBanner } from "~/components/statements/StatementFacts";
import { StatementTables } from "~/components/statements/StatementTables";
import { WorkReport } from "~/components/statements/WorkReport";
import { shanghaiDate } from "~/domain/calendar";
import { getDb } from "~/services/db.server";
import { getLocale, notFound, parseId } from "~/services/request.server";
import { statementReader } from "~/services/statements/access.server";
import { etagMatches } from "~/services/statements/etag.server";
import { statementPageView } from "~/services/statements/portal.server";
import { statementHistory, withTimelineEtag } from "~/services/timeline-pages.server";

/**
 * One published revision. The snapshot never changes, so the page carries a
 * strong validator (ETag) over everything it shows and a conditional GET
 * that matches is answered 304 with no body (Remix sends no body for a
 * loader's 304).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await statementReader(request);
  const publishedId = parseId(params.publishedId);
  const locale = await getLocale(request);
  const ifNoneMatch = request.headers.get("If-None-Match");
  // Staff (manager, committee, auditor) also see the period's timeline, which names who asked: its newest event joins their validator.
  const staff = user?.roles.some((r) => r === "manager" || r === "committee" || r === "auditor") ?? false;
  const result = await statementPageView(getDb(), publishedId, {
    user, locale, today: shanghaiDate(new Date()), ifNoneMatch: staff ? null : ifNoneMatch,
  });
  if (result.status === "missing") throw notFound();
  if (result.status === "unchanged") return data(null, { status: 304, headers: result.headers });
  if (!staff) return data({ ...result.view, locale, timeline: null }, { headers: result.headers });
  const timeline = statementHistory(getDb(), result.view.item.period);
  const headers = { ...result.headers, ETag: withTimelineEtag(result.headers.ETag ?? "", timeline) };
  if (etagMatches(ifNoneMatch, headers.ETag)) return data(null, { status: 304, headers });
  return data({ ...result.view, locale, timeline }, { headers });
}

const CACHE_HEADERS = ["ETag", "Cache-Control", "Vary"];

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const out = new Headers();
  for (const name of CACHE_HEADERS) {
    const value = loaderHeaders.get(name);
    if (value) out.set(name, value);
  }
  return out;
};

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page ? `${page.snapshot.community.name} · ${page.snapshot.period.label} · 明账` : "明账 Mingzhang" },
];

export default function StatementPage() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  if (!page) return null; // a 304 has no body and renders nothing
  const { snapshot, item, locale } = page;
  const base = `/statements/${page.id}`;
  return (
    <article className="statement-page">
      <h1>{t("statements.heading", { community: snapshot.community.name, period: periodName(t, snapshot.period.label) })}</h1>
      <p className="muted">
        {snapshot.period.startDate} – {snapshot.period.endDate} · {t("statements.revision", { n: item.revision })} · {t("statements.publishedOn")} {item.publishedOn}
      </p>
      <RevisionBanner revision={item.revision} latest={page.latest} newest={page.newest} corrects={page.corrects} reason={snapshot.supersedes?.reason ?? null} />
      {page.overdueCount > 0 ? <p className="notice danger" role="status"><a href="#questions">{t("statements.overdueNotice", { count: page.overdueCount })}</a></p> : null}
      <nav className="actions statement-actions" aria-label={t("statements.sections.downloads")}>
        <a href={`${base}/print`}>{t("statements.print")}</a>
        <a href={`${base}/download/csv`} download>{t("statements.csv")}</a>
        <a href={`${base}/download/xlsx`} download>{t("statements.xlsx")}</a>
        <a href={`${base}/download/json`} download title={t("statements.snapshotHint")}>{t("statements.snapshot")}</a>
        {page.isCommittee && page.latest ? (
          <>
            <a href={`${base}/board`}>{t("statements.recordBoard")}</a>
            <a href={`${base}/reopen`}>{t("statements.requestReopen")}</a>
          </>
        ) : null}
      </nav>
      <h2>{t("statements.sections.charts")}</h2>
      <StatementCharts byKind={page.charts.byKind} quarters={page.charts.quarters} />
      <h2>{t("statements.sections.tables")}</h2>
      <StatementTables
        figures={snapshot.figures}
        lang={locale}
        lineHref={(book, key) => `${base}/lines/${book}/${encodeURIComponent(key)}`}
        proposalHref={(proposalId) => `${base}/proposals/${proposalId}`}
      />
      <h2>{t("statements.sections.workReport")}</h2>
      <WorkReport text={snapshot.workReport} />
      <h2>{t("statements.sections.integrity")}</h2>
      <IntegrityFacts
        hash={item.hash} auditHead={page.auditHead} previousHash={page.previousHash} previous={page.previous}
        supersedesHash={snapshot.supersedes?.hash ?? null} postedFrom={item.postedFrom} postedTo={item.postedTo}
      />
      <h2>{t("statements.sections.board")}</h2>
      <BoardPostings postings={page.boardPostings} />
      <StatementQuestions publishedId={page.id} questions={page.questions} canAsk={page.canAsk} lines={page.lines} overdueCount={page.overdueCount} signedIn={page.signedIn} />
      {page.timeline ? <SubjectTimeline items={page.timeline} /> : null}
    </article>
  );
}
