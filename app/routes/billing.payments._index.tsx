import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable, Pager } from "~/components/DataTable";
import { PAYMENT_METHODS, paymentFilterSchema } from "~/domain/billing/forms";
import { formatFen } from "~/domain/money";
import { listPayments } from "~/services/billing/payments.server";
import { buildingNames } from "~/services/billing/reading.server";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const filter = paymentFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { filter, buildings: buildingNames(getDb()), isManager: user.roles.includes("manager"), ...listPayments(getDb(), filter) };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function PaymentsPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const location = useLocation();
  const columns: ColumnDef<Row, unknown>[] = [
    { header: t("billing.receivedOn"), accessorKey: "receivedOn" },
    { header: t("billing.unit"), id: "unit", cell: ({ row }) => <Link to={`/billing/units/${row.original.unitId}`}>{row.original.building}-{row.original.number}</Link> },
    { header: t("billing.amount"), id: "amount", cell: ({ row }) => formatFen(row.original.amountFen) },
    { header: t("billing.method"), id: "method", cell: ({ row }) => t(`billing.methods.${row.original.method}`) },
    { header: t("billing.paymentReference"), accessorKey: "reference" },
  ];
  return (
    <section>
      <h1>{t("billing.payments")}</h1>
      {d.isManager ? <p><Link to="/billing/payments/new">{t("billing.newPayment")}</Link></p> : null}
      <Form method="get" className="filters">
        <label htmlFor="from">{t("billing.from")}</label> <input id="from" name="from" type="date" defaultValue={d.filter.from ?? ""} />{" "}
        <label htmlFor="to">{t("billing.to")}</label> <input id="to" name="to" type="date" defaultValue={d.filter.to ?? ""} />{" "}
        <select name="method" aria-label={t("billing.method")} defaultValue={d.filter.method ?? ""}>
          <option value="">{t("billing.allMethods")}</option>
          {PAYMENT_METHODS.map((m) => <option key={m} value={m}>{t(`billing.methods.${m}`)}</option>)}
        </select>{" "}
        <select name="building" aria-label={t("billing.building")} defaultValue={d.filter.building ?? ""}>
          <option value="">{t("billing.allBuildings")}</option>
          {d.buildings.map((b) => <option key={b} value={b}>{b}</option>)}
        </select>{" "}
        <button type="submit">{t("billing.filter")}</button>
      </Form>
      <p>{t("billing.sum", { amount: formatFen(d.sumFen) })}</p>
      <DataTable data={d.rows} columns={columns} />
      <Pager total={d.total} limit={d.limit} offset={d.offset} search={location.search} />
    </section>
  );
}
