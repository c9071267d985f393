import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormErrors, SelectField, TextField } from "~/components/form";
import { RegisterTotalsNote } from "~/components/decisions/RegisterTotalsNote";
import { TallyFields } from "~/components/decisions/TallyFields";
import { MAX_ATTACHMENT_BYTES } from "~/domain/attachments";
import { decisionFormSchema, DECISION_TEXT_MAX, talliesOfForm } from "~/domain/decisions/decision-forms";
import { isSpecialMatter, MATTERS, type Matter } from "~/domain/decisions/matters";
import { DomainError } from "~/domain/errors";
import { readUploads } from "~/services/attachments.server";
import { recordDecisionWithUpload } from "~/services/decisions/decision-pages.server";
import { registerTotals } from "~/services/decisions/register.server";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

// Minutes and counted ballots together; room for the other fields around them.
const MAX_FILES = 6;
const MAX_BODY_BYTES = MAX_FILES * MAX_ATTACHMENT_BYTES + 256 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["committee"]);
  return { totals: registerTotals(getDb()) };
}

function filesOf(formData: FormData, name: string): File[] {
  return formData.getAll(name).filter((f): f is File => f instanceof File && f.size > 0);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return data({ lastResult: { status: "error" as const, error: { minutes: ["income.errors.attachmentTooLarge"] } }, params: null }, { status: 413 });
  }
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: decisionFormSchema });
  if (submission.status !== "success") return invalid(submission);
  const minutes = filesOf(formData, "minutes");
  const ballots = filesOf(formData, "ballots");
  try {
    if (minutes.length + ballots.length > MAX_FILES) {
      throw new DomainError("decisions.errors.tooManyFiles", { field: "ballots" });
    }
    const v = submission.value;
    const decision = await recordDecisionWithUpload(getDb(), {
      title: v.title, matter: v.matter as Matter, text: v.text, heldFrom: v.heldFrom, heldUntil: v.heldUntil, announcedOn: v.announcedOn,
      tallies: talliesOfForm(v), authorisedFen: v.authorised,
    }, { minutes: await readUploads(minutes, "minutes"), ballots: await readUploads(ballots, "ballots") }, String(user.id));
    return redirect(`/decisions/${decision.id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function NewDecisionPage() {
  const { t } = useTranslation();
  const { totals } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const reply = actionData as { lastResult?: { error?: Record<string, string[] | null> }; params?: Record<string, string | number> | null } | undefined;
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult as never,
    constraint: getZodConstraint(decisionFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: decisionFormSchema }),
    shouldValidate: "onBlur",
  });
  const fileErrors = (name: string) => reply?.lastResult?.error?.[name] ?? undefined;
  return (
    <section className="narrow">
      <h1>{t("decisions.new")}</h1>
      <p><Link to="/decisions">{t("decisions.list")}</Link></p>
      <RegisterTotalsNote totals={totals} />
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.title} label={t("decisions.fields.title")} />
        <SelectField
          meta={fields.matter}
          label={t("decisions.fields.matter")}
          options={[{ value: "", label: "—" }, ...MATTERS.map((n) => ({
            value: String(n),
            label: t(isSpecialMatter(n) ? "decisions.matterOptionSpecial" : "decisions.matterOption", { n, name: t(`decisions.matters.${n}`) }),
          }))]}
        />
        <div className="field">
          <label htmlFor={fields.text.id}>{t("decisions.fields.text")}</label>
          <textarea id={fields.text.id} name={fields.text.name} defaultValue={fields.text.initialValue as string | undefined} rows={8} maxLength={DECISION_TEXT_MAX}
            aria-invalid={fields.text.errors ? true : undefined} aria-describedby={`${fields.text.id}-hint`} />
          <p id={`${fields.text.id}-hint`} className="hint">{t("decisions.hints.text")}</p>
          <FieldErrors id={fields.text.errorId} errors={fields.text.errors} />
        </div>
        <TextField meta={fields.heldFrom} label={t("decisions.fields.heldFrom")} hint="YYYY-MM-DD" />
        <TextField meta={fields.heldUntil} label={t("decisions.fields.heldUntil")} hint="YYYY-MM-DD" />
        <TextField meta={fields.announcedOn} label={t("decisions.fields.announcedOn")} hint={t("decisions.hints.dates")} />
        <TallyFields fields={fields} />
        <TextField meta={fields.authorised} label={t("decisions.fields.authorised")} hint={t("decisions.hints.authorised")} />
        <div className="field">
          <label htmlFor="decision-minutes">{t("decisions.fields.minutes")}</label>
          <input id="decision-minutes" type="file" name="minutes" multiple accept="application/pdf,image/jpeg,image/png" />
          <FieldErrors id="decision-minutes-errors" errors={fileErrors("minutes")} />
        </div>
        <div className="field">
          <label htmlFor="decision-ballots">{t("decisions.fields.ballots")}</label>
          <input id="decision-ballots" type="file" name="ballots" multiple accept="application/pdf,image/jpeg,image/png" />
          <FieldErrors id="decision-ballots-errors" errors={fileErrors("ballots")} />
        </div>
        <button type="submit">{t("decisions.submit")}</button>
      </Form>
    </section>
  );
}
