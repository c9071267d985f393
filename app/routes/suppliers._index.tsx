import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable, Pager } from "~/components/DataTable";
import { hasAnyRole } from "~/domain/roles";
import { SUPPLIER_STATUS_FILTERS, supplierListQuerySchema } from "~/domain/spending/supplier-forms";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";
import { listSuppliers } from "~/services/spending/suppliers.server";

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const query = supplierListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const active = query.status === "all" ? undefined : query.status === "active";
  const { rows, total } = listSuppliers(getDb(), { q: query.q, active, offset: query.offset, limit: PAGE });
  return { rows, total, query, canCreate: hasAnyRole(user.roles, ["manager"]) };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

export default function SuppliersPage() {
  const { t } = useTranslation();
  const { rows, total, query, canCreate } = useLoaderData<typeof loader>();
  const location = useLocation();
  const columns: ColumnDef<Row, unknown>[] = [
    { header: t("suppliers.fields.name"), cell: ({ row }) => <Link to={`/suppliers/${row.original.id}`}>{row.original.name}</Link> },
    { header: t("suppliers.fields.kind"), cell: ({ row }) => t(`suppliers.kinds.${row.original.kind}`) },
    { header: t("suppliers.fields.code"), cell: ({ row }) => <code>{row.original.code}</code> },
    { header: t("suppliers.fields.relatedToCompany"), cell: ({ row }) => (row.original.relatedToCompany ? t("suppliers.yes") : t("suppliers.no")) },
    { header: t("suppliers.fields.active"), cell: ({ row }) => (row.original.active ? t("suppliers.active") : t("suppliers.inactive")) },
  ];
  return (
    <section>
      <h1>{t("suppliers.title")}</h1>
      <p>
        {canCreate ? <><Link to="/suppliers/new">{t("suppliers.new")}</Link> · </> : null}
        <Link to="/related-parties">{t("suppliers.relations.title")}</Link>
      </p>
      <Form method="get" className="filters">
        <label>{t("actions.search")} <input name="q" defaultValue={query.q ?? ""} placeholder={t("suppliers.search")} /></label>
        <label>{t("suppliers.filter.label")}{" "}
          <select name="status" defaultValue={query.status}>
            {SUPPLIER_STATUS_FILTERS.map((s) => <option key={s} value={s}>{t(`suppliers.filter.${s}`)}</option>)}
          </select>
        </label>
        <button type="submit">{t("actions.search")}</button>
      </Form>
      {rows.length === 0 ? <p>{t("suppliers.none")}</p> : <DataTable data={rows} columns={columns} />}
      <Pager total={total} limit={PAGE} offset={query.offset} search={location.search} />
    </section>
  );
}
