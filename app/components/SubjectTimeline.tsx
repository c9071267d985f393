import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Timeline } from "~/components/Timeline";
import type { TimelineItem } from "~/domain/timeline";

/**
 * The history section of a subject page: a heading, "written by event #seq"
 * when the page's row was written as part of another subject's event, an
 * optional filter (e.g. a budget line), and the timeline in words.
 */
export function SubjectTimeline({ items, writtenBy = null, title, children }: {
  items: readonly TimelineItem[];
  writtenBy?: number | null;
  title?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section id="timeline" className="subject-timeline">
      <h2>{title ?? t("timeline.title")}</h2>
      {writtenBy !== null ? <p className="timeline-written-by">{t("timeline.writtenBy", { seq: writtenBy })}</p> : null}
      {children}
      <Timeline items={items} />
    </section>
  );
}
