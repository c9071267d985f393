import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PeriodName } from "~/components/statements/Questions";
import { shanghaiDate } from "~/domain/calendar";
import { BOOKS } from "~/domain/ledger/chart";
import { QUESTION_STATES, questionFilterSchema } from "~/domain/statements/question-forms";
import { getDb } from "~/services/db.server";
import { getLocale, requireUser } from "~/services/request.server";
import { listQuestions, QUESTION_STAFF } from "~/services/statements/questions.server";

const EXCERPT = 60;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, QUESTION_STAFF);
  const filter = questionFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const questions = listQuestions(getDb(), filter, user, shanghaiDate(new Date()), await getLocale(request));
  return { filter, questions };
}

function excerpt(text: string): string {
  const chars = [...text];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join("")}…` : text;
}

export default function QuestionsPage() {
  const { t } = useTranslation();
  const { filter, questions } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("questions.list.heading")}</h1>
      <Form method="get" className="filters">
        <label>
          {t("questions.list.state")}{" "}
          <select name="state" defaultValue={filter.state ?? ""}>
            <option value="">{t("questions.list.all")}</option>
            {QUESTION_STATES.map((s) => <option key={s} value={s}>{t(`questions.states.${s}`)}</option>)}
          </select>
        </label>{" "}
        <label>
          {t("questions.list.book")}{" "}
          <select name="book" defaultValue={filter.book ?? ""}>
            <option value="">{t("questions.list.all")}</option>
            {BOOKS.map((b) => <option key={b} value={b}>{t(`questions.books.${b}`)}</option>)}
          </select>
        </label>{" "}
        <button type="submit">{t("questions.list.filter")}</button>
      </Form>
      {questions.length === 0 ? <p>{t("questions.none")}</p> : (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t("questions.list.state")}</th><th>{t("questions.list.period")}</th><th>{t("questions.list.book")}</th>
              <th>{t("questions.list.line")}</th><th>{t("questions.list.question")}</th><th>{t("questions.askedOn")}</th>
              <th>{t("questions.dueOn")}</th><th>{t("questions.list.age")}</th><th />
            </tr>
          </thead>
          <tbody>
            {questions.map((q) => (
              <tr key={q.id}>
                <td>
                  {q.state === "overdue" ? <strong className="danger">⚠ {t("questions.states.overdue")}</strong> : t(`questions.states.${q.state}`)}
                  {q.late ? <> · {t("questions.late")}</> : null}
                </td>
                <td><Link to={`/statements/${q.publishedId}#questions`}><PeriodName period={q.period} /></Link></td>
                <td>{t(`questions.books.${q.book}`)}</td>
                <td>{q.lineLabel ?? t("questions.wholeStatement")}</td>
                <td>{excerpt(q.text)}</td>
                <td>{q.askedOn}</td>
                <td>{q.dueOn}</td>
                <td>{t("questions.list.days", { count: q.ageDays })}</td>
                <td><Link to={`/questions/${q.id}`}>{t("questions.list.detail")}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
