import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatArea } from "~/domain/area";
import { getCommunity } from "~/services/community.server";
import { getDb } from "~/services/db.server";
import { registerSummary } from "~/services/units.server";
import { countUsers } from "~/services/users.server";
import { requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  const db = getDb();
  const summary = registerSummary(db);
  return {
    community: getCommunity(db),
    userCount: countUsers(db),
    ownerCount: summary.ownerCount,
    buildings: summary.buildings.map((b) => ({ ...b, area: formatArea(b.areaCentiM2) })),
  };
}

export default function AdminHome() {
  const { t } = useTranslation();
  const { community, userCount, ownerCount, buildings } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("admin.title")}</h1>
      {community ? (
        <dl className="facts">
          <dt>{t("community.name")}</dt><dd>{community.name}</dd>
          <dt>{t("community.address")}</dt><dd>{community.address}</dd>
          <dt>{t("community.billingPeriod")}</dt><dd>{t(`billingPeriods.${community.settings.billingPeriod}`)}</dd>
          <dt>{t("community.postingMinDays")}</dt><dd>{community.settings.postingMinDays}</dd>
        </dl>
      ) : (
        <p className="notice">{t("admin.noCommunity")}</p>
      )}
      <p><Link to="/admin/community">{community ? t("admin.editCommunity") : t("admin.setUpCommunity")}</Link></p>
      <h2>{t("admin.register")}</h2>
      <p>{t("admin.counts", { users: userCount, owners: ownerCount })}</p>
      <table className="data-table">
        <thead><tr><th scope="col">{t("units.building")}</th><th scope="col">{t("admin.unitCount")}</th><th scope="col">{t("admin.totalArea")}</th></tr></thead>
        <tbody>
          {buildings.map((b) => (
            <tr key={b.building}><td><Link to={`/admin/units?building=${encodeURIComponent(b.building)}`}>{b.building}</Link></td><td>{b.unitCount}</td><td>{b.area}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
