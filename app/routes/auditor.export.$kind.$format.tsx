import type { LoaderFunctionArgs } from "@remix-run/node";
import { shanghaiDate } from "~/domain/calendar";
import { createI18n } from "~/i18n/i18n";
import { exportDownload, parseExportRequest } from "~/services/audit/export.server";
import { getDb } from "~/services/db.server";
import { getLocale, notFound, requireUser } from "~/services/request.server";
import { contentDisposition } from "~/services/statements/downloads.server";

/**
 * GET /auditor/export/:kind/:format?from=&to= — the audit chain, the ledger
 * or the published statements as a file, streamed while it is written.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["auditor", "committee"]);
  const parsed = parseExportRequest(params.kind, params.format, new URL(request.url).searchParams);
  if (!parsed) throw notFound();
  const lang = await getLocale(request);
  if (!parsed.ok) return refusal(createI18n(lang).t(parsed.code), createI18n(lang).t("exports.back"), lang);
  const download = exportDownload(getDb(), parsed.request, { lang, today: shanghaiDate(new Date()) });
  return new Response(download.body, {
    headers: {
      "Content-Type": download.contentType,
      "Content-Disposition": contentDisposition(download.filename),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A bad date: a small page in the person's language, with the way back (the form is a plain GET). */
function refusal(message: string, back: string, lang: string): Response {
  const html = `<!doctype html><html lang="${escape(lang)}"><meta charset="utf-8"><title>${escape(message)}</title>`
    + `<p role="alert">${escape(message)}</p><p><a href="/auditor/exports">${escape(back)}</a></p></html>`;
  return new Response(html, { status: 400, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
