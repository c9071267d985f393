import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextField } from "~/components/form";
import { DecisionErrors } from "~/components/spending/ApprovalSummary";
import { formatFen } from "~/domain/money";
import { increaseFormSchema } from "~/domain/spending/decision-forms";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { requestIncrease } from "~/services/spending/increase.server";
import { paymentSummary } from "~/services/spending/proposal-payments.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  const summary = paymentSummary(getDb(), parseId(params.proposalId));
  if (!summary) throw notFound();
  return { proposal: summary.proposal, paidFen: summary.paidFen };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const id = parseId(params.proposalId);
  const submission = parseWithZod(await readForm(request), { schema: increaseFormSchema });
  if (submission.status !== "success") return invalid(submission);
  let approvalId: number;
  try {
    approvalId = requestIncrease(getDb(), { proposalId: id, amountFen: submission.value.amount, reason: submission.value.reason }, String(user.id)).approval.id;
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect(`/approvals/${approvalId}`);
}

export default function IncreasePage() {
  const { t } = useTranslation();
  const { proposal, paidFen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: (actionData as { lastResult?: never } | undefined)?.lastResult,
    constraint: getZodConstraint(increaseFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: increaseFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow">
      <h1>{t("approvals.increase.title", { title: proposal.title })}</h1>
      <p><Link to={`/spending/${proposal.id}`}>{t("approvals.proposalLink")}</Link></p>
      <p>{t("approvals.currentApproved")}：{formatFen(proposal.approvedFen ?? 0)} · {t("approvals.pay.paid")}：{formatFen(paidFen)}</p>
      <Form method="post" {...getFormProps(form)}>
        <DecisionErrors reply={actionData} />
        <TextField meta={fields.amount} label={t("approvals.increase.amount")} />
        <div className="field">
          <label htmlFor="increase-reason">{t("approvals.increase.reason")}</label>
          <textarea id="increase-reason" name={fields.reason.name} required maxLength={1000} />
        </div>
        <button type="submit">{t("approvals.increase.submit")}</button>
      </Form>
    </section>
  );
}
