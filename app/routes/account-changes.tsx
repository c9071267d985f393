import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/DataTable";
import { formatDateTime } from "~/domain/datetime";
import { getDb } from "~/services/db.server";
import { listAccountChanges } from "~/services/users.server";
import { requireUser } from "~/services/request.server";

/** Account changes by the admin, listed for the committee and auditors (DESIGN.md §2). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["committee", "auditor", "admin"]);
  return { changes: listAccountChanges(getDb(), { limit: 200 }) };
}

type Row = Awaited<ReturnType<typeof loader>>["changes"][number];

export default function AccountChangesPage() {
  const { t, i18n } = useTranslation();
  const { changes } = useLoaderData<typeof loader>();
  const roles = (list: string[] | null) => (list ? list.map((r) => t(`roles.${r}`)).join("、") : "");
  const columns: ColumnDef<Row, unknown>[] = [
    { header: "seq", accessorKey: "seq" },
    { header: t("changes.at"), cell: ({ row }) => formatDateTime(row.original.at, i18n.language) },
    { header: t("changes.by"), accessorKey: "actorName" },
    { header: t("changes.action"), cell: ({ row }) => t(`actionNames.${row.original.action}`) },
    { header: t("changes.account"), accessorKey: "subjectName" },
    {
      header: t("changes.roles"),
      cell: ({ row }) => (row.original.rolesBefore ? `${roles(row.original.rolesBefore)} → ${roles(row.original.roles)}` : roles(row.original.roles)),
    },
  ];
  return (
    <section>
      <h1>{t("changes.title")}</h1>
      <p>{t("changes.explain")}</p>
      <DataTable data={changes} columns={columns} />
    </section>
  );
}
