import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DecisionErrors } from "~/components/spending/ApprovalSummary";
import { shanghaiDate } from "~/domain/calendar";
import { formatFen } from "~/domain/money";
import { retentionFormSchema } from "~/domain/spending/decision-forms";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { paymentSummary } from "~/services/spending/proposal-payments.server";
import { releaseRetention } from "~/services/spending/retention.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["committee"]);
  const summary = paymentSummary(getDb(), parseId(params.proposalId));
  if (!summary) throw notFound();
  return { proposal: summary.proposal, retentionFen: summary.retentionFen };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  const id = parseId(params.proposalId);
  const submission = parseWithZod(await readForm(request), { schema: retentionFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    releaseRetention(getDb(), { proposalId: id, today: shanghaiDate(new Date()), note: submission.value.note }, String(user.id));
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect(`/spending/${id}`);
}

export default function RetentionPage() {
  const { t } = useTranslation();
  const { proposal, retentionFen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: (actionData as { lastResult?: never } | undefined)?.lastResult,
    constraint: getZodConstraint(retentionFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: retentionFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow">
      <h1>{t("approvals.retention.title", { title: proposal.title })}</h1>
      <p><Link to={`/spending/${proposal.id}`}>{t("approvals.proposalLink")}</Link></p>
      <p>{t("approvals.pay.retention")}：{formatFen(retentionFen)} · {t("approvals.retention.warrantyUntil")}：{proposal.warrantyUntil ?? "—"}</p>
      <Form method="post" {...getFormProps(form)}>
        <DecisionErrors reply={actionData} />
        <div className="field">
          <label htmlFor="retention-note">{t("approvals.retention.note")}</label>
          <textarea id="retention-note" name={fields.note.name} required maxLength={1000} />
        </div>
        <button type="submit">{t("approvals.retention.submit")}</button>
      </Form>
    </section>
  );
}
