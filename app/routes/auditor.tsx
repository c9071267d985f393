import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChainHead } from "~/components/ChainHead";
import { chainHead, eventCount } from "~/services/audit.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["auditor", "committee"]);
  const db = getDb();
  return { head: chainHead(db), count: eventCount(db) };
}

/** Runs the same verification as `npm run audit:verify` on the live database. */
export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, ["auditor", "committee"]);
  return verifyDatabase(getDb());
}

export default function AuditorHome() {
  const { t } = useTranslation();
  const { head, count } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section>
      <h1>{t("audit.title")}</h1>
      <ChainHead head={head} count={count} />
      <p>{t("audit.cli")} <code>npm run audit:verify</code></p>
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
    </section>
  );
}
