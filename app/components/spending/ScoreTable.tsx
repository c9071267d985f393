import { useTranslation } from "react-i18next";
import type { ComparisonColumn } from "~/domain/spending/comparison";

export interface ScoreView {
  id: number;
  quoteId: number;
  userId: number;
  name: string;
  price: number;
  qualification: number;
  service: number;
  total: number;
  comment: string;
}

/** Each voter's scores per quote (price / qualification / service = total) and the average total per quote. */
export function ScoreTable({ scores, quotes }: { scores: readonly ScoreView[]; quotes: readonly Pick<ComparisonColumn, "id" | "supplierName">[] }) {
  const { t } = useTranslation();
  if (scores.length === 0) return <p>{t("spending.sections.noScores")}</p>;
  const scorers = [...new Map(scores.map((s) => [s.userId, s.name])).entries()];
  const cell = (userId: number, quoteId: number) => scores.find((s) => s.userId === userId && s.quoteId === quoteId);
  const average = (quoteId: number) => {
    const list = scores.filter((s) => s.quoteId === quoteId);
    if (list.length === 0) return "—";
    const tenths = Math.round((list.reduce((sum, s) => sum + s.total, 0) * 10) / list.length);
    return `${Math.floor(tenths / 10)}.${tenths % 10}`;
  };
  return (
    <table className="data-table">
      <caption>{t("spending.sections.scores")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("spending.fields.scorer")}</th>
          {quotes.map((q) => <th key={q.id} scope="col">{q.supplierName}</th>)}
        </tr>
      </thead>
      <tbody>
        {scorers.map(([userId, name]) => (
          <tr key={userId}>
            <th scope="row">{name}</th>
            {quotes.map((q) => {
              const s = cell(userId, q.id);
              return (
                <td key={q.id} title={s?.comment || undefined}>
                  {s ? `${s.price} / ${s.qualification} / ${s.service} = ${s.total}` : "—"}
                  {s?.comment ? <div className="hint">{s.comment}</div> : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t("spending.fields.average")}</th>
          {quotes.map((q) => <td key={q.id}><strong>{average(q.id)}</strong></td>)}
        </tr>
      </tfoot>
    </table>
  );
}
