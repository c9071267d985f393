import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/domain/datetime";
import { formatFen } from "~/domain/money";
import { actionKey, statusKey, type TimelineItem } from "~/domain/timeline";

/**
 * The history of a subject in words (from `subjectTimeline` in
 * services/timeline.server.ts), newest first: when, who, what, the status
 * change and the facts. Whatever a person typed is rendered as text.
 */
export function Timeline({ items }: { items: readonly TimelineItem[] }) {
  const { t, i18n } = useTranslation();
  const word = (key: string | null, raw: string) => (key !== null && i18n.exists(key) ? t(key) : raw);
  const who = (item: TimelineItem) => {
    if (item.actorKind === "system") return t("timeline.system");
    if (item.actorKind === "anonymous") return t("timeline.anonymous");
    return item.actorName ?? t("timeline.unknownUser", { id: item.actor });
  };
  const what = (action: string) => {
    const key = actionKey(action);
    return i18n.exists(key) ? t(key) : t("timeline.unknownAction", { action });
  };
  const status = (subject: string, value: string) => word(statusKey(subject, value), value);

  if (items.length === 0) return <p className="timeline-empty">{t("timeline.empty")}</p>;
  return (
    <ol className="timeline">
      {items.map((item) => (
        <li key={item.seq} className="timeline-item" data-action={item.action}>
          <span className="timeline-seq">{t("timeline.seq", { seq: item.seq })}</span>{" "}
          <time dateTime={item.at}>{formatDateTime(item.at, i18n.language)}</time>{" "}
          <strong className="timeline-actor">{who(item)}</strong>{" "}
          <span className="timeline-action">{what(item.action)}</span>
          {item.from !== null || item.to !== null ? (
            <>
              {" "}
              <span className="timeline-change">
                {t("timeline.change", {
                  from: item.from === null ? "—" : status(item.subject, item.from),
                  to: item.to === null ? "—" : status(item.subject, item.to),
                  interpolation: { escapeValue: false },
                })}
              </span>
            </>
          ) : null}
          <Facts item={item} word={word} />
        </li>
      ))}
    </ol>
  );
}

function Facts({ item, word }: { item: TimelineItem; word: (key: string | null, raw: string) => string }) {
  const { t } = useTranslation();
  const { amountFen, choice, stage, outcome, reason } = item.facts;
  const parts: string[] = [];
  if (amountFen !== undefined) parts.push(t("timeline.facts.amount", { amount: formatFen(amountFen), interpolation: { escapeValue: false } }));
  if (choice !== undefined) parts.push(t("timeline.facts.choice", { choice: word(`timeline.choices.${choice}`, choice), interpolation: { escapeValue: false } }));
  if (stage !== undefined) parts.push(t("timeline.facts.stage", { stage: word(`timeline.stages.${stage}`, stage), interpolation: { escapeValue: false } }));
  if (outcome !== undefined) parts.push(t("timeline.facts.outcome", { outcome: word(`timeline.outcomes.${outcome}`, outcome), interpolation: { escapeValue: false } }));
  if (parts.length === 0 && reason === undefined) return null;
  return (
    <>
      {parts.length > 0 ? <span className="timeline-facts">{` · ${parts.join(" · ")}`}</span> : null}
      {reason !== undefined ? <p className="timeline-reason">{t("timeline.facts.reason", { reason: reasonWords(reason, word), interpolation: { escapeValue: false } })}</p> : null}
    </>
  );
}

/** A vote's event names the rule's reason by its code (approvalOutcome); anything else is what a person typed, shown as is. */
function reasonWords(reason: string, word: (key: string | null, raw: string) => string): string {
  return /^[A-Za-z]+$/.test(reason) ? word(`timeline.outcomeReasons.${reason}`, reason) : reason;
}
