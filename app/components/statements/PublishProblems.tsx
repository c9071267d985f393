import { useTranslation } from "react-i18next";

/** One thing that blocks publication: a `publishing.errors.*` key and its params (section A's PublishProblem). */
export interface PublishProblemView {
  code: string;
  params?: Record<string, string | number>;
}

/** Everything that blocks publishing a draft, in words; says so when nothing does. */
export function PublishProblems({ problems }: { problems: readonly PublishProblemView[] }) {
  const { t } = useTranslation();
  return (
    <section className="publish-problems">
      <h2>{t("statementAdmin.draft.problems")}</h2>
      {problems.length === 0 ? (
        <p className="ok">{t("statementAdmin.draft.noProblems")}</p>
      ) : (
        <ul role="status">
          {problems.map((problem, index) => (
            <li key={`${problem.code}-${index}`}>{t(problem.code, problem.params ?? {})}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
