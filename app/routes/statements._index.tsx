import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RevisionList } from "~/components/statements/RevisionList";
import { getDb } from "~/services/db.server";
import { statementReader } from "~/services/statements/access.server";
import { publishedIndex } from "~/services/statements/portal.server";

/** Published statements for everyone allowed to read them (a community setting decides whether visitors may). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await statementReader(request);
  const roles = user?.roles ?? [];
  return {
    ...publishedIndex(getDb()),
    isOwner: roles.includes("owner"),
    isStaff: roles.some((r) => r === "manager" || r === "committee" || r === "auditor"),
  };
}

export default function StatementsIndex() {
  const { t } = useTranslation();
  const { quarters, years, isOwner, isStaff } = useLoaderData<typeof loader>();
  return (
    <section className="statements-portal">
      <h1>{t("statements.title")}</h1>
      <p className="intro">{t("statements.intro")}</p>
      {isOwner || isStaff ? (
        <p className="actions">
          {isOwner ? <a href="/me">{t("statements.myBills")}</a> : null}
          {isOwner && isStaff ? " · " : null}
          {isStaff ? <a href="/statements/drafts">{t("statements.drafts")}</a> : null}
        </p>
      ) : null}
      <h2>{t("statements.quarters")}</h2>
      {quarters.length === 0 ? <p className="muted">{t("statements.none")}</p> : <RevisionList entries={quarters} />}
      {years.length > 0 ? (
        <>
          <h2>{t("statements.years")}</h2>
          <RevisionList entries={years} />
        </>
      ) : null}
    </section>
  );
}
