import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition, downloadFilename } from "~/domain/attachments";
import { attachmentDownload } from "~/services/attachments.server";
import { getDb } from "~/services/db.server";
import { notFound, parseId, requireUser } from "~/services/request.server";
import { statementReader } from "~/services/statements/access.server";
import { isBoardPhoto } from "~/services/statements/board.server";

/**
 * Evidence files, always as a download with the stored type under a
 * generated name, never sniffed or rendered inline. Staff read them all; a
 * photo of where a statement was posted is readable by whoever may read the
 * statement.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parseId(params.attachmentId);
  if (isBoardPhoto(getDb(), id)) await statementReader(request);
  else await requireUser(request, ["manager", "committee", "auditor"]);
  const found = await attachmentDownload(getDb(), id);
  if (!found) throw notFound();
  return new Response(new Uint8Array(found.bytes), {
    headers: {
      "Content-Type": found.row.mime,
      "Content-Length": String(found.bytes.length),
      // Saved under a name the app makes: the uploader's name never reaches the file system.
      "Content-Disposition": contentDisposition(downloadFilename(found.row.id, found.row.mime)),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
