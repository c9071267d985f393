import { useTranslation } from "react-i18next";
import { BOOKS } from "~/domain/ledger/chart";
import type { StatementSnapshot } from "~/domain/statements/snapshot";
import { noticeTitle, type Lang } from "~/domain/statements/table-rows";
import { WorkReport } from "./WorkReport";
import { PrintBook } from "./PrintBook";
import { PrintPayments } from "./PrintPayments";
import { PrintCollection, PrintTotals } from "./PrintTotals";
import { PrintSignatures, PrintVerification } from "./PrintVerification";

export interface PrintNoticeProps {
  snapshot: StatementSnapshot;
  hash: string;
  revision: number;
  latest: boolean;
  onlineUrl: string;
  qrSvg: string;
  lang: Lang;
}

/**
 * The notice 公示 as posted on the community board, laid out for A4
 * (issue 5 item 7). Everything on it comes from the frozen snapshot, and
 * reads without JavaScript.
 */
export function PrintNotice({ snapshot, hash, revision, latest, onlineUrl, qrSvg, lang }: PrintNoticeProps) {
  const { t } = useTranslation();
  const { figures } = snapshot;
  return (
    <article className="print-notice">
      <header className="print-head">
        <p className="print-community">{snapshot.community.name} · {snapshot.community.address}</p>
        <h1>{noticeTitle(snapshot, t)}</h1>
        <p className="print-period">
          {snapshot.period.startDate} – {snapshot.period.endDate} · {t("statementPrint.revision", { revision })}
          {latest ? t("statementPrint.latest") : t("statementPrint.superseded")}
        </p>
        {snapshot.supersedes ? (
          <p className="print-correction">
            {t("statementPrint.correction", { reason: snapshot.supersedes.reason })}
            <br /><span className="print-small">{t("statementPrint.correctedHash")}：<span className="hash">{snapshot.supersedes.hash}</span></span>
          </p>
        ) : null}
      </header>
      {BOOKS.map((book) => <PrintBook key={book} book={book} statement={figures.books[book]} lang={lang} />)}
      <PrintTotals figures={figures} />
      <PrintCollection collection={figures.collection} />
      <PrintPayments figures={figures} lang={lang} />
      <section className="print-work-report" aria-labelledby="print-work-report">
        <h2 id="print-work-report">{t("statementPrint.workReport")}</h2>
        {snapshot.workReport.trim() === "" ? <p>{t("statementPrint.noWorkReport")}</p> : <WorkReport text={snapshot.workReport} />}
      </section>
      <PrintSignatures />
      <PrintVerification hash={hash} snapshot={snapshot} onlineUrl={onlineUrl} qrSvg={qrSvg} />
    </article>
  );
}
