import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DraftNewForm } from "~/components/statements/DraftNewForm";
import { DraftPath, DraftPeriod, DraftStatus, usePeriodWords } from "~/components/statements/DraftStatus";
import type { DraftReply } from "~/components/statements/DraftMessages";
import { shanghaiDate } from "~/domain/calendar";
import { formatDateTime } from "~/domain/datetime";
import { hasAnyRole } from "~/domain/roles";
import { newDraftFormSchema } from "~/domain/statements/publishing-forms";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";
import { createDraft, draftablePeriods, listDrafts } from "~/services/statements/drafts.server";
import { getUser } from "~/services/users.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const db = getDb();
  const names = new Map<number, string>();
  const nameOf = (id: number | null) => {
    if (id === null) return null;
    if (!names.has(id)) names.set(id, getUser(db, id)?.displayName ?? `#${id}`);
    return names.get(id)!;
  };
  const drafts = listDrafts(db).map((d) => ({
    id: d.id, period: d.period, periodKind: d.periodKind, revision: d.revision, status: d.status,
    createdAt: d.createdAt, approvedAt: d.approvedAt, publishedId: d.publishedId,
    draftedBy: nameOf(d.draftedBy), approvedBy: nameOf(d.approvedBy),
  }));
  const canDraft = hasAnyRole(user.roles, ["manager"]);
  return { drafts, canDraft, periods: canDraft ? draftablePeriods(db, shanghaiDate(new Date())) : [] };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const submission = parseWithZod(await readForm(request), { schema: newDraftFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const { draft } = createDraft(getDb(), submission.value, user);
    return redirect(`/statements/drafts/${draft.id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function StatementDraftsPage() {
  const { t, i18n } = useTranslation();
  const { drafts, canDraft, periods } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as DraftReply | undefined;
  const periodLabel = usePeriodWords();
  return (
    <section>
      <h1>{t("statementAdmin.title")}</h1>
      <DraftPath />
      <p><Link to="/statements">{t("statementAdmin.publishedList")}</Link></p>

      <h2>{t("statementAdmin.list")}</h2>
      {drafts.length === 0 ? <p>{t("statementAdmin.noDrafts")}</p> : (
        <table>
          <thead>
            <tr>
              <th>{t("statementAdmin.fields.period")}</th><th>{t("statementAdmin.fields.status")}</th>
              <th>{t("statementAdmin.fields.draftedBy")}</th><th>{t("statementAdmin.fields.createdAt")}</th>
              <th>{t("statementAdmin.fields.approvedBy")}</th><th>{t("statementAdmin.fields.published")}</th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((d) => (
              <tr key={d.id}>
                <td><Link to={`/statements/drafts/${d.id}`}><DraftPeriod period={d.period} /></Link></td>
                <td><DraftStatus status={d.status} revision={d.revision} /></td>
                <td>{d.draftedBy}</td>
                <td>{formatDateTime(d.createdAt, i18n.language)}</td>
                <td>{d.approvedBy ?? "—"}{d.approvedAt ? ` · ${formatDateTime(d.approvedAt, i18n.language)}` : ""}</td>
                <td>{d.publishedId !== null ? <Link to={`/statements/${d.publishedId}`}>{t("statementAdmin.actions.open")}</Link> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {canDraft ? (
        <>
          <h2>{t("statementAdmin.newDraft")}</h2>
          <DraftNewForm reply={reply} periods={periods} periodLabel={periodLabel} />
        </>
      ) : null}
    </section>
  );
}
