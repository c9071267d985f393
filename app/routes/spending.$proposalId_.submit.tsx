import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SelectField, TextField } from "~/components/form";
import { DecisionLink, DecisionSelect } from "~/components/spending/DecisionCitation";
import { ProblemList, type Params } from "~/components/spending/ProposalForm";
import { QuoteComparison } from "~/components/spending/QuoteComparison";
import { ScoreTable } from "~/components/spending/ScoreTable";
import { formatFen } from "~/domain/money";
import { submitFormSchema } from "~/domain/spending/proposal-forms";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { citableDecisions, getProposalDetail, SelectionRefused, submitProposal } from "~/services/spending/proposals.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  const detail = getProposalDetail(getDb(), parseId(params.proposalId));
  if (!detail) throw notFound();
  const p = detail.proposal;
  // Charged to a budget line, the proposal rests on its budget's decision; otherwise the manager may cite (or change) one here.
  const viaBudget = p.budgetLineId !== null && p.decisionId !== null;
  return {
    id: p.id, title: p.title, status: p.status, comparison: detail.comparison, scores: detail.scores,
    decisionId: p.decisionId !== null && !viaBudget ? String(p.decisionId) : "", fixedDecision: viaBudget ? detail.decision : null,
    decisions: viaBudget ? [] : citableDecisions(getDb()),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const id = parseId(params.proposalId);
  const submission = parseWithZod(await readForm(request), { schema: submitFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    submitProposal(getDb(), id, submission.value, String(user.id));
    return redirect(`/spending/${id}`);
  } catch (error) {
    if (error instanceof SelectionRefused) {
      // Every problem at once, each with its own params.
      return data({ lastResult: submission.reply({ formErrors: error.problems.map((p) => p.code) }), params: null, problems: error.problems }, { status: 400 });
    }
    return refuse(submission, error);
  }
}

export default function SubmitProposalPage() {
  const { t } = useTranslation();
  const { id, title, decisionId, fixedDecision, decisions, comparison, scores } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult as never,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: submitFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { selectedQuoteId: comparison.lowestQuoteId ? String(comparison.lowestQuoteId) : "", decisionId, advancePercent: "0", retentionPercent: "0", warrantyMonths: "0" },
  });
  const params = actionData && "params" in actionData ? (actionData.params as Params) : null;
  const problems = actionData && "problems" in actionData
    ? (actionData.problems as { code: string; params?: Params }[])
    : (form.errors ?? []).map((code) => ({ code, params }));
  return (
    <section>
      <h1>{t("spending.buttons.submit")}：{title}</h1>
      <p><Link to={`/spending/${id}`}>← {title}</Link></p>
      <QuoteComparison comparison={comparison} />
      {scores.length > 0 ? <ScoreTable scores={scores} quotes={comparison.columns} /> : null}
      <Form method="post" {...getFormProps(form)} className="narrow">
        <ProblemList problems={problems} />
        <SelectField
          meta={fields.selectedQuoteId}
          label={t("spending.fields.selectedQuote")}
          options={comparison.columns.map((c) => ({
            value: String(c.id),
            label: `${c.supplierName} ${formatFen(c.amountFen)}${c.lowestValid ? `（${t("spending.fields.lowest")}）` : ""}${c.defects.length ? `（${c.defects.map((d) => t(`spending.defects.${d}`)).join("、")}）` : ""}`,
          }))}
        />
        <TextField meta={fields.selectionReason} label={t("spending.fields.selectionReason")} />
        <TextField meta={fields.exceptionReason} label={t("spending.fields.exceptionReason")} />
        <TextField meta={fields.collusionReason} label={t("spending.fields.collusionReason")} />
        {fixedDecision ? (
          <p>{t("spending.fields.decisionRef")}：<DecisionLink decision={fixedDecision} />（{t("spending.decision.viaBudget")}）</p>
        ) : (
          <DecisionSelect meta={fields.decisionId} label={t("spending.fields.decisionRef")} hint={t("spending.hints.decisionAtSubmit")} decisions={decisions} params={params} noneLabel={t("spending.decision.none")} />
        )}
        <TextField meta={fields.advancePercent} label={t("spending.fields.advancePercent")} />
        <TextField meta={fields.retentionPercent} label={t("spending.fields.retentionPercent")} />
        <TextField meta={fields.warrantyMonths} label={t("spending.fields.warrantyMonths")} type="number" />
        <button type="submit">{t("spending.buttons.submit")}</button>
      </Form>
    </section>
  );
}
