import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProposalForm, type Params } from "~/components/spending/ProposalForm";
import { fenToDecimalString, formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { proposalFormSchema } from "~/domain/spending/proposal-forms";
import { getDb } from "~/services/db.server";
import { forbidden, invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { approvedLinesFor } from "~/services/spending/budget-usage.server";
import { citableDecisions, getProposalDetail, updateDraft } from "~/services/spending/proposals.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const detail = getProposalDetail(getDb(), parseId(params.proposalId));
  if (!detail) throw notFound();
  const p = detail.proposal;
  if (p.drafterId !== user.id) throw forbidden();
  const books = hasAnyRole(user.roles, ["manager"]) ? (["cogoverned", "public_revenue"] as const) : (["public_revenue"] as const);
  const budgetLines = approvedLinesFor(getDb())
    .filter((l) => (books as readonly string[]).includes(l.budget.book))
    .map((l) => ({ id: l.id, label: `${l.budget.year} ${l.budget.title} · ${l.kind} · ${formatFen(l.amountFen)}` }));
  return {
    id: p.id, status: p.status, books: [...books], budgetLines, decisions: citableDecisions(getDb()),
    defaults: {
      book: p.book, kind: p.kind, title: p.title, reason: p.reason, isMajorRepair: p.isMajorRepair ? ("yes" as const) : ("no" as const),
      // Through a budget line the proposal carries the budget's decision: only a direct citation is the form's.
      decisionId: p.decisionId !== null && p.budgetLineId === null ? String(p.decisionId) : "", budgetLineId: p.budgetLineId ? String(p.budgetLineId) : "",
      items: detail.items.map((i) => ({ description: i.description, quantity: i.quantity, unit: i.unit, estimated: fenToDecimalString(i.estimatedFen) })),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const id = parseId(params.proposalId);
  // Only the drafter edits (as the loader says), refused before the form is read: anyone else gets a 403, not the form's errors.
  const detail = getProposalDetail(getDb(), id);
  if (!detail) throw notFound();
  if (detail.proposal.drafterId !== user.id) throw forbidden();
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: proposalFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    updateDraft(getDb(), id, submission.value, String(user.id));
    return redirect(`/spending/${id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function EditProposalPage() {
  const { t } = useTranslation();
  const { id, books, budgetLines, decisions, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t("spending.edit")}</h1>
      <p><Link to={`/spending/${id}`}>← {defaults.title}</Link></p>
      <ProposalForm
        lastResult={actionData?.lastResult}
        params={actionData && "params" in actionData ? (actionData.params as Params) : null}
        defaults={defaults}
        books={books}
        budgetLines={budgetLines}
        decisions={decisions}
        submitLabel={t("spending.save")}
      />
    </section>
  );
}
