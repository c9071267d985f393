import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Timeline } from "~/components/Timeline";
import { ApprovalSummaryView } from "~/components/spending/ApprovalSummary";
import { ProblemList, type Params } from "~/components/spending/ProposalForm";
import { ProposalHeader } from "~/components/spending/ProposalHeader";
import { QuoteComparison } from "~/components/spending/QuoteComparison";
import { ScoreTable } from "~/components/spending/ScoreTable";
import { MAX_ATTACHMENT_BYTES } from "~/domain/attachments";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { isSelectionTier } from "~/domain/spending/comparison";
import { proposalIntentSchema } from "~/domain/spending/proposal-forms";
import { actionsFrom } from "~/domain/spending/proposal-states";
import { readUploads } from "~/services/attachments.server";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { approvalSummary } from "~/services/spending/approval-view.server";
import {
  attachToProposalWithUpload, closeQuoting, getProposalDetail, openQuoting, reopenQuoting, withdrawProposal,
} from "~/services/spending/proposals.server";
import { subjectTimeline } from "~/services/timeline.server";

const MAX_BODY_BYTES = 5 * MAX_ATTACHMENT_BYTES + 256 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const db = getDb();
  const detail = getProposalDetail(db, parseId(params.proposalId));
  if (!detail) throw notFound();
  const p = detail.proposal;
  const isManager = hasAnyRole(user.roles, ["manager"]);
  const isCommittee = hasAnyRole(user.roles, ["committee"]);
  const isDrafter = p.drafterId === user.id;
  const handles = isDrafter || isManager;
  const open = actionsFrom(p.status);
  const may = {
    edit: isDrafter && p.status === "draft",
    attach: handles && ["draft", "quoting", "selecting"].includes(p.status),
    openQuoting: handles && open.includes("openQuoting"),
    closeQuoting: handles && open.includes("closeQuoting"),
    reopenQuoting: handles && open.includes("reopenQuoting"),
    withdraw: isDrafter && open.includes("withdraw"),
    quote: isManager && p.status === "quoting",
    score: isCommittee && (p.status === "quoting" || p.status === "selecting") && isSelectionTier(detail.comparison.method) && detail.scoringVoterIds.includes(user.id),
    submit: isManager && open.includes("submit"),
    vote: isCommittee && detail.openApprovalId !== null,
    accept: isCommittee && open.includes("accept"),
    pay: isManager && (open.includes("payAdvance") || open.includes("payBalance") || open.includes("payRetention")),
    retention: isCommittee && open.includes("releaseRetention"),
    increase: isManager && ["approved", "advance_paid", "accepted"].includes(p.status),
  };
  const summaries = detail.approvals.map((a) => approvalSummary(db, a.id)).filter((s) => s !== null);
  return { detail, may, summaries, timeline: subjectTimeline(db, [`proposal:${p.id}`]) };
}

