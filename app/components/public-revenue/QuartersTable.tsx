import type { SubmissionResult } from "@conform-to/react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatFen } from "~/domain/money";
import { TransferForm } from "./TransferForm";

export interface QuarterRow {
  period: string;
  baseFen: number;
  shareFen: number;
  shareNowFen: number;
  differenceFen: number;
  percents: string[];
  transfer: { paidOn: string; bankReference: string; entryId: number | null; catchUpFen: number } | null;
}

/**
 * Each ended quarter's base, percentage and share due, with its booking or
 * (for a manager) the form to book it. A booked quarter whose income was
 * corrected afterwards shows the difference the next transfer carries.
 */
export function QuartersTable({ quarters, canBook, failed }: {
  quarters: QuarterRow[];
  canBook: boolean;
  failed: { period: string; lastResult: SubmissionResult<string[]> } | null;
}) {
  const { t } = useTranslation();
  if (quarters.length === 0) return <p>{t("publicRevenue.quarters.none")}</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">{t("publicRevenue.quarters.period")}</th>
          <th scope="col">{t("publicRevenue.quarters.base")}</th>
          <th scope="col">{t("publicRevenue.quarters.percent")}</th>
          <th scope="col">{t("publicRevenue.quarters.share")}</th>
          <th scope="col">{t("publicRevenue.quarters.difference")}</th>
          <th scope="col">{t("publicRevenue.quarters.booked")}</th>
        </tr>
      </thead>
      <tbody>
        {quarters.map((q) => (
          <tr key={q.period} id={`quarter-${q.period}`}>
            <td>{q.period}</td>
            <td>{formatFen(q.baseFen)}</td>
            <td>{q.percents.length === 0 ? "—" : q.percents.map((p) => `${p}%`).join(" / ")}</td>
            <td>{formatFen(q.shareFen)}</td>
            <td>
              {q.transfer && q.differenceFen !== 0 ? (
                <>
                  {formatFen(q.differenceFen)}
                  <br />
                  <small>{t("publicRevenue.quarters.recomputed", { amount: formatFen(q.shareNowFen) })}</small>
                </>
              ) : "—"}
            </td>
            <td>
              {q.transfer ? (
                <>
                  {q.transfer.paidOn} · {q.transfer.bankReference}
                  {q.transfer.entryId ? <> · <Link to={`/ledger/entries/${q.transfer.entryId}`}>{t("publicRevenue.quarters.entry")}</Link></> : null}
                  {q.transfer.catchUpFen !== 0 ? (
                    <>
                      <br />
                      <small>{t("publicRevenue.quarters.catchUp", { amount: formatFen(q.transfer.catchUpFen) })}</small>
                    </>
                  ) : null}
                </>
              ) : canBook ? (
                <TransferForm period={q.period} lastResult={failed?.period === q.period ? failed.lastResult : undefined} />
              ) : t("publicRevenue.quarters.notBooked")}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
