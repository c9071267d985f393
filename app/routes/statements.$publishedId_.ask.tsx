import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AskQuestionForm, PeriodName } from "~/components/statements/Questions";
import { askFormSchema, questionLines } from "~/domain/statements/question-forms";
import { getDb } from "~/services/db.server";
import { getLocale, invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { getPublished, latestPublished } from "~/services/statements/published.server";
import { askQuestion } from "~/services/statements/questions.server";

/** The ask form alone: the no-JavaScript fallback of the form on the statement page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["owner"]);
  const db = getDb();
  const published = getPublished(db, parseId(params.publishedId));
  if (!published) throw notFound();
  const { row, snapshot, latest } = published;
  return {
    publishedId: row.id, period: row.period, revision: row.revision, latest,
    latestId: latest ? row.id : latestPublished(db, row.period)?.id ?? row.id,
    lines: questionLines(snapshot.figures, await getLocale(request)),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["owner"]);
  const publishedId = parseId(params.publishedId);
  const submission = parseWithZod(await readForm(request), { schema: askFormSchema });
  if (submission.status !== "success") return invalid(submission);
  const { book, lineKey, text } = submission.value;
  try {
    askQuestion(getDb(), { publishedId, book, lineKey: lineKey ? lineKey : null, text }, user);
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect(`/statements/${publishedId}#questions`);
}

export default function AskPage() {
  const { t } = useTranslation();
  const { publishedId, period, latest, latestId, lines } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { lastResult?: SubmissionResult<string[]>; params?: { latestId?: number } | null } | undefined;
  const pointTo = actionData?.params?.latestId ?? (latest ? null : latestId);
  return (
    <section className="narrow">
      <h1>{t("questions.ask.heading")} · <PeriodName period={period} /></h1>
      <p><Link to={`/statements/${publishedId}#questions`}>{t("questions.ask.back")}</Link></p>
      {pointTo !== null && pointTo !== publishedId ? (
        <p className="notice danger" role="alert">
          {t("questions.errors.oldRevision")} <Link to={`/statements/${pointTo}#questions`}>{t("questions.list.statement")}</Link>
        </p>
      ) : null}
      {latest ? <AskQuestionForm publishedId={publishedId} lines={lines} lastResult={actionData?.lastResult ?? null} /> : null}
    </section>
  );
}
