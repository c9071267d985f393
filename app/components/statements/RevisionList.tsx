import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { periodParts } from "~/domain/statements/snapshot";

/** What the list shows of one published revision (see publishedIndex in services/statements/portal.server.ts). */
export interface RevisionSummary {
  id: number;
  period: string;
  revision: number;
  publishedOn: string;
  hash: string;
  postedFrom: string;
  postedTo: string;
  reason: string | null;
}

export interface PeriodSummary {
  period: string;
  kind: "quarter" | "year";
  latest: RevisionSummary;
  older: RevisionSummary[];
}

/** "2026Q1" → 2026 年第 1 季度 / 2026 Q1; "2026" → 2026 年度决算. */
export function periodName(t: TFunction, period: string): string {
  const parts = periodParts(period);
  return parts?.quarter ? t("statements.periodQuarter", { year: parts.year, q: parts.quarter }) : t("statements.periodYear", { year: period });
}

/** The first 12 hex digits of a hash, the whole of it in the tooltip. */
export function ShortHash({ hash }: { hash: string }) {
  return <code className="hash" title={hash}>{hash.slice(0, 12)}</code>;
}

function RevisionFacts({ item }: { item: RevisionSummary }) {
  const { t } = useTranslation();
  return (
    <>
      {" · "}{t("statements.publishedOn")} {item.publishedOn}
      {" · "}{t("statements.postingWindow")} {t("statements.windowRange", { from: item.postedFrom, to: item.postedTo })}
      {" · "}{t("statements.hash")} <ShortHash hash={item.hash} />
    </>
  );
}

/** Published periods, the latest revision of each marked 最新 with the older revisions under it. */
export function RevisionList({ entries }: { entries: PeriodSummary[] }) {
  const { t } = useTranslation();
  return (
    <ul className="statement-list">
      {entries.map((entry) => (
        <li key={entry.period}>
          <a href={`/statements/${entry.latest.id}`}><strong>{periodName(t, entry.period)}</strong></a>{" "}
          <span className="badge latest">{t("statements.latest")}</span>{" "}
          <span className="muted">{t("statements.revision", { n: entry.latest.revision })}</span>
          <RevisionFacts item={entry.latest} />
          {entry.latest.reason ? <div className="muted">{t("statements.correctionReason")}：{entry.latest.reason}</div> : null}
          {entry.older.length > 0 ? (
            <details className="older-revisions">
              <summary>{t("statements.olderRevisions")} ({entry.older.length})</summary>
              <ul>
                {entry.older.map((item) => (
                  <li key={item.id}>
                    <a href={`/statements/${item.id}`}>{t("statements.revision", { n: item.revision })}</a>
                    <RevisionFacts item={item} />
                    {item.reason ? <div className="muted">{t("statements.correctionReason")}：{item.reason}</div> : null}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
