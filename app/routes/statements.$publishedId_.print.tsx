import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PrintNotice } from "~/components/statements/PrintNotice";
import { getDb } from "~/services/db.server";
import { getLocale, notFound, parseId } from "~/services/request.server";
import { statementReader } from "~/services/statements/access.server";
import { getPublished } from "~/services/statements/published.server";
import { qrSvg, statementUrl } from "~/services/statements/qr.server";

/** The printable A4 notice of a published statement: /statements/:publishedId/print. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await statementReader(request);
  const id = parseId(params.publishedId);
  const published = getPublished(getDb(), id);
  if (!published) throw notFound();
  const onlineUrl = statementUrl(id, request.url);
  return {
    id,
    snapshot: published.snapshot,
    hash: published.row.hash,
    revision: published.row.revision,
    latest: published.latest,
    onlineUrl,
    qrSvg: await qrSvg(onlineUrl),
    lang: await getLocale(request),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.snapshot.community.name} ${data.snapshot.period.label} r${data.revision} · 明账` : "明账 Mingzhang" },
];

export default function StatementPrint() {
  const { id, snapshot, hash, revision, latest, onlineUrl, qrSvg: svg, lang } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <div className="print-toolbar">
        <button type="button" onClick={() => window.print()}>{t("statementPrint.print")}</button>
        <span className="hint">{t("statementPrint.printHint")}</span>
        <a href={`/statements/${id}`}>{t("statementPrint.backToStatement")}</a>
        <a href={`/statements/${id}/download/csv`} download>{t("statementPrint.downloadCsv")}</a>
        <a href={`/statements/${id}/download/xlsx`} download>{t("statementPrint.downloadXlsx")}</a>
      </div>
      <PrintNotice snapshot={snapshot} hash={hash} revision={revision} latest={latest} onlineUrl={onlineUrl} qrSvg={svg} lang={lang} />
    </>
  );
}
