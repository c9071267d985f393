import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormErrors } from "~/components/form";
import { PeriodName, QuestionItem } from "~/components/statements/Questions";
import { shanghaiDate } from "~/domain/calendar";
import { answerFormSchema } from "~/domain/statements/question-forms";
import { getDb } from "~/services/db.server";
import { getLocale, invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { answeringRole, answerQuestion, questionDetail, QUESTION_STAFF } from "~/services/statements/questions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, QUESTION_STAFF);
  const detail = questionDetail(getDb(), parseId(params.questionId), user, shanghaiDate(new Date()), await getLocale(request));
  if (!detail) throw notFound();
  return { ...detail, answeringRole: answeringRole(detail.question.book) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const id = parseId(params.questionId);
  const submission = parseWithZod(await readForm(request), { schema: answerFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    answerQuestion(getDb(), id, submission.value, user);
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect(`/questions/${id}`);
}

export default function QuestionPage() {
  const { t } = useTranslation();
  const { question, canAnswer, answeringRole: role } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: (actionData as { lastResult?: never } | undefined)?.lastResult,
    constraint: getZodConstraint(answerFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: answerFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow">
      <h1>{t("questions.heading")} · <PeriodName period={question.period} /></h1>
      <p>
        <Link to="/questions">{t("questions.list.heading")}</Link>
        {" · "}<Link to={`/statements/${question.publishedId}#question-${question.id}`}>{t("questions.list.statement")}</Link>
      </p>
      <QuestionItem question={question} lineLabel={question.lineLabel} />
      {canAnswer ? (
        <Form method="post" {...getFormProps(form)}>
          <h2>{t("questions.answer.heading")}</h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <div className="field">
            <label htmlFor={fields.text.id}>{t("questions.answer.text")}</label>
            <textarea {...getTextareaProps(fields.text, { ariaDescribedBy: `${fields.text.id}-hint` })} rows={8} />
            <p id={`${fields.text.id}-hint`} className="hint">{t("questions.answer.textHint")}</p>
            <FieldErrors id={fields.text.errorId} errors={fields.text.errors} />
          </div>
          <button type="submit">{t("questions.answer.submit")}</button>
        </Form>
      ) : question.answer ? null : <p className="hint">{t("questions.answer.notYours", { role: t(`questions.roles.${role}`) })}</p>}
    </section>
  );
}
