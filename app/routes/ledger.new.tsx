import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormErrors, TextField } from "~/components/form";
import { isDomainError } from "~/domain/errors";
import { BOOKS, type Book } from "~/domain/ledger/chart";
import { shanghaiDate } from "~/domain/ledger/ledger-query";
import { VOUCHER_BLANK_LINES, voucherEntry, voucherFormSchema } from "~/domain/ledger/voucher-form";
import { getDb } from "~/services/db.server";
import { postVoucher } from "~/services/ledger/entries.server";
import { accountsOfBook } from "~/services/ledger/queries.server";
import { invalid, readForm, requireUser } from "~/services/request.server";

function bookOf(request: Request): Book {
  const value = new URL(request.url).searchParams.get("book");
  return BOOKS.find((b) => b === value) ?? "cogoverned";
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  const book = bookOf(request);
  return { book, accounts: accountsOfBook(getDb(), book), today: shanghaiDate(new Date()) };
}

/** A refusal of the posting service, with the form line it concerns (if any). */
interface Problem { key: string; params: Record<string, string | number>; formLine: number | null }

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const submission = parseWithZod(await readForm(request), { schema: voucherFormSchema });
  if (submission.status !== "success") return invalid(submission);
  const { input, formLines } = voucherEntry(submission.value);
  try {
    const { entry } = postVoucher(getDb(), input, String(user.id));
    return redirect(`/ledger/entries/${entry.id}`);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const params = error.options.params ?? {};
    const line = typeof params.line === "number" ? formLines[params.line - 1] ?? null : null;
    // The service's codes are "ledger.<name>"; the catalog keeps them under ledger.errors.
    const problem: Problem = { key: error.code.replace(/^ledger\./, "ledger.errors."), params, formLine: line };
    return data({ lastResult: submission.reply(), problem }, { status: error.options.status ?? 400 });
  }
}

export default function NewVoucherPage() {
  const { t, i18n } = useTranslation();
  const { book, accounts, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const problem = (actionData && "problem" in actionData ? actionData.problem : null) as Problem | null;
  const en = i18n.language.startsWith("en");
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult,
    defaultValue: { businessDate: today, book, lines: Array.from({ length: VOUCHER_BLANK_LINES }, () => ({})) },
    constraint: getZodConstraint(voucherFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: voucherFormSchema }),
    shouldValidate: "onBlur",
  });
  const problemText = problem
    ? String(t(problem.key, { ...problem.params, book: typeof problem.params.book === "string" ? t(`ledger.books.${problem.params.book}`) : "" }))
    : null;
  return (
    <section>
      <h1>{t("ledger.voucher.title")} · {t(`ledger.books.${book}`)}</h1>
      <p>
        {t("ledger.voucher.changeBook")}:{" "}
        {BOOKS.map((b) => <span key={b}>{b === book ? <strong>{t(`ledger.books.${b}`)}</strong> : <Link to={`?book=${b}`}>{t(`ledger.books.${b}`)}</Link>} </span>)}
      </p>
      <p className="hint">{t("ledger.voucher.hint")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        {problemText ? <div className="form-errors" role="alert"><p>{problemText}</p></div> : null}
        <input type="hidden" name={fields.book.name} value={book} />
        <TextField meta={fields.businessDate} label={t("ledger.voucher.businessDate")} />
        <TextField meta={fields.memo} label={t("ledger.voucher.memo")} />
        <FieldErrors id={fields.lines.errorId} errors={fields.lines.errors} />
        <table className="data-table voucher-lines">
          <thead>
            <tr>
              <th scope="col">{t("ledger.line")}</th><th scope="col">{t("ledger.account")}</th><th scope="col">{t("ledger.debit")}</th>
              <th scope="col">{t("ledger.credit")}</th><th scope="col">{t("ledger.voucher.lineMemo")}</th>
            </tr>
          </thead>
          <tbody>
            {fields.lines.getFieldList().map((lineMeta, index) => {
              const line = lineMeta.getFieldset();
              const flagged = problem?.formLine === index;
              return (
                <tr key={lineMeta.key} className={flagged ? "problem" : undefined}>
                  <td>{index + 1}</td>
                  <td>
                    <select {...getSelectProps(line.account)} aria-label={`${t("ledger.account")} ${index + 1}`}>
                      <option value="">{t("ledger.voucher.chooseAccount")}</option>
                      {accounts.map((a) => <option key={a.code} value={a.code}>{a.code} {en ? a.nameEn : a.nameZh}</option>)}
                    </select>
                    <FieldErrors id={line.account.errorId} errors={line.account.errors} />
                    {flagged && problemText ? <p className="field-errors" role="alert">{problemText}</p> : null}
                  </td>
                  <td><input {...getInputProps(line.debit, { type: "text" })} inputMode="decimal" aria-label={`${t("ledger.debit")} ${index + 1}`} /><FieldErrors id={line.debit.errorId} errors={line.debit.errors} /></td>
                  <td><input {...getInputProps(line.credit, { type: "text" })} inputMode="decimal" aria-label={`${t("ledger.credit")} ${index + 1}`} /><FieldErrors id={line.credit.errorId} errors={line.credit.errors} /></td>
                  <td><input {...getInputProps(line.memo, { type: "text" })} aria-label={`${t("ledger.voucher.lineMemo")} ${index + 1}`} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="submit">{t("ledger.voucher.submit")}</button>
      </Form>
    </section>
  );
}
