import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/form";
import { DraftMessages, replyMessages, splitReply, type DraftReply } from "~/components/statements/DraftMessages";
import { DraftPeriod } from "~/components/statements/DraftStatus";
import { formatDateTime } from "~/domain/datetime";
import { reopenFormSchema } from "~/domain/statements/publishing-forms";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { getPublished } from "~/services/statements/published.server";
import { requestReopen } from "~/services/statements/reopen.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["committee"]);
  const id = parseId(params.publishedId);
  const found = getPublished(getDb(), id);
  if (!found) throw notFound();
  const { row } = found;
  return {
    statement: {
      id, period: row.period, revision: row.revision, hash: row.hash, publishedAt: row.publishedAt,
      auditHeadSeq: row.auditHeadSeq, auditHeadHash: row.auditHeadHash, latest: found.latest,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  const id = parseId(params.publishedId);
  const submission = parseWithZod(await readForm(request), { schema: reopenFormSchema });
  if (submission.status !== "success") return invalid(submission);
  if (!getPublished(getDb(), id)) throw notFound();
  try {
    const { approvalId } = requestReopen(getDb(), id, submission.value, user);
    return redirect(`/approvals/${approvalId}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function ReopenStatementPage() {
  const { t, i18n } = useTranslation();
  const { statement } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as DraftReply | undefined;
  const { lastResult, refusals } = splitReply(reply);
  const [form, fields] = useForm({
    id: "reopen",
    lastResult: lastResult as never,
    constraint: getZodConstraint(reopenFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reopenFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow">
      <p><Link to={`/statements/${statement.id}`}>{t("statementAdmin.board.back")}</Link></p>
      <h1>{t("statementAdmin.reopen.title")}</h1>
      <dl>
        <dt>{t("statementAdmin.fields.period")}</dt>
        <dd><DraftPeriod period={statement.period} /> · {t("statementAdmin.revisionN", { revision: statement.revision })} ({statement.latest ? t("statementAdmin.reopen.latest") : t("statementAdmin.reopen.notLatest")})</dd>
        <dt>{t("statementAdmin.fields.published")}</dt>
        <dd>{formatDateTime(statement.publishedAt, i18n.language)}</dd>
        <dt>{t("statementAdmin.fields.hash")}</dt>
        <dd><code>{statement.hash}</code></dd>
        <dt>{t("statementAdmin.fields.auditHead")}</dt>
        <dd><code>#{statement.auditHeadSeq} {statement.auditHeadHash}</code></dd>
      </dl>
      <p className="hint">{t("statementAdmin.hints.reopen")}</p>
      <Form method="post" {...getFormProps(form)}>
        <DraftMessages id={form.errorId} codes={[...replyMessages({ lastResult }, [""]), ...refusals]} params={reply?.params} />
        <div className="field">
          <label htmlFor={fields.reason.id}>{t("statementAdmin.fields.reason")}</label>
          <textarea {...getTextareaProps(fields.reason)} rows={6} />
          <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
        </div>
        <button type="submit">{t("statementAdmin.actions.requestReopen")}</button>
      </Form>
    </section>
  );
}
