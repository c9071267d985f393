import { getFormProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormErrors } from "~/components/form";
import { BOOKS, type Book } from "~/domain/ledger/chart";
import { askFormSchema, type QuestionView } from "~/domain/statements/question-forms";
import { periodParts } from "~/domain/statements/snapshot";

/** Typed text is shown as text (React escapes it), its line breaks kept. */
const PLAIN = { whiteSpace: "pre-wrap", overflowWrap: "anywhere" } as const;

type Line = { key: string; book: Book; label: string };

/** "2026Q1" → 2026年第1季度 / Q1 2026; "2026" → 2026年度. */
export function PeriodName({ period }: { period: string }) {
  const { t } = useTranslation();
  const parts = periodParts(period);
  return <>{parts?.quarter ? t("questions.period.quarter", { year: parts.year, quarter: parts.quarter }) : t("questions.period.year", { year: period })}</>;
}

export function OverdueNotice({ count }: { count: number }) {
  const { t } = useTranslation();
  return count > 0
    ? <p className="notice danger" role="status">⚠ {t("questions.overdueCount", { count })}</p>
    : <p className="hint">{t("questions.noOverdue")}</p>;
}

/** One question and its answer; the asker is only ever "业主". */
export function QuestionItem({ question, lineLabel }: { question: QuestionView; lineLabel: string | null }) {
  const { t } = useTranslation();
  const answer = question.answer;
  const late = answer !== null && answer.answeredOn > question.dueOn;
  return (
    <article className="question" id={`question-${question.id}`}>
      <p className="facts">
        <strong>{t("questions.asker")}</strong>
        {question.mine ? <> · {t("questions.mine")}</> : null}
        {" · "}{t(`questions.books.${question.book}`)}
        {lineLabel ? <> · {lineLabel}</> : null}
        {" · "}{t("questions.askedOn")} {question.askedOn}
        {" · "}{t("questions.dueOn")} {question.dueOn}
      </p>
      <p style={PLAIN}>{question.text}</p>
      {question.overdue ? <p className="danger"><strong>⚠ {t("questions.overdue")}</strong></p> : null}
      {answer ? (
        <div className="answer">
          <p className="facts">
            <strong>{t("questions.answerBy", { role: t(`questions.roles.${answer.byRole}`) })}</strong>
            {" · "}{t("questions.answeredOn")} {answer.answeredOn}
            {late ? <> · <strong className="danger">{t("questions.late")}</strong></> : null}
          </p>
          <p style={PLAIN}>{answer.text}</p>
        </div>
      ) : question.overdue ? null : <p className="hint">{t("questions.waiting")}</p>}
    </article>
  );
}

/**
 * The ask form: POSTs to /statements/:publishedId/ask, which works without
 * JavaScript and re-renders this form with its errors on bad input.
 */
export function AskQuestionForm({ publishedId, lines, lastResult, defaultBook }: {
  publishedId: number; lines: Line[]; lastResult?: SubmissionResult<string[]> | null; defaultBook?: Book;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: `ask-${publishedId}`,
    lastResult: lastResult ?? undefined,
    constraint: getZodConstraint(askFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: askFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { book: defaultBook ?? "cogoverned", lineKey: "", text: "" },
  });
  return (
    <Form method="post" action={`/statements/${publishedId}/ask`} {...getFormProps(form)}>
      <h3>{t("questions.ask.heading")}</h3>
      <p className="hint">{t("questions.ask.intro")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor={fields.book.id}>{t("questions.ask.book")}</label>
        <select {...getSelectProps(fields.book)}>
          {BOOKS.map((book) => <option key={book} value={book}>{t(`questions.books.${book}`)}</option>)}
        </select>
        <FieldErrors id={fields.book.errorId} errors={fields.book.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.lineKey.id}>{t("questions.ask.line")}</label>
        <select {...getSelectProps(fields.lineKey)}>
          <option value="">{t("questions.wholeStatement")}</option>
          {BOOKS.map((book) => (
            <optgroup key={book} label={t(`questions.books.${book}`)}>
              {lines.filter((l) => l.book === book).map((l) => <option key={`${book}:${l.key}`} value={l.key}>{l.label}</option>)}
            </optgroup>
          ))}
        </select>
        <FieldErrors id={fields.lineKey.errorId} errors={fields.lineKey.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.text.id}>{t("questions.ask.text")}</label>
        <textarea {...getTextareaProps(fields.text, { ariaDescribedBy: `${fields.text.id}-hint` })} rows={5} />
        <p id={`${fields.text.id}-hint`} className="hint">{t("questions.ask.textHint")}</p>
        <FieldErrors id={fields.text.errorId} errors={fields.text.errors} />
      </div>
      <button type="submit">{t("questions.ask.submit")}</button>
    </Form>
  );
}

/** The questions section of a statement page (anchor #questions). */
export function StatementQuestions(props: { publishedId: number; questions: QuestionView[]; canAsk: boolean; lines: Line[]; overdueCount: number; signedIn: boolean }) {
  const { t } = useTranslation();
  const labelOf = (q: QuestionView) => (q.lineKey ? props.lines.find((l) => l.book === q.book && l.key === q.lineKey)?.label ?? q.lineKey : null);
  return (
    <section id="questions" aria-labelledby="questions-heading">
      <h2 id="questions-heading">{t("questions.heading")}</h2>
      <OverdueNotice count={props.overdueCount} />
      {!props.signedIn ? <p>{t("questions.signInToRead")}</p> : props.questions.length === 0 ? <p>{t("questions.none")}</p> : (
        <ol className="questions">
          {props.questions.map((q) => <li key={q.id}><QuestionItem question={q} lineLabel={labelOf(q)} /></li>)}
        </ol>
      )}
      {props.canAsk ? <AskQuestionForm publishedId={props.publishedId} lines={props.lines} /> : null}
    </section>
  );
}
