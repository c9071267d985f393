import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, SelectField, TextField } from "~/components/form";
import { ProblemList, type Params } from "~/components/spending/ProposalForm";
import { MAX_ATTACHMENT_BYTES } from "~/domain/attachments";
import { formatFen } from "~/domain/money";
import { quoteFormSchema } from "~/domain/spending/proposal-forms";
import { readUpload } from "~/services/attachments.server";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { addQuoteWithUpload, getProposalDetail } from "~/services/spending/proposals.server";
import { supplierChoices } from "~/services/spending/suppliers.server";

const MAX_BODY_BYTES = MAX_ATTACHMENT_BYTES + 256 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  const detail = getProposalDetail(getDb(), parseId(params.proposalId));
  if (!detail) throw notFound();
  const quoted = new Set(detail.comparison.columns.map((c) => c.supplierId));
  const suppliers = supplierChoices(getDb(), { activeOnly: true }).filter((s) => !quoted.has(s.id));
  return { id: detail.proposal.id, title: detail.proposal.title, status: detail.proposal.status, items: detail.items, suppliers };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const proposalId = parseId(params.proposalId);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return data({ lastResult: { status: "error" as const, error: { attachment: ["income.errors.attachmentTooLarge"] } }, params: null }, { status: 413 });
  }
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: quoteFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const upload = await readUpload(formData.get("attachment"), "attachment");
    await addQuoteWithUpload(getDb(), { proposalId, ...submission.value }, upload, String(user.id));
    return redirect(`/spending/${proposalId}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function NewQuotePage() {
  const { t } = useTranslation();
  const { id, title, items, suppliers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult as never,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: quoteFormSchema }),
    shouldValidate: "onBlur",
  });
  const params = actionData && "params" in actionData ? (actionData.params as Params) : null;
  const errors = (actionData?.lastResult as { error?: Record<string, string[] | null> } | undefined)?.error ?? {};
  return (
    <section className="narrow">
      <h1>{t("spending.buttons.addQuote")}</h1>
      <p><Link to={`/spending/${id}`}>← {title}</Link></p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <ProblemList problems={(form.errors ?? []).map((code) => ({ code, params }))} />
        <SelectField meta={fields.supplierId} label={t("spending.fields.supplier")} options={[{ value: "", label: "—" }, ...suppliers.map((s) => ({ value: String(s.id), label: s.name }))]} />
        <fieldset>
          <legend>{t("spending.fields.quoteAmount")}</legend>
          {items.map((item, i) => (
            <div className="field" key={i}>
              <label htmlFor={`amount-${i}`}>{item.description}（{item.quantity} {item.unit}，{t("spending.fields.estimate")} {formatFen(item.estimatedFen)}）</label>
              <input id={`amount-${i}`} name={`amounts[${i}]`} inputMode="decimal" required />
              <FieldErrors id={`amount-${i}-errors`} errors={errors[`amounts[${i}]`] ?? undefined} />
            </div>
          ))}
          <ProblemList problems={(errors.amounts ?? []).map((code) => ({ code, params }))} />
        </fieldset>
        <TextField meta={fields.validUntil} label={t("spending.fields.validUntil")} hint="YYYY-MM-DD" />
        <TextField meta={fields.note} label={t("spending.fields.note")} />
        <div className="field">
          <label htmlFor="quote-attachment">{t("spending.fields.attachment")}</label>
          <input id="quote-attachment" type="file" name="attachment" required accept="application/pdf,image/jpeg,image/png" aria-describedby="quote-attachment-hint" />
          <p className="hint" id="quote-attachment-hint">{t("spending.hints.quoteDocument")}</p>
          <FieldErrors id="quote-attachment-errors" errors={errors.attachment ?? undefined} />
        </div>
        <button type="submit">{t("spending.buttons.addQuote")}</button>
      </Form>
    </section>
  );
}
