import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "~/components/form";
import { SubjectTimeline } from "~/components/SubjectTimeline";
import { formatDateTime } from "~/domain/datetime";
import { DomainError, isDomainError } from "~/domain/errors";
import { shanghaiDate, sourceHref } from "~/domain/ledger/ledger-query";
import { isReversibleSource } from "~/domain/ledger/entries";
import { reverseFormSchema } from "~/domain/ledger/voucher-form";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { getDb } from "~/services/db.server";
import { reverseEntry } from "~/services/ledger/entries.server";
import { entryDetail } from "~/services/ledger/queries.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { entryHistory } from "~/services/timeline-pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const detail = entryDetail(getDb(), parseId(params.entryId));
  if (!detail) throw notFound();
  return {
    ...detail,
    sourceHref: sourceHref(detail.entry.sourceKind, detail.entry.sourceId, detail.attachmentId),
    canReverse: hasAnyRole(user.roles, ["manager"]) && isReversibleSource(detail.entry.sourceKind) && !detail.reversedBy,
    today: shanghaiDate(new Date()),
    history: entryHistory(getDb(), detail.entry.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const id = parseId(params.entryId);
  const submission = parseWithZod(await readForm(request), { schema: reverseFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const { entry } = reverseEntry(getDb(), id, submission.value, String(user.id));
    return redirect(`/ledger/entries/${entry.id}`);
  } catch (error) {
    if (isDomainError(error) && error.code === "errors.notFound") throw notFound();
    // The service's codes are "ledger.<name>"; the catalog keeps them under ledger.errors.
    return refuse(submission, isDomainError(error) ? new DomainError(error.code.replace(/^ledger\./, "ledger.errors."), error.options) : error);
  }
}

export default function EntryPage() {
  const { t, i18n } = useTranslation();
  const { entry, lines, reversedBy, reverses, attachmentId, events, sourceHref: href, canReverse, today, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const en = i18n.language.startsWith("en");
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult,
    defaultValue: { businessDate: today },
    constraint: getZodConstraint(reverseFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reverseFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section>
      <h1>{t("ledger.entryPage.title", { id: entry.id })}</h1>
      <dl>
        <dt>{t("ledger.entryPage.businessDate")}</dt><dd>{entry.businessDate}</dd>
        <dt>{t("ledger.memo")}</dt><dd>{entry.memo}</dd>
        <dt>{t("ledger.source")}</dt>
        <dd>
          {t(`ledger.sourceKinds.${entry.sourceKind}`)}{entry.sourceId ? ` ${entry.sourceId}` : ""}
          {href ? <> · <a href={href}>{attachmentId ? t("ledger.entryPage.attachment") : t("ledger.entryPage.sourceLink")}</a></> : null}
        </dd>
        {reverses ? (
          <>
            <dt>{t("ledger.entryPage.reverses", { id: reverses.id })}</dt>
            <dd><Link to={`/ledger/entries/${reverses.id}`}>#{reverses.id} {reverses.memo}</Link> — {t("ledger.entryPage.reason")}: {entry.reason}</dd>
          </>
        ) : null}
        {reversedBy ? (
          <>
            <dt>{t("ledger.entryPage.reversedBy", { id: reversedBy.id })}</dt>
            <dd><Link to={`/ledger/entries/${reversedBy.id}`}>#{reversedBy.id} {reversedBy.businessDate}</Link> — {t("ledger.entryPage.reason")}: {reversedBy.reason}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t("ledger.entryPage.postings")}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t("ledger.book")}</th><th scope="col">{t("ledger.account")}</th><th scope="col">{t("ledger.memo")}</th>
            <th scope="col">{t("ledger.debit")}</th><th scope="col">{t("ledger.credit")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map(({ posting, accountNameZh, accountNameEn }) => (
            <tr key={posting.id}>
              <td>{t(`ledger.books.${posting.book}`)}</td>
              <td>{posting.accountCode} {en ? accountNameEn : accountNameZh}</td>
              <td>{posting.memo}</td>
              <td>{posting.amountFen > 0 ? formatFen(posting.amountFen) : ""}</td>
              <td>{posting.amountFen < 0 ? formatFen(-posting.amountFen) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("ledger.entryPage.trail")}</h2>
      <ul className="trail">
        {events.map((e) => (
          <li key={e.seq}>
            {t("ledger.entryPage.event", {
              time: formatDateTime(e.at, i18n.language), actor: e.actorName,
              action: t(`ledger.actions.${e.action.replace(/\./g, "_")}`, { defaultValue: e.action }), seq: e.seq,
            })}
            {" "}<small>{t("ledger.entryPage.hash")} <code>{e.hash}</code></small>
          </li>
        ))}
      </ul>
      {history ? <SubjectTimeline items={history.items} writtenBy={history.writtenBy} /> : null}
      {canReverse ? (
        <>
          <h2>{t("ledger.entryPage.reverseTitle")}</h2>
          <p className="hint">{t("ledger.entryPage.reverseHint")}</p>
          <Form method="post" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextField meta={fields.reason} label={t("ledger.entryPage.reverseReason")} />
            <TextField meta={fields.businessDate} label={t("ledger.entryPage.reverseDate")} />
            <button type="submit" className="danger">{t("ledger.entryPage.reverse")}</button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
