import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { FieldErrors, FormErrors, TextField, type AnyField } from "~/components/form";
import { DecisionSelect } from "~/components/spending/DecisionCitation";
import { shanghaiDate } from "~/domain/calendar";
import { BOOKS, type Book } from "~/domain/ledger/chart";
import { fenToDecimalString } from "~/domain/money";
import { kindLabel, mayDraftBudget } from "~/domain/spending/budget";
import { budgetDraftFieldsSchema, budgetDraftFormSchema } from "~/domain/spending/budget-forms";
import { BUDGET_KINDS } from "~/domain/spending/kinds";
import { getDb } from "~/services/db.server";
import { forbidden, invalid, readForm, refuse, requireUser } from "~/services/request.server";
import { draftBudget, getBudget } from "~/services/spending/budgets.server";
import { citableDecisions } from "~/services/spending/proposals.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const params = new URL(request.url).searchParams;
  const books = BOOKS.filter((b) => mayDraftBudget(user.roles, b));
  // "Copy into a new draft": lines are append-only, so a draft is changed by drafting again from a copy.
  const copyId = Number(params.get("copy"));
  const copy = Number.isSafeInteger(copyId) && copyId > 0 ? getBudget(getDb(), copyId) : null;
  const wanted = (params.get("book") ?? copy?.budget.book ?? books[0]) as Book;
  const book = books.includes(wanted) ? wanted : books[0]!;
  const defaults: Record<string, string> = { book, year: String(copy?.budget.year ?? Number(shanghaiDate(new Date()).slice(0, 4)) + 1) };
  if (copy && copy.budget.book === book) {
    Object.assign(defaults, { title: copy.budget.title, note: copy.budget.note, decisionId: copy.budget.decisionId === null ? "" : String(copy.budget.decisionId), year: String(copy.budget.year) });
    for (const line of copy.lines) {
      defaults[`line_${line.kind}`] = fenToDecimalString(line.amountFen);
      defaults[`note_${line.kind}`] = line.note;
    }
  }
  // Public revenue is spent only within what a decision authorises: those decisions are offered for that book.
  return { books, book, kinds: BUDGET_KINDS[book], defaults, copyOf: copy?.budget.id ?? null, decisions: citableDecisions(getDb(), { withAmount: book === "public_revenue" }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: budgetDraftFormSchema });
  if (submission.status !== "success") return invalid(submission);
  if (!mayDraftBudget(user.roles, submission.value.book)) throw forbidden();
  try {
    const { budget } = draftBudget(getDb(), submission.value, String(user.id));
    return redirect(`/budget/${budget.id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function NewBudgetPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith("en");
  const { books, book, kinds, defaults, copyOf, decisions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof budgetDraftFormSchema>, z.output<typeof budgetDraftFormSchema>>({
    lastResult: actionData?.lastResult as never,
    constraint: getZodConstraint(budgetDraftFieldsSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: budgetDraftFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: defaults,
  });
  const field = (name: string) => (fields as unknown as Record<string, AnyField>)[name]!;
  return (
    <section>
      <h1>{t("budget.new")}{copyOf ? ` (#${copyOf})` : ""}</h1>
      <p><Link to="/budget">{t("budget.list")}</Link></p>
      <p>
        {t("budget.chooseBook")}{" "}
        {books.map((b) => (b === book
          ? <strong key={b}>{t(`budget.books.${b}`)} </strong>
          : <Link key={b} to={`/budget/new?book=${b}${copyOf ? `&copy=${copyOf}` : ""}`}>{t(`budget.books.${b}`)} </Link>))}
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="book" value={book} />
        <TextField meta={fields.year} label={t("budget.fields.year")} />
        <TextField meta={fields.title} label={t("budget.fields.title")} />
        <TextField meta={fields.note} label={t("budget.fields.note")} />
        <DecisionSelect
          meta={field("decisionId")} label={t("budget.fields.decisionRef")} hint={t("budget.hints.decisionRef")} decisions={decisions}
          params={actionData && "params" in actionData ? (actionData.params as Record<string, string | number> | null) : null}
          noneLabel={book === "public_revenue" ? undefined : t("spending.decision.none")}
        />
        <p className="hint">{t("budget.hints.amounts")}</p>
        <table>
          <thead><tr><th>{t("budget.fields.kind")}</th><th>{t("budget.fields.amount")}</th><th>{t("budget.fields.lineNote")}</th></tr></thead>
          <tbody>
            {kinds.map((kind) => {
              const amount = field(`line_${kind}`);
              const note = field(`note_${kind}`);
              return (
                <tr key={kind}>
                  <td><label htmlFor={amount.id}>{kindLabel(kind, en)}</label></td>
                  <td>
                    <input {...getInputProps(amount, { type: "text" })} inputMode="decimal" />
                    <FieldErrors id={amount.errorId} errors={amount.errors} />
                  </td>
                  <td><input {...getInputProps(note, { type: "text" })} aria-label={t("budget.fields.lineNote")} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="submit">{t("budget.new")}</button>
      </Form>
    </section>
  );
}
