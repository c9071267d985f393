import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Timeline } from "~/components/Timeline";
import { DraftMessages, replyIntent, replyMessages, type DraftReply } from "~/components/statements/DraftMessages";
import { DraftReportForm } from "~/components/statements/DraftReportForm";
import { DraftPath, DraftPeriod, DraftStatus } from "~/components/statements/DraftStatus";
import { PublishForm } from "~/components/statements/PublishForm";
import { PublishProblems } from "~/components/statements/PublishProblems";
import { StatementTables } from "~/components/statements/StatementTables";
import { WorkReport } from "~/components/statements/WorkReport";
import { addDays, shanghaiDate } from "~/domain/calendar";
import { MIN_POSTING_DAYS } from "~/domain/community-settings";
import { formatDateTime } from "~/domain/datetime";
import { hasAnyRole } from "~/domain/roles";
import { draftActionFormSchema } from "~/domain/statements/publishing-forms";
import { parsePeriod } from "~/domain/statements/snapshot";
import type { Locale } from "~/i18n/locales";
import { getCommunity } from "~/services/community.server";
import { getDb } from "~/services/db.server";
import { forbidden, invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { approveDraft, getDraft, updateWorkReport } from "~/services/statements/drafts.server";
import { statementFigures } from "~/services/statements/figures.server";
import { getPublished } from "~/services/statements/published.server";
import { publishProblems, publishStatement } from "~/services/statements/publish.server";
import { subjectTimeline } from "~/services/timeline.server";
import { getUser } from "~/services/users.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const id = parseId(params.draftId);
  const db = getDb();
  const draft = getDraft(db, id);
  const period = draft ? parsePeriod(draft.period) : null;
  if (!draft || !period) throw notFound();
  const now = new Date();
  const today = shanghaiDate(now);
  const minDays = getCommunity(db)?.settings.postingMinDays ?? MIN_POSTING_DAYS;
  const open = draft.status !== "published";
  const corrects = draft.supersedesId !== null ? getPublished(db, draft.supersedesId)?.row ?? null : null;
  const committee = hasAnyRole(user.roles, ["committee"]);
  return {
    draft: {
      id: draft.id, period: draft.period, revision: draft.revision, status: draft.status, workReport: draft.workReport,
      reopenReason: draft.reopenReason, reopenApprovalId: draft.reopenApprovalId, publishedId: draft.publishedId,
      createdAt: draft.createdAt, approvedAt: draft.approvedAt,
      draftedBy: getUser(db, draft.draftedBy)?.displayName ?? `#${draft.draftedBy}`,
      approvedBy: draft.approvedBy !== null ? getUser(db, draft.approvedBy)?.displayName ?? `#${draft.approvedBy}` : null,
    },
    corrects: corrects ? { id: corrects.id, revision: corrects.revision } : null,
    // The figures as they would be frozen if published now; a published draft links to its snapshot instead.
    figures: open ? statementFigures(db, period) : null,
    problems: open ? publishProblems(db, id) : [],
    timeline: subjectTimeline(db, [`statement:${draft.period}`]),
    canEdit: hasAnyRole(user.roles, ["manager"]) && open,
    canApprove: committee && user.isDirector && draft.status === "draft",
    canPublish: committee && draft.status === "approved",
    window: { postedFrom: today, postedTo: addDays(today, minDays - 1), minDays },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const id = parseId(params.draftId);
  const formData = await readForm(request);
  // Who may do what (DESIGN.md §2), decided on the intent alone before the rest of the form is read,
  // so that someone without the role gets a 403 and not the form's errors; the services check it again.
  const intent = formData.get("intent");
  const allowed = intent === "workReport" ? hasAnyRole(user.roles, ["manager"])
    : intent === "approve" ? hasAnyRole(user.roles, ["committee"]) && user.isDirector
    : intent === "publish" ? hasAnyRole(user.roles, ["committee"])
    : true; // no known intent: the schema below answers 400
  if (!allowed) throw forbidden();
  const submission = parseWithZod(formData, { schema: draftActionFormSchema });
  if (submission.status !== "success") return invalid(submission);
  const value = submission.value;
  if (!getDraft(getDb(), id)) throw notFound();
  try {
    if (value.intent === "workReport") {
      updateWorkReport(getDb(), id, { workReport: value.workReport }, user);
    } else if (value.intent === "approve") {
      approveDraft(getDb(), id, user);
    } else {
      const { published } = publishStatement(getDb(), id, { postedFrom: value.postedFrom, postedTo: value.postedTo, location: value.location || undefined }, user);
      return redirect(`/statements/${published.id}`);
    }
    return redirect(`/statements/drafts/${id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function StatementDraftPage() {
  const { t, i18n } = useTranslation();
  const lang: Locale = i18n.language.startsWith("en") ? "en" : "zh-CN";
  const { draft, corrects, figures, problems, timeline, canEdit, canApprove, canPublish, window } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as DraftReply | undefined;
  const approveReply = replyIntent(reply) === "approve" ? reply : undefined;
  return (
    <section>
      <p><Link to="/statements/drafts">{t("statementAdmin.list")}</Link></p>
      <h1><DraftPeriod period={draft.period} /></h1>
      <p>
        <DraftStatus status={draft.status} revision={draft.revision} />
        {" · "}{t("statementAdmin.fields.draftedBy")}: {draft.draftedBy} ({formatDateTime(draft.createdAt, i18n.language)})
        {draft.approvedBy ? <> · {t("statementAdmin.fields.approvedBy")}: {draft.approvedBy}{draft.approvedAt ? ` (${formatDateTime(draft.approvedAt, i18n.language)})` : ""}</> : null}
      </p>
      <DraftPath />
      {draft.revision > 1 ? (
        <div className="reopened">
          <p>{t("statementAdmin.draft.reopened", { revision: corrects?.revision ?? draft.revision - 1 })}</p>
          <p className="reason">{draft.reopenReason}</p>
          <p>
            {corrects ? <Link to={`/statements/${corrects.id}`}>{t("statementAdmin.draft.correctsLink")}</Link> : null}
            {draft.reopenApprovalId !== null ? <> · <Link to={`/approvals/${draft.reopenApprovalId}`}>{t("statementAdmin.draft.approvalLink")} #{draft.reopenApprovalId}</Link></> : null}
          </p>
        </div>
      ) : null}
      {draft.publishedId !== null ? <p><Link to={`/statements/${draft.publishedId}`}>{t("statementAdmin.draft.publishedLink")}</Link></p> : null}

      {figures ? <PublishProblems problems={problems} /> : null}

      {canApprove ? (
        <Form method="post">
          <DraftMessages codes={replyMessages(approveReply, ["", "intent"])} params={approveReply?.params} />
          <button type="submit" name="intent" value="approve">{t("statementAdmin.actions.approve")}</button>
        </Form>
      ) : null}
      {canPublish ? (
        <>
          <h2>{t("statementAdmin.actions.publish")}</h2>
          <PublishForm reply={reply} postedFrom={window.postedFrom} postedTo={window.postedTo} minDays={window.minDays} />
        </>
      ) : null}

      <h2>{t("statementAdmin.fields.workReport")}</h2>
      {canEdit ? <DraftReportForm reply={reply} workReport={draft.workReport} />
        : draft.workReport.trim() === "" ? <p>{t("statementAdmin.draft.noWorkReport")}</p> : <WorkReport text={draft.workReport} />}
      {canEdit && draft.workReport.trim() !== "" ? <WorkReport text={draft.workReport} /> : null}

      {figures ? (
        <>
          <h2>{t("statementAdmin.draft.figures")}</h2>
          <StatementTables figures={figures} lang={lang} />
        </>
      ) : <p>{t("statementAdmin.draft.figuresPublished")}</p>}

      <h2>{t("statementAdmin.draft.timeline")}</h2>
      <Timeline items={timeline} />
    </section>
  );
}
