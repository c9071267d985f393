import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { unitOfSource } from "~/services/billing/reading.server";
import { getDb } from "~/services/db.server";
import { notFound, parseId, requireUser } from "~/services/request.server";

/** A bill is shown on its unit's account page; the ledger links here by bill id. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["manager", "committee", "auditor"]);
  const unitId = unitOfSource(getDb(), "bill", parseId(params.billId));
  if (unitId === null) throw notFound();
  throw redirect(`/billing/units/${unitId}`);
}
