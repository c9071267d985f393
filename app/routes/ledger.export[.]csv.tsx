import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseLedgerQuery } from "~/domain/ledger/ledger-query";
import { getDb } from "~/services/db.server";
import { ledgerCsvStream } from "~/services/ledger/queries.server";
import { requireUser } from "~/services/request.server";

/** The ledger page's filtered view (every page) as CSV, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager", "committee", "auditor"]);
  const { offset: _offset, ...filter } = parseLedgerQuery(new URL(request.url).searchParams);
  const name = `ledger-${filter.book}${filter.from ? `-${filter.from}` : ""}${filter.to ? `-${filter.to}` : ""}.csv`;
  return new Response(ledgerCsvStream(getDb(), filter), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}
