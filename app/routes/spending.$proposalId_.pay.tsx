import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SelectField, TextField } from "~/components/form";
import { DecisionErrors } from "~/components/spending/ApprovalSummary";
import { shanghaiDate } from "~/domain/calendar";
import { formatFen } from "~/domain/money";
import { paymentFormSchema } from "~/domain/spending/decision-forms";
import { PAYMENT_STAGES } from "~/domain/spending/payments";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { paymentSummary, recordProposalPayment } from "~/services/spending/proposal-payments.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  const summary = paymentSummary(getDb(), parseId(params.proposalId));
  if (!summary) throw notFound();
  // One key per form shown: a double submit or a second tab books the payment once.
  return { ...summary, idempotencyKey: crypto.randomUUID(), today: shanghaiDate(new Date()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const id = parseId(params.proposalId);
  const submission = parseWithZod(await readForm(request), { schema: paymentFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const { amount, ...rest } = submission.value;
    recordProposalPayment(getDb(), { ...rest, proposalId: id, amountFen: amount }, String(user.id));
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect(`/spending/${id}/pay`);
}

export default function PayPage() {
  const { t } = useTranslation();
  const s = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: (actionData as { lastResult?: never } | undefined)?.lastResult,
    constraint: getZodConstraint(paymentFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: paymentFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { paidOn: s.today, stage: s.proposal.status === "accepted" ? "balance" : s.proposal.status === "paid" ? "retention" : "advance" },
  });
  return (
    <section className="narrow">
      <h1>{t("approvals.pay.title", { title: s.proposal.title })}</h1>
      <p><Link to={`/spending/${s.proposal.id}`}>{t("approvals.proposalLink")}</Link></p>
      <dl>
        <dt>{t("approvals.pay.approved")}</dt><dd>{formatFen(s.proposal.approvedFen ?? 0)}</dd>
        <dt>{t("approvals.pay.paid")}</dt><dd>{formatFen(s.paidFen)}</dd>
        <dt>{t("approvals.pay.retention")}</dt><dd>{formatFen(s.retentionFen)}</dd>
        {PAYMENT_STAGES.map((stage) => (
          <div key={stage}><dt>{t(`approvals.pay.stages.${stage}`)} · {t("approvals.pay.allows")}</dt><dd>{formatFen(s.allowances[stage])}</dd></div>
        ))}
      </dl>
      <Form method="post" {...getFormProps(form)}>
        <DecisionErrors reply={actionData} />
        <input type="hidden" name="idempotencyKey" value={s.idempotencyKey} />
        <SelectField meta={fields.stage} label={t("approvals.pay.stage")} options={PAYMENT_STAGES.map((stage) => ({ value: stage, label: t(`approvals.pay.stages.${stage}`) }))} />
        <TextField meta={fields.paidOn} label={t("approvals.pay.paidOn")} hint="YYYY-MM-DD" />
        <TextField meta={fields.amount} label={t("approvals.pay.amount")} />
        <TextField meta={fields.bankReference} label={t("approvals.pay.bankReference")} />
        <TextField meta={fields.invoiceNumber} label={t("approvals.pay.invoiceNumber")} />
        <button type="submit">{t("approvals.pay.submit")}</button>
      </Form>
      <p><Link to={`/spending/${s.proposal.id}/increase`}>{t("approvals.pay.increase")}</Link></p>
      <h2>{t("approvals.pay.payments")}</h2>
      {s.payments.length === 0 ? <p>{t("approvals.pay.none")}</p> : (
        <table>
          <thead><tr><th>{t("approvals.pay.paidOn")}</th><th>{t("approvals.pay.stage")}</th><th>{t("approvals.pay.amount")}</th><th>{t("approvals.pay.bankReference")}</th><th>{t("approvals.pay.invoiceNumber")}</th></tr></thead>
          <tbody>
            {s.payments.map((p) => (
              <tr key={p.id}><td>{p.paidOn}</td><td>{t(`approvals.pay.stages.${p.stage}`)}</td><td>{formatFen(p.amountFen)}</td><td>{p.bankReference}</td><td>{p.invoiceNumber}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
