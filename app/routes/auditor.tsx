import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, NavLink, useActionData, useLoaderData, useOutlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChainHead } from "~/components/ChainHead";
import { AuditorHome } from "~/components/audit/AuditorHome";
import { chainHead } from "~/services/audit.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";

/**
 * The auditor's workspace (/auditor) and the layout of its pages
 * (/auditor/trail, /auditor/exports): the chain head on every page, the
 * workspace's links, and on the home page the "verify now" button and the
 * command-line equivalents. The event count is the head's seq (the chain
 * is numbered 1..n without gaps), never a COUNT over a million rows.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["auditor", "committee"]);
  const head = chainHead(getDb());
  return { head, count: head?.seq ?? 0 };
}

/** Runs the same verification as `npm run audit:verify` on the live database. */
export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, ["auditor", "committee"]);
  return verifyDatabase(getDb());
}

export default function AuditorWorkspace() {
  const { t } = useTranslation();
  const { head, count } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const outlet = useOutlet();
  return (
    <section className="auditor-workspace">
      <h1>{outlet ? <Link to="/auditor">{t("trail.home.title")}</Link> : t("trail.home.title")}</h1>
      <ChainHead head={head} count={count} />
      <nav className="workspace-nav" aria-label={t("trail.home.title")}>
        <NavLink to="/auditor/trail">{t("trail.home.trail")}</NavLink>{" · "}
        <NavLink to="/auditor/exports">{t("trail.home.exports")}</NavLink>{" · "}
        <a href="/auditor/bundle" download>{t("trail.home.bundle")}</a>{" · "}
        <a href="/verify">{t("trail.home.verifyPage")}</a>
      </nav>
      {outlet ?? (
        <>
          <Form method="post">
            <button type="submit">{t("audit.verify")}</button>
          </Form>
          {result ? (
            <p role="status" className={result.ok ? "notice" : "form-errors"}>
              {result.ok
                ? t("audit.intact", { events: result.eventCount, rows: result.rowCount, seq: result.head?.seq ?? 0 })
                : t("audit.broken", { seq: result.problem.seq ?? "?", detail: result.problem.detail })}
            </p>
          ) : null}
          <AuditorHome />
        </>
      )}
    </section>
  );
}
