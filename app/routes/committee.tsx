import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChainHead } from "~/components/ChainHead";
import { chainHead, eventCount } from "~/services/audit.server";
import { getDb } from "~/services/db.server";
import { listAccountChanges, listUsers } from "~/services/users.server";
import { requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["committee"]);
  const db = getDb();
  const members = listUsers(db).filter((u) => u.roles.includes("committee") && !u.disabled).map((u) => ({ id: u.id, displayName: u.displayName, isDirector: u.isDirector }));
  return { members, head: chainHead(db), count: eventCount(db), recentChanges: listAccountChanges(db, { limit: 5 }).length };
}

export default function CommitteeHome() {
  const { t } = useTranslation();
  const { members, head, count, recentChanges } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("committee.title")}</h1>
      <h2>{t("committee.members")}</h2>
      <ul>{members.map((m) => <li key={m.id}>{m.displayName}{m.isDirector ? ` · ${t("users.director")}` : ""}</li>)}</ul>
      <p><Link to="/account-changes">{t("nav.accountChanges")}</Link>{recentChanges > 0 ? ` (${t("committee.recent", { count: recentChanges })})` : ""}</p>
      <p><Link to="/register">{t("nav.register")}</Link></p>
      <h2>{t("audit.title")}</h2>
      <ChainHead head={head} count={count} />
    </section>
  );
}
