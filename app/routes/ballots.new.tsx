import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormErrors, TextField } from "~/components/form";
import { openBallotFormSchema, shanghaiInstant } from "~/domain/decisions/ballot-forms";
import { isSpecialMatter, MATTERS, type Matter } from "~/domain/decisions/matters";
import { openBallot } from "~/services/decisions/ballots.server";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["committee"]);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  const submission = parseWithZod(await readForm(request), { schema: openBallotFormSchema });
  if (submission.status !== "success") return invalid(submission);
  const v = submission.value;
  let id: number;
  try {
    id = openBallot(getDb(), {
      title: v.title, matter: v.matter as Matter, text: v.text, authorisedFen: v.authorised,
      deadline: shanghaiInstant(v.deadlineDate, v.deadlineTime),
    }, user).id;
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect(`/ballots/${id}`);
}

export default function NewBallotPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: (actionData as { lastResult?: never } | undefined)?.lastResult,
    constraint: getZodConstraint(openBallotFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: openBallotFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { deadlineTime: "18:00" },
  });
  return (
    <section>
      <h1>{t("ballots.open")}</h1>
      <p><Link to="/ballots">{t("ballots.back")}</Link></p>
      <p className="notice">{t("ballots.newHint")}</p>
      <Form method="post" {...getFormProps(form)} className="narrow">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.title} label={t("ballots.fields.title")} />
        <div className="field">
          <label htmlFor={fields.matter.id}>{t("ballots.fields.matter")}</label>
          <select {...getSelectProps(fields.matter)}>
            <option value="">—</option>
            {MATTERS.map((m) => (
              <option key={m} value={String(m)}>
                {t("ballots.matterOption", { n: m, name: t(`ballots.matters.${m}`) })}{isSpecialMatter(m) ? t("ballots.specialMark") : ""}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.matter.errorId} errors={fields.matter.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.text.id}>{t("ballots.fields.text")}</label>
          <textarea {...getTextareaProps(fields.text)} rows={8} />
          <FieldErrors id={fields.text.errorId} errors={fields.text.errors} />
        </div>
        <TextField meta={fields.authorised} label={t("ballots.fields.authorised")} hint={t("ballots.fields.authorisedHint")} />
        <div className="field">
          <label htmlFor={fields.deadlineDate.id}>{t("ballots.fields.deadlineDate")}</label>
          <input {...getInputProps(fields.deadlineDate, { type: "date" })} aria-describedby="deadline-hint" />
          <FieldErrors id={fields.deadlineDate.errorId} errors={fields.deadlineDate.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.deadlineTime.id}>{t("ballots.fields.deadlineTime")}</label>
          <input {...getInputProps(fields.deadlineTime, { type: "time" })} />
          <FieldErrors id={fields.deadlineTime.errorId} errors={fields.deadlineTime.errors} />
          <p id="deadline-hint" className="hint">{t("ballots.fields.deadlineHint")}</p>
        </div>
        <button type="submit">{t("ballots.open")}</button>
      </Form>
    </section>
  );
}
