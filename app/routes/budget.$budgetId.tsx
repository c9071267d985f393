import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Timeline } from "~/components/Timeline";
import { DecisionLink } from "~/components/spending/DecisionCitation";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { kindLabel, mayDraftBudget } from "~/domain/spending/budget";
import { budgetActionFormSchema, lineFilterSchema } from "~/domain/spending/budget-forms";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { getBudget, submitBudget, withdrawBudget } from "~/services/spending/budgets.server";
import { listRoutineSpending } from "~/services/spending/routine.server";
import { budgetLineHistory } from "~/services/timeline-pages.server";
import { subjectTimeline } from "~/services/timeline.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const id = parseId(params.budgetId);
  const found = getBudget(getDb(), id);
  if (!found) throw notFound();
  const routine = listRoutineSpending(getDb(), { budgetId: id, limit: 500 });
  // A malformed or foreign line shows the whole budget's history, as without a filter.
  const { line } = lineFilterSchema.parse({ line: new URL(request.url).searchParams.get("line") ?? undefined });
  const lineFilter = line !== undefined && found.lines.some((l) => l.id === line) ? line : null;
  const mayAct = user.id === found.budget.draftedBy || hasAnyRole(user.roles, ["manager"]);
  return {
    ...found,
    routine,
    timeline: subjectTimeline(getDb(), [`budget:${id}`]),
    lineFilter,
    lineTimeline: lineFilter === null ? null : budgetLineHistory(getDb(), id, lineFilter),
    canSubmit: mayAct && found.budget.status === "draft",
    canWithdraw: mayAct && (found.budget.status === "draft" || found.budget.status === "in_approval"),
    canCopy: mayDraftBudget(user.roles, found.budget.book),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const id = parseId(params.budgetId);
  const submission = parseWithZod(await readForm(request), { schema: budgetActionFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    if (submission.value.intent === "submit") submitBudget(getDb(), id, String(user.id));
    else withdrawBudget(getDb(), id, String(user.id));
    return redirect(`/budget/${id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function BudgetPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith("en");
  const { budget, lines, totalFen, approvals, drafterName, decision, routine, timeline, lineFilter, lineTimeline, canSubmit, canWithdraw, canCopy } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const reply = actionData as { lastResult?: { error?: Record<string, string[] | null> }; params?: Record<string, string | number> | null } | undefined;
  const errors = Object.values(reply?.lastResult?.error ?? {}).flatMap((list) => list ?? []);
  return (
    <section>
      <p><Link to="/budget">{t("budget.list")}</Link></p>
      <h1>{budget.year} · {t(`budget.books.${budget.book}`)} · {budget.title}</h1>
      <p>
        <span className={`status status-${budget.status}`}>{t(`budget.statuses.${budget.status}`)}</span>
        {" · "}{t("budget.total")}: {formatFen(totalFen)} · {t("budget.drafter")}: {drafterName}
        {budget.decisionRef || decision ? <> · {t("budget.fields.decisionRef")}: <DecisionLink decision={decision} fallback={budget.decisionRef} /></> : null}
      </p>
      {budget.note ? <p>{budget.note}</p> : null}
      {errors.length ? <div className="form-errors" role="alert">{errors.map((code) => <p key={code}>{t(code, reply?.params ?? {})}</p>)}</div> : null}
      {canSubmit || canWithdraw ? (
        <Form method="post">
          {canSubmit ? <button type="submit" name="intent" value="submit">{t("budget.submit")}</button> : null}{" "}
          {canWithdraw ? <button type="submit" name="intent" value="withdraw">{t("budget.withdraw")}</button> : null}
        </Form>
      ) : null}
      {canCopy ? <p><Link to={`/budget/new?copy=${budget.id}`}>{t("budget.copy")}</Link></p> : null}

      <h2>{t("budget.fields.budgetLine")}</h2>
      <table>
        <thead>
          <tr>
            <th>{t("budget.fields.kind")}</th><th>{t("budget.fields.budgeted")}</th><th>{t("budget.fields.routineSpent")}</th>
            <th>{t("budget.fields.proposalSpent")}</th><th>{t("budget.fields.committed")}</th><th>{t("budget.fields.remaining")}</th><th>{t("budget.fields.lineNote")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id}>
              <td>{kindLabel(line.kind, en)}</td>
              <td className="money">{formatFen(line.amountFen)}</td>
              <td className="money">{formatFen(line.routineFen)}</td>
              <td className="money">{formatFen(line.proposalFen)}</td>
              <td className="money">{formatFen(line.committedFen)}</td>
              <td className={line.remainingFen < 0 ? "money negative" : "money"}>{formatFen(line.remainingFen)}</td>
              <td>{line.note}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t("budget.approval")}</h2>
      {approvals.length === 0 ? <p>—</p> : (
        <ul>
          {approvals.map((a) => (
            <li key={a.id}>
              <Link to={`/approvals/${a.id}`}>{t("budget.approvalLink")} #{a.id}</Link>: {t(`budget.approvalStatuses.${a.status}`)} · {a.openedAt.slice(0, 10)}
            </li>
          ))}
        </ul>
      )}

      <h2>{t("budget.routine")}</h2>
      {routine.rows.length === 0 ? <p>{t("budget.noRoutine")}</p> : (
        <table>
          <thead>
            <tr>
              <th>{t("budget.fields.paidOn")}</th><th>{t("budget.fields.routineKind")}</th><th>{t("budget.fields.kind")}</th><th>{t("budget.fields.payee")}</th>
              <th>{t("budget.fields.amount")}</th><th>{t("budget.fields.voucher")}</th><th>{t("budget.entry")}</th>
            </tr>
          </thead>
          <tbody>
            {routine.rows.map((r) => (
              <tr key={r.id}>
                <td>{r.paidOn}</td>
                <td>{t(`budget.routineKinds.${r.routineKind}`)}</td>
                <td>{kindLabel(r.lineKind, en)}</td>
                <td>{r.payee}</td>
                <td className="money">{formatFen(r.amountFen)}</td>
                <td><a href={`/attachments/${r.voucherAttachmentId}`} download>{r.voucherName}</a></td>
                <td><Link to={`/ledger/entries/${r.entryId}`}>#{r.entryId}</Link></td>
              </tr>
            ))}
          </tbody>
          <tfoot><tr><td colSpan={4}>{t("budget.total")}</td><td className="money">{formatFen(routine.totalFen)}</td><td colSpan={2} /></tr></tfoot>
        </table>
      )}

      <h2>{t("budget.timeline")}</h2>
      <Timeline items={timeline} />

      <h2 id="line-timeline">{t("timeline.lineFilter.label")}</h2>
      <Form method="get" className="inline-form">
        <select name="line" defaultValue={lineFilter ?? ""} aria-label={t("timeline.lineFilter.label")}>
          <option value="">{t("timeline.lineFilter.all")}</option>
          {lines.map((line) => <option key={line.id} value={line.id}>{kindLabel(line.kind, en)}</option>)}
        </select>{" "}
        <button type="submit">{t("timeline.lineFilter.show")}</button>
      </Form>
      {lineTimeline ? <Timeline items={lineTimeline} /> : null}
    </section>
  );
}
