import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatArea } from "~/domain/area";
import { getDb } from "~/services/db.server";
import { getOwner } from "~/services/owners.server";
import { requireUser } from "~/services/request.server";

/** An owner sees their own record and units, and nobody else's (DESIGN.md §2). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["owner"]);
  const found = user.ownerId ? getOwner(getDb(), user.ownerId) : null;
  return {
    owner: found ? { name: found.owner.name, phone: found.owner.phone, kind: found.owner.kind } : null,
    units: (found?.units ?? []).map((u) => ({ id: u.id, building: u.building, number: u.number, kind: u.kind, area: formatArea(u.areaCentiM2) })),
    totalArea: formatArea((found?.units ?? []).reduce((sum, u) => sum + u.areaCentiM2, 0)),
  };
}

export default function OwnerHome() {
  const { t } = useTranslation();
  const { owner, units, totalArea } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("me.title")}</h1>
      {owner ? (
        <dl className="facts">
          <dt>{t("owners.name")}</dt><dd>{owner.name}</dd>
          <dt>{t("owners.phone")}</dt><dd>{owner.phone || "—"}</dd>
          <dt>{t("me.totalArea")}</dt><dd>{totalArea} m²</dd>
        </dl>
      ) : <p className="notice">{t("me.noOwner")}</p>}
      <h2>{t("me.units")}</h2>
      <table className="data-table">
        <thead><tr><th scope="col">{t("units.building")}</th><th scope="col">{t("units.number")}</th><th scope="col">{t("units.area")}</th><th scope="col">{t("units.kind")}</th></tr></thead>
        <tbody>
          {units.map((u) => <tr key={u.id}><td>{u.building}</td><td>{u.number}</td><td>{u.area}</td><td>{t(`unitKinds.${u.kind}`)}</td></tr>)}
        </tbody>
      </table>
    </section>
  );
}
