import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SelectField, TextField } from "~/components/form";
import { ProblemList, type Params } from "~/components/spending/ProposalForm";
import { QuoteComparison } from "~/components/spending/QuoteComparison";
import { ScoreTable } from "~/components/spending/ScoreTable";
import { formatFen } from "~/domain/money";
import { scoreFormSchema } from "~/domain/spending/proposal-forms";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { getProposalDetail, scoreQuote } from "~/services/spending/proposals.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  const detail = getProposalDetail(getDb(), parseId(params.proposalId));
  if (!detail) throw notFound();
  const mine = new Set(detail.scores.filter((s) => s.userId === user.id).map((s) => s.quoteId));
  return {
    id: detail.proposal.id, title: detail.proposal.title, comparison: detail.comparison, scores: detail.scores,
    mayScore: detail.scoringVoterIds.includes(user.id),
    toScore: detail.comparison.columns.filter((c) => !mine.has(c.id)).map((c) => ({ id: c.id, label: `${c.supplierName} ${formatFen(c.amountFen)}` })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  const proposalId = parseId(params.proposalId);
  const submission = parseWithZod(await readForm(request), { schema: scoreFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    scoreQuote(getDb(), { proposalId, ...submission.value }, String(user.id));
    return redirect(`/spending/${proposalId}/score`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function ScorePage() {
  const { t } = useTranslation();
  const { id, title, comparison, scores, mayScore, toScore } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult as never,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: scoreFormSchema }),
    shouldValidate: "onBlur",
  });
  const params = actionData && "params" in actionData ? (actionData.params as Params) : null;
  return (
    <section>
      <h1>{t("spending.sections.scores")}：{title}</h1>
      <p><Link to={`/spending/${id}`}>← {title}</Link></p>
      <p className="hint">{t("spending.hints.scoring")}</p>
      <QuoteComparison comparison={comparison} />
      <ScoreTable scores={scores} quotes={comparison.columns} />
      {mayScore && toScore.length > 0 ? (
        <Form method="post" {...getFormProps(form)} className="narrow">
          <ProblemList problems={(form.errors ?? []).map((code) => ({ code, params }))} />
          <SelectField meta={fields.quoteId} label={t("spending.fields.quote")} options={toScore.map((q) => ({ value: String(q.id), label: q.label }))} />
          <TextField meta={fields.price} label={t("spending.fields.price")} type="number" />
          <TextField meta={fields.qualification} label={t("spending.fields.qualification")} type="number" />
          <TextField meta={fields.service} label={t("spending.fields.service")} type="number" />
          <TextField meta={fields.comment} label={t("spending.fields.comment")} />
          <button type="submit">{t("spending.buttons.score")}</button>
        </Form>
      ) : <p>{mayScore ? "✓" : t("spending.errors.notAVoter")}</p>}
    </section>
  );
}