const attachSchema = z.object({ intent: z.literal("attach") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const id = parseId(params.proposalId);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return data({ lastResult: { status: "error" as const, error: { "": ["income.errors.attachmentTooLarge"] } }, params: null }, { status: 413 });
  }
  const formData = await readForm(request);
  const actor = String(user.id);
  if (formData.get("intent") === "attach") {
    const submission = parseWithZod(formData, { schema: attachSchema });
    if (submission.status !== "success") return invalid(submission);
    try {
      const uploads = await readUploads(formData.getAll("files"), "files");
      await attachToProposalWithUpload(getDb(), id, uploads, actor);
      return redirect(`/spending/${id}`);
    } catch (error) {
      return refuse(submission, error);
    }
  }
  const submission = parseWithZod(formData, { schema: proposalIntentSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const db = getDb();
    const { intent, reason } = submission.value;
    if (intent === "openQuoting") openQuoting(db, id, actor);
    else if (intent === "closeQuoting") closeQuoting(db, id, actor);
    else if (intent === "reopenQuoting") reopenQuoting(db, id, actor);
    else withdrawProposal(db, id, { reason }, actor);
    return redirect(`/spending/${id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function ProposalPage() {
  const { t } = useTranslation();
  const { detail, may, summaries, timeline } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const p = detail.proposal;
  const errors = actionData?.lastResult && "error" in actionData.lastResult ? Object.values(actionData.lastResult.error ?? {}).flat().filter((e): e is string => typeof e === "string") : [];
  const params = actionData && "params" in actionData ? (actionData.params as Params) : null;
  return (
    <section>
      <p><Link to="/spending">← {t("spending.list")}</Link></p>
      <ProposalHeader detail={detail} />
      <ProblemList problems={errors.map((code) => ({ code, params }))} />

      <h2>{t("spending.sections.actions")}</h2>
      <div className="inline">
        {may.openQuoting || may.closeQuoting || may.reopenQuoting ? (
          <Form method="post" className="inline">
            {may.openQuoting ? <button type="submit" name="intent" value="openQuoting">{t("spending.actions.openQuoting")}</button> : null}
            {may.closeQuoting ? <button type="submit" name="intent" value="closeQuoting">{t("spending.actions.closeQuoting")}</button> : null}
            {may.reopenQuoting ? <button type="submit" name="intent" value="reopenQuoting">{t("spending.actions.reopenQuoting")}</button> : null}
          </Form>
        ) : null}
        <ul>
          {may.edit ? <li><Link to={`/spending/${p.id}/edit`}>{t("spending.edit")}</Link></li> : null}
          {may.quote ? <li><Link to={`/spending/${p.id}/quotes/new`}>{t("spending.buttons.addQuote")}</Link></li> : null}
          {may.score ? <li><Link to={`/spending/${p.id}/score`}>{t("spending.buttons.score")}</Link></li> : null}
          {may.submit ? <li><Link to={`/spending/${p.id}/submit`}>{t("spending.buttons.submit")}</Link></li> : null}
          {may.vote ? <li><Link to={`/approvals/${detail.openApprovalId}`}>{t("spending.buttons.vote")}</Link></li> : null}
          {may.accept ? <li><Link to={`/spending/${p.id}/accept`}>{t("spending.buttons.accept")}</Link></li> : null}
          {may.pay ? <li><Link to={`/spending/${p.id}/pay`}>{t("spending.buttons.pay")}</Link></li> : null}
          {may.retention ? <li><Link to={`/spending/${p.id}/retention`}>{t("spending.buttons.retention")}</Link></li> : null}
          {may.increase ? <li><Link to={`/spending/${p.id}/increase`}>{t("spending.buttons.increase")}</Link></li> : null}
        </ul>
        {may.withdraw ? (
          <Form method="post">
            <div className="field">
              <label htmlFor="withdraw-reason">{t("spending.fields.withdrawReason")}</label>
              <input id="withdraw-reason" name="reason" required />
            </div>
            <button type="submit" name="intent" value="withdraw" className="danger">{t("spending.buttons.withdraw")}</button>
          </Form>
        ) : null}
      </div>

      <h2>{t("spending.sections.items")}</h2>
      <table className="data-table">
        <thead>
          <tr><th scope="col">{t("spending.fields.description")}</th><th scope="col">{t("spending.fields.quantity")}</th><th scope="col">{t("spending.fields.unit")}</th><th scope="col">{t("spending.fields.estimate")}</th></tr>
        </thead>
        <tbody>
          {detail.items.map((item, i) => (
            <tr key={i}><td>{item.description}</td><td>{item.quantity}</td><td>{item.unit}</td><td className="money">{formatFen(item.estimatedFen)}</td></tr>
          ))}
        </tbody>
        <tfoot><tr><th scope="row" colSpan={3}>{t("spending.total")}</th><td className="money">{formatFen(p.estimatedFen)}</td></tr></tfoot>
      </table>

      <h2>{t("spending.sections.files")}</h2>
      {detail.files.length === 0 ? <p>{t("spending.sections.noFiles")}</p> : (
        <ul>{detail.files.map((f) => <li key={f.id}><a href={`/attachments/${f.id}`}>{f.filename}</a></li>)}</ul>
      )}
      {may.attach ? (
        <Form method="post" encType="multipart/form-data">
          <div className="field">
            <label htmlFor="proposal-files">{t("spending.fields.files")}</label>
            <input id="proposal-files" type="file" name="files" multiple accept="application/pdf,image/jpeg,image/png" />
            <p className="hint">{t("spending.hints.files")}</p>
          </div>
          <button type="submit" name="intent" value="attach">{t("spending.buttons.attach")}</button>
        </Form>
      ) : null}

      <h2>{t("spending.sections.quotes")}</h2>
      <QuoteComparison comparison={detail.comparison} />

      {detail.scores.length > 0 || isSelectionTier(detail.comparison.method) ? (
        <>
          <h2>{t("spending.sections.scores")}</h2>
          <ScoreTable scores={detail.scores} quotes={detail.comparison.columns} />
        </>
      ) : null}

      {p.selectedQuoteId ? (
        <>
          <h2>{t("spending.sections.selection")}</h2>
          <dl className="facts">
            <dt>{t("spending.fields.selectedQuote")}</dt>
            <dd>{detail.comparison.columns.find((c) => c.id === p.selectedQuoteId)?.supplierName ?? `#${p.selectedQuoteId}`}</dd>
            <dt>{t("spending.fields.selectedOn")}</dt><dd>{p.selectedOn}</dd>
            {p.selectionReason ? <><dt>{t("spending.fields.selectionReason")}</dt><dd>{p.selectionReason}</dd></> : null}
            {p.exceptionReason ? <><dt>{t("spending.fields.exceptionReason")}</dt><dd>{p.exceptionReason}</dd></> : null}
            {p.collusionReason ? <><dt>{t("spending.fields.collusionReason")}</dt><dd>{p.collusionReason}</dd></> : null}
            <dt>{t("spending.fields.advancePercent")}</dt><dd>{p.advancePercent}%</dd>
            <dt>{t("spending.fields.retentionPercent")}</dt><dd>{p.retentionPercent}%</dd>
            <dt>{t("spending.fields.warrantyMonths")}</dt><dd>{p.warrantyMonths}</dd>
          </dl>
        </>
      ) : null}

      <h2>{t("spending.sections.approvals")}</h2>
      {summaries.length === 0 ? <p>—</p> : summaries.map((summary) => (
        <div key={summary.id}>
          <ApprovalSummaryView summary={summary} />
          <p><Link to={`/approvals/${summary.id}`}>#{summary.id}</Link></p>
        </div>
      ))}

      <h2>{t("spending.sections.acceptance")}</h2>
      {detail.acceptance ? (
        <dl className="facts">
          <dt>{t("spending.fields.acceptedOn")}</dt><dd>{detail.acceptance.acceptedOn}</dd>
          <dt>{t("spending.fields.notes")}</dt><dd>{detail.acceptance.notes}</dd>
          {p.warrantyUntil ? <><dt>{t("spending.fields.warrantyUntil")}</dt><dd>{p.warrantyUntil}</dd></> : null}
        </dl>
      ) : <p>—</p>}

      <h2>{t("spending.sections.payments")}</h2>
      {detail.payments.length === 0 ? <p>{t("spending.sections.noPayments")}</p> : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("spending.fields.stage")}</th><th scope="col">{t("spending.fields.paidOn")}</th><th scope="col">{t("spending.fields.amount")}</th>
              <th scope="col">{t("spending.fields.bankReference")}</th><th scope="col">{t("spending.fields.invoiceNumber")}</th><th scope="col">{t("spending.entry")}</th>
            </tr>
          </thead>
          <tbody>
            {detail.payments.map((pay) => (
              <tr key={pay.id}>
                <td>{t(`spending.stages.${pay.stage}`)}</td><td>{pay.paidOn}</td><td className="money">{formatFen(pay.amountFen)}</td>
                <td>{pay.bankReference}</td><td>{pay.invoiceNumber}</td><td><Link to={`/ledger/entries/${pay.entryId}`}>#{pay.entryId}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="facts">
        <dt>{t("spending.fields.approvedFen")}</dt><dd className="money">{detail.totals.approvedFen === null ? "—" : formatFen(detail.totals.approvedFen)}</dd>
        <dt>{t("spending.fields.paid")}</dt><dd className="money">{formatFen(detail.totals.paidFen)}</dd>
        <dt>{t("spending.fields.advanceLimit")}</dt><dd className="money">{detail.totals.advanceLimitFen === null ? "—" : formatFen(detail.totals.advanceLimitFen)}</dd>
        <dt>{t("spending.fields.retention")}</dt><dd className="money">{detail.totals.retentionFen === null ? "—" : formatFen(detail.totals.retentionFen)}</dd>
      </dl>

      <h2>{t("spending.timeline")}</h2>
      <Timeline items={timeline} />
    </section>
  );
}
