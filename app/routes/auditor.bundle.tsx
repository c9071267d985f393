import type { LoaderFunctionArgs } from "@remix-run/node";
import { bundleQuerySchema } from "~/domain/audit/export-request";
import { bundleDownload } from "~/services/audit/bundle.server";
import { getDb } from "~/services/db.server";
import { requireUser } from "~/services/request.server";

/** GET /auditor/bundle[?attachments=1]: the audit bundle as a zip, streamed as it is written. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["auditor", "committee"]);
  const query = bundleQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new Response("attachments=0|1", { status: 400 });
  const withAttachments = query.data.attachments === "1";
  const { body, filename } = bundleDownload(getDb(), { withAttachments, now: new Date() });
  return new Response(body, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
