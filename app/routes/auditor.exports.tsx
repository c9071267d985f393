import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ExportForm } from "~/components/audit/ExportForm";
import { EXPORT_KINDS } from "~/services/audit/export.server";
import { requireUser } from "~/services/request.server";

/** The auditors' exports: the audit chain, the ledger and the published statements, each with its formats. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["auditor", "committee"]);
  return {
    kinds: Object.entries(EXPORT_KINDS).map(([kind, formats]) => ({
      kind, formats: [...formats] as string[],
      command: `npm run export -- ${kind} --format ${formats.join("|")} --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]`,
    })),
  };
}

export default function AuditorExports() {
  const { t } = useTranslation();
  const { kinds } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("exports.title")}</h1>
      <p>{t("exports.intro")}</p>
      {kinds.map((k) => <ExportForm key={k.kind} kind={k.kind} formats={k.formats} command={k.command} />)}
    </section>
  );
}
