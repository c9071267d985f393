import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TrailFilters } from "~/components/audit/TrailFilters";
import { TrailPager, TrailTable } from "~/components/audit/TrailTable";
import { TEXT_SCAN_WINDOW, trailSearch } from "~/domain/audit/trail-query";
import { trailView } from "~/services/audit/trail.server";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";

/**
 * /auditor/trail: the audit events, filtered and paged on the server
 * (filters in the URL; GET form; keyset cursors `before`/`after`).
 * The chain head is shown by the /auditor layout above this page.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["auditor", "committee"]);
  const view = trailView(getDb(), new URL(request.url).searchParams, user.roles);
  return data(view, { status: view.errors ? 400 : 200 });
}

export default function AuditTrail() {
  const { t } = useTranslation();
  const { values, errors, page, actors, actions } = useLoaderData<typeof loader>();
  const search = (cursor: { before?: number; after?: number }) => trailSearch(values, cursor);
  return (
    <section className="audit-trail">
      <h2>{t("trail.title")}</h2>
      <p>{t("trail.explain")}</p>
      <TrailFilters values={values} errors={errors} actors={actors} actions={actions} />
      {page.limited ? <p role="status" className="notice">{t("trail.limited", { window: TEXT_SCAN_WINDOW })}</p> : null}
      {page.rows.length === 0 ? <p>{t("trail.empty")}</p> : <TrailTable rows={page.rows} />}
      <TrailPager older={page.older} newer={page.newer} search={search} />
    </section>
  );
}
