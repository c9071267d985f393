import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatArea } from "~/domain/area";
import { getCommunity } from "~/services/community.server";
import { getDb } from "~/services/db.server";
import { registerSummary } from "~/services/units.server";
import { requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  const db = getDb();
  const summary = registerSummary(db);
  return {
    community: getCommunity(db),
    unitCount: summary.buildings.reduce((n, b) => n + b.unitCount, 0),
    totalArea: formatArea(summary.buildings.reduce((sum, b) => sum + b.areaCentiM2, 0)),
    ownerCount: summary.ownerCount,
  };
}

export default function ManagerHome() {
  const { t } = useTranslation();
  const { community, unitCount, totalArea, ownerCount } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("manager.title")}</h1>
      {community ? <p>{community.name} · {community.address}</p> : null}
      <dl className="facts">
        <dt>{t("admin.unitCount")}</dt><dd>{unitCount}</dd>
        <dt>{t("admin.totalArea")}</dt><dd>{totalArea} m²</dd>
        <dt>{t("nav.owners")}</dt><dd>{ownerCount}</dd>
      </dl>
      <p><Link to="/register">{t("nav.register")}</Link></p>
    </section>
  );
}
