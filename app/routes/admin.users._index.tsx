import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/DataTable";
import { getDb } from "~/services/db.server";
import { listUsers } from "~/services/users.server";
import { requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  return { users: listUsers(getDb()) };
}

type Row = Awaited<ReturnType<typeof loader>>["users"][number];

export default function UsersPage() {
  const { t } = useTranslation();
  const { users } = useLoaderData<typeof loader>();
  const columns: ColumnDef<Row, unknown>[] = [
    { header: t("users.login"), cell: ({ row }) => <Link to={`/admin/users/${row.original.id}`}>{row.original.login}</Link> },
    { header: t("users.displayName"), accessorKey: "displayName" },
    { header: t("users.roles"), cell: ({ row }) => row.original.roles.map((r) => t(`roles.${r}`)).join("、") + (row.original.isDirector ? ` · ${t("users.director")}` : "") },
    { header: t("users.status"), cell: ({ row }) => (row.original.disabled ? t("users.disabled") : row.original.mustChangePassword ? t("users.mustChange") : t("users.active")) },
  ];
  return (
    <section>
      <h1>{t("users.title")}</h1>
      <p><Link to="/admin/users/new">{t("users.new")}</Link></p>
      <DataTable data={users} columns={columns} />
    </section>
  );
}
