import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/DataTable";
import { formatDateTime } from "~/domain/datetime";
import { formatFen } from "~/domain/money";
import { actionKey, statusKey } from "~/domain/timeline";
import type { TrailRow } from "~/domain/audit/trail-query";

const SHORT_HASH = 12;

/**
 * The trail's events in words: when (Asia/Shanghai), who, what, which
 * thing (linked), before → after, and the event's data as text in a
 * disclosure with its seq and hash. Nothing from the data is rendered as HTML.
 */
export function TrailTable({ rows }: { rows: TrailRow[] }) {
  const { t, i18n } = useTranslation();
  const word = (key: string | null, raw: string) => (key !== null && i18n.exists(key) ? t(key) : raw);
  const columns: ColumnDef<TrailRow, unknown>[] = [
    {
      id: "seq",
      header: t("trail.columns.seq"),
      cell: ({ row }) => <span className="trail-seq">#{row.original.seq} <code title={row.original.hash}>{row.original.hash.slice(0, SHORT_HASH)}…</code></span>,
    },
    {
      id: "when",
      header: t("trail.columns.when"),
      cell: ({ row }) => <time dateTime={row.original.at}>{formatDateTime(row.original.at, i18n.language)}</time>,
    },
    {
      id: "who",
      header: t("trail.columns.who"),
      cell: ({ row }) => {
        const r = row.original;
        if (r.actorKind === "system") return t("trail.system");
        if (r.actorKind === "anonymous") return t("trail.anonymous");
        return r.actorName ?? t("trail.unknownUser", { id: r.actor });
      },
    },
    {
      id: "what",
      header: t("trail.columns.what"),
      cell: ({ row }) => <span data-action={row.original.action} title={row.original.action}>{word(actionKey(row.original.action), row.original.action)}{facts(row.original)}</span>,
    },
    {
      id: "which",
      header: t("trail.columns.which"),
      cell: ({ row }) => (row.original.href ? <a href={row.original.href}>{row.original.subject}</a> : <span>{row.original.subject}</span>),
    },
    {
      id: "change",
      header: t("trail.columns.change"),
      cell: ({ row }) => {
        const r = row.original;
        if (r.from === null && r.to === null) return null;
        const status = (value: string | null) => (value === null ? "—" : word(statusKey(r.subject, value), value));
        return `${status(r.from)} → ${status(r.to)}`;
      },
    },
    {
      id: "data",
      header: t("trail.columns.data"),
      cell: ({ row }) => (
        <details className="trail-data">
          <summary>{t("trail.showData")}</summary>
          <p>#{row.original.seq} {t("trail.hash")} <code>{row.original.hash}</code></p>
          <pre>{row.original.dataText}</pre>
        </details>
      ),
    },
  ];

  function facts(r: TrailRow): string {
    const parts: string[] = [];
    if (r.facts.amountFen !== undefined) parts.push(formatFen(r.facts.amountFen));
    if (r.facts.choice !== undefined) parts.push(word(`timeline.choices.${r.facts.choice}`, r.facts.choice));
    if (r.facts.stage !== undefined) parts.push(word(`timeline.stages.${r.facts.stage}`, r.facts.stage));
    if (r.facts.outcome !== undefined) parts.push(word(`timeline.outcomes.${r.facts.outcome}`, r.facts.outcome));
    return parts.length > 0 ? ` · ${parts.join(" · ")}` : "";
  }

  return <DataTable data={rows} columns={columns} />;
}

/** "← newer" / "older →" links that keep the filters (keyset cursors, never an offset). */
export function TrailPager({ older, newer, search }: { older: number | null; newer: number | null; search: (cursor: { before?: number; after?: number }) => string }) {
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label="pages">
      {newer !== null ? <a href={`/auditor/trail${search({ after: newer })}`} rel="prev">{t("trail.newer")}</a> : <span />}
      {older !== null ? <a href={`/auditor/trail${search({ before: older })}`} rel="next">{t("trail.older")}</a> : <span />}
    </nav>
  );
}
