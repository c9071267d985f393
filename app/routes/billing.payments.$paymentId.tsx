import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { unitOfSource } from "~/services/billing/reading.server";
import { getDb } from "~/services/db.server";
import { notFound, parseId, requireUser } from "~/services/request.server";

/** A payment is shown on its unit's account page; the ledger links here by payment id. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["manager", "committee", "auditor"]);
  const unitId = unitOfSource(getDb(), "payment", parseId(params.paymentId));
  if (unitId === null) throw notFound();
  throw redirect(`/billing/units/${unitId}`);
}
