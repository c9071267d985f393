import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/DataTable";
import { formatFen } from "~/domain/money";
import type { Comparison, ComparisonColumn } from "~/domain/spending/comparison";

type Row = Comparison["rows"][number];

function QuoteHeading({ column }: { column: ComparisonColumn }) {
  const { t } = useTranslation();
  return (
    <div className={column.lowestValid ? "quote-lowest" : undefined}>
      <strong>{column.supplierName}</strong>
      {column.lowestValid ? <div><mark>{t("spending.fields.lowest")}</mark></div> : null}
      {column.defects.map((d) => <div key={d} className="danger">{t(`spending.defects.${d}`)}</div>)}
      {column.flaggedFields.map((f) => <div key={f} className="danger">{t(`spending.collusionFields.${f}`)}</div>)}
      <div className="hint">{t("spending.fields.validUntil")} {column.validUntil}</div>
      {column.attachmentId ? <div><a href={`/attachments/${column.attachmentId}`}>{t("spending.download")}</a></div> : null}
    </div>
  );
}

/** Line items × quotes, with a total row; the lowest valid quote marked in words, defects and 陪标 signs named. */
export function QuoteComparison({ comparison }: { comparison: Comparison }) {
  const { t } = useTranslation();
  if (comparison.columns.length === 0) return <p>{t("spending.sections.noQuotes")}</p>;
  const columns: ColumnDef<Row, unknown>[] = [
    { id: "item", header: t("spending.fields.description"), cell: ({ row }) => row.original.label },
    { id: "estimate", header: t("spending.fields.estimate"), cell: ({ row }) => <span className="money">{formatFen(row.original.estimatedFen)}</span> },
    ...comparison.columns.map((column, i): ColumnDef<Row, unknown> => ({
      id: `quote-${column.id}`,
      header: () => <QuoteHeading column={column} />,
      cell: ({ row }) => <span className={column.lowestValid ? "money quote-lowest" : "money"}>{formatFen(row.original.cells[i] ?? 0)}</span>,
    })),
  ];
  return (
    <div>
      <p className="hint">
        {t("spending.hints.comparisonDate", { date: comparison.onDate })}{" "}
        {t("spending.fields.validQuotes")}: {comparison.validCount} / {t("spending.fields.quotesNeeded")}: {comparison.needed} · {t("spending.fields.tier")}: {t(`spending.methods.${comparison.method}`)}
      </p>
      <DataTable data={comparison.rows} columns={columns} caption={t("spending.sections.quotes")} />
      {comparison.flags.length > 0 ? (
        <div className="notice danger" role="alert">
          <strong>{t("spending.fields.flags")}</strong>
          <ul>
            {comparison.flags.map((f) => (
              <li key={`${f.field}-${f.supplierIds.join("-")}`}>
                {t(`spending.collusionFields.${f.field}`)}：{f.supplierIds.map((id) => comparison.columns.find((c) => c.supplierId === id)?.supplierName ?? `#${id}`).join("、")}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
