import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProposalForm, type Params } from "~/components/spending/ProposalForm";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { proposalFormSchema } from "~/domain/spending/proposal-forms";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";
import { approvedLinesFor } from "~/services/spending/budget-usage.server";
import { citableDecisions, draftProposal } from "~/services/spending/proposals.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const books = hasAnyRole(user.roles, ["manager"]) ? (["cogoverned", "public_revenue"] as const) : (["public_revenue"] as const);
  const budgetLines = approvedLinesFor(getDb())
    .filter((l) => (books as readonly string[]).includes(l.budget.book))
    .map((l) => ({ id: l.id, label: `${l.budget.year} ${l.budget.title} · ${l.kind} · ${formatFen(l.amountFen)}` }));
  return { books: [...books], budgetLines, decisions: citableDecisions(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: proposalFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const { proposal } = draftProposal(getDb(), submission.value, String(user.id));
    return redirect(`/spending/${proposal.id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function NewProposalPage() {
  const { t } = useTranslation();
  const { books, budgetLines, decisions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t("spending.new")}</h1>
      <p><Link to="/spending">{t("spending.list")}</Link></p>
      <ProposalForm
        lastResult={actionData?.lastResult}
        params={actionData && "params" in actionData ? (actionData.params as Params) : null}
        defaults={{ book: books[0] }}
        books={books}
        budgetLines={budgetLines}
        decisions={decisions}
        submitLabel={t("spending.buttons.create")}
      />
    </section>
  );
}
