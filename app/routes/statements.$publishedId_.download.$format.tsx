import type { LoaderFunctionArgs } from "@remix-run/node";
import { DOWNLOAD_FORMATS, contentDisposition, statementDownload, type DownloadFormat } from "~/services/statements/downloads.server";
import { getDb } from "~/services/db.server";
import { getPublished } from "~/services/statements/published.server";
import { statementReader } from "~/services/statements/access.server";
import { getLocale, notFound, parseId } from "~/services/request.server";

/** A published statement as CSV or XLSX: /statements/:publishedId/download/csv|xlsx. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await statementReader(request);
  const id = parseId(params.publishedId);
  const format = DOWNLOAD_FORMATS.find((f) => f === params.format);
  if (!format) throw notFound();
  const published = getPublished(getDb(), id);
  if (!published) throw notFound();
  const lang = await getLocale(request);
  // A published revision never changes: its hash, the format and the language name the bytes.
  const etag = `"${published.row.hash.slice(0, 32)}-${format}-${lang}"`;
  const headers: Record<string, string> = { ETag: etag, "Cache-Control": user ? "private, no-cache" : "public, max-age=300", Vary: "Cookie" };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  const download = await statementDownload(published, format satisfies DownloadFormat, lang);
  return new Response(download.body, {
    headers: { ...headers, "Content-Type": download.contentType, "Content-Disposition": contentDisposition(download.filename), "X-Content-Type-Options": "nosniff" },
  });
}
