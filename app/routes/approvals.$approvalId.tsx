import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApprovalSummaryView, DecisionErrors } from "~/components/spending/ApprovalSummary";
import { DecisionLink } from "~/components/spending/DecisionCitation";
import { fenToChineseCapitals } from "~/domain/chinese-capitals";
import { formatFen } from "~/domain/money";
import { voteFormSchema } from "~/domain/spending/decision-forms";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { approvalPage } from "~/services/spending/approval-view.server";
import { castVote } from "~/services/spending/votes.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["committee", "auditor", "manager"]);
  const page = approvalPage(getDb(), parseId(params.approvalId), user.id);
  if (!page) throw notFound();
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  const id = parseId(params.approvalId);
  const submission = parseWithZod(await readForm(request), { schema: voteFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    // Only the signed-in member's own vote: nobody votes for another.
    castVote(getDb(), { approvalId: id, userId: user.id, ...submission.value }, String(user.id));
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect(`/approvals/${id}`);
}

function Subject({ subject, amountFen }: { subject: ReturnType<typeof useLoaderData<typeof loader>>["subject"]; amountFen: number | null }) {
  const { t } = useTranslation();
  if (!subject) return null;
  if (subject.kind === "proposal" || subject.kind === "increase") {
    return (
      <dl>
        <dt>{t("approvals.reason")}</dt><dd>{subject.title} — {subject.reason}</dd>
        <dt>{t("approvals.book")}</dt><dd>{t(`approvals.books.${subject.book}`)} · {t("approvals.kind")} {subject.accountKind}</dd>
        <dt className="prominent">{t("approvals.majorRepair")}</dt><dd className="prominent"><strong>{subject.isMajorRepair ? t("approvals.yes") : t("approvals.no")}</strong></dd>
        {subject.kind === "increase" ? (
          <>
            <dt>{t("approvals.currentApproved")}</dt><dd>{formatFen(subject.approvedFen ?? 0)}</dd>
            <dt>{t("approvals.difference")}</dt><dd>{formatFen(amountFen ?? 0)}（{fenToChineseCapitals(amountFen ?? 0)}）</dd>
            <dt>{t("approvals.newTotal")}</dt><dd>{formatFen((subject.approvedFen ?? 0) + (amountFen ?? 0))}</dd>
          </>
        ) : (
          <><dt>{t("approvals.amount")}</dt><dd>{formatFen(amountFen ?? 0)}（{t("approvals.amountCapitals")}：{fenToChineseCapitals(amountFen ?? 0)}）</dd></>
        )}
        {subject.method ? <><dt>{t("approvals.method")}</dt><dd>{t(`approvals.methods.${subject.method}`)}</dd></> : null}
        {subject.supplier ? <><dt>{t("approvals.supplier")}</dt><dd>{subject.supplier}</dd></> : null}
        {subject.selectionReason ? <><dt>{t("approvals.selectionReason")}</dt><dd>{subject.selectionReason}</dd></> : null}
        {subject.exceptionReason ? <><dt>{t("approvals.exceptionReason")}</dt><dd>{subject.exceptionReason}</dd></> : null}
        {subject.collusionReason ? <><dt>{t("approvals.collusionReason")}</dt><dd>{subject.collusionReason}</dd></> : null}
        {subject.decisionRef || subject.decision ? <><dt>{t("approvals.decisionRef")}</dt><dd><DecisionLink decision={subject.decision} fallback={subject.decisionRef} /></dd></> : null}
        <dt /><dd><Link to={`/spending/${subject.id}`}>{t("approvals.proposalLink")}</Link></dd>
      </dl>
    );
  }
  if (subject.kind === "budget") {
    return (
      <>
        <p><Link to={`/budget/${subject.id}`}>{subject.year} · {subject.title}</Link> · {t(`approvals.books.${subject.book}`)} · {formatFen(amountFen ?? 0)}（{fenToChineseCapitals(amountFen ?? 0)}）</p>
        {subject.decisionRef || subject.decision ? <p>{t("approvals.decisionRef")}：<DecisionLink decision={subject.decision} fallback={subject.decisionRef} /></p> : null}
        <h3>{t("approvals.budgetLines")}</h3>
        <ul>{subject.lines.map((l) => <li key={l.kind}>{l.kind}：{formatFen(l.amountFen)}{l.note ? ` — ${l.note}` : ""}</li>)}</ul>
      </>
    );
  }
  if (subject.kind === "reopen") {
    return (
      <p>{t("publishing.reopenSubject", { period: subject.period, revision: subject.revision })} · <Link to={`/statements/${subject.id}`}>{t("publishing.reopenLink")}</Link> · <code>{subject.hash.slice(0, 12)}</code></p>
    );
  }
  return (
    <>
      <p>{t("approvals.decisionRef")}：<DecisionLink decision={subject.decision} fallback={subject.decisionRef} /> · {subject.reason}</p>
      <h3>{t("approvals.rulesOld")}</h3><pre>{JSON.stringify(JSON.parse(subject.rulesOld ?? "{}"), null, 2)}</pre>
      <h3>{t("approvals.rulesNew")}</h3><pre>{JSON.stringify(JSON.parse(subject.rulesNew ?? "{}"), null, 2)}</pre>
    </>
  );
}

export default function ApprovalPage() {
  const { t } = useTranslation();
  const { summary, subject, canVote } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: (actionData as { lastResult?: never } | undefined)?.lastResult,
    constraint: getZodConstraint(voteFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: voteFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section>
      <h1>{summary.subjectKind === "reopen" ? t("publishing.reopenKind") : t(`approvals.subjectKinds.${summary.subjectKind}`)} · {t("approvals.approvalOf", { id: summary.id })}</h1>
      <Subject subject={subject} amountFen={summary.amountFen} />
      {summary.reason ? <p>{t("approvals.reason")}：{summary.reason}</p> : null}
      <ApprovalSummaryView summary={summary} />
      {canVote ? (
        <Form method="post" {...getFormProps(form)}>
          <h2>{t("approvals.yourVote")}</h2>
          <DecisionErrors reply={actionData} />
          <fieldset>
            {(["approve", "reject", "abstain"] as const).map((choice) => (
              <label key={choice}><input type="radio" name={fields.choice.name} value={choice} required /> {t(`approvals.choices.${choice}`)}</label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="vote-comment">{t("approvals.comment")}</label>
            <textarea id="vote-comment" name={fields.comment.name} maxLength={500} />
          </div>
          <p className="hint">{t("approvals.voteHint")}</p>
          <button type="submit">{t("approvals.submitVote")}</button>
        </Form>
      ) : <DecisionErrors reply={actionData} />}
    </section>
  );
}
