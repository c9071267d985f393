import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextField } from "~/components/form";
import { DecisionErrors } from "~/components/spending/ApprovalSummary";
import { MAX_ATTACHMENT_BYTES, MAX_FILES_PER_FORM } from "~/domain/attachments";
import { shanghaiDate } from "~/domain/calendar";
import { acceptanceFormSchema } from "~/domain/spending/decision-forms";
import { readUploads } from "~/services/attachments.server";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { recordAcceptanceWithUpload } from "~/services/spending/acceptance.server";
import { paymentSummary } from "~/services/spending/proposal-payments.server";

const MAX_FILES = MAX_FILES_PER_FORM;
const MAX_BODY_BYTES = MAX_FILES * MAX_ATTACHMENT_BYTES + 256 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["committee"]);
  const summary = paymentSummary(getDb(), parseId(params.proposalId));
  if (!summary) throw notFound();
  return { proposal: summary.proposal, today: shanghaiDate(new Date()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  const id = parseId(params.proposalId);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return data({ lastResult: { status: "error" as const, error: { photos: ["income.errors.attachmentTooLarge"] } } }, { status: 413 });
  }
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: acceptanceFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const uploads = await readUploads(formData.getAll("photos"), "photos", MAX_FILES);
    await recordAcceptanceWithUpload(getDb(), { proposalId: id, ...submission.value, uploads }, String(user.id));
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect(`/spending/${id}`);
}

export default function AcceptPage() {
  const { t } = useTranslation();
  const { proposal, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: (actionData as { lastResult?: never } | undefined)?.lastResult,
    constraint: getZodConstraint(acceptanceFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptanceFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { acceptedOn: today },
  });
  return (
    <section className="narrow">
      <h1>{t("approvals.accept.title", { title: proposal.title })}</h1>
      <p><Link to={`/spending/${proposal.id}`}>{t("approvals.proposalLink")}</Link></p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <DecisionErrors reply={actionData} />
        <TextField meta={fields.acceptedOn} label={t("approvals.accept.acceptedOn")} hint="YYYY-MM-DD" />
        <div className="field">
          <label htmlFor="accept-notes">{t("approvals.accept.notes")}</label>
          <textarea id="accept-notes" name={fields.notes.name} required maxLength={2000} />
        </div>
        <div className="field">
          <label htmlFor="accept-photos">{t("approvals.accept.photos")}</label>
          <input id="accept-photos" type="file" name="photos" multiple accept="application/pdf,image/jpeg,image/png" />
          <p className="hint">{t("approvals.accept.hint")}</p>
        </div>
        <button type="submit">{t("approvals.accept.submit")}</button>
      </Form>
    </section>
  );
}
