import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { VerifyForm, VerifyOutcome } from "~/components/audit/VerifyStatement";
import { verifyQuerySchema } from "~/domain/audit/export-request";
import { checkStatementHash, parseVerifyQuery } from "~/services/audit/verify-statement.server";
import { getDb } from "~/services/db.server";
import { assertSameOrigin } from "~/services/request.server";

/**
 * /verify?hash=…: anyone — logged in or not, whatever the community's
 * statementsPublic setting — may ask whether a hash is one of this
 * community's published statements and whether the audit head it recorded
 * is still in the chain. It reveals nothing else, writes nothing, and is
 * not audited (a read).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  assertSameOrigin(request);
  const db = getDb();
  const parsed = verifyQuerySchema.safeParse({ hash: new URL(request.url).searchParams.get("hash") ?? undefined });
  // Longer than any hash or address: answered as a bad input, like any text that is neither.
  const query = parsed.success ? parseVerifyQuery(db, parsed.data.hash ?? null) : { kind: "bad" as const, input: "" };
  if (query.kind !== "hash") return { input: query.kind === "bad" ? query.input : "", bad: query.kind === "bad", check: null };
  return { input: query.input, bad: false, check: checkStatementHash(db, query.hash) };
}

export const meta: MetaFunction = () => [{ title: "核验公示 Verify · 明账" }];

export default function VerifyPage() {
  const { t } = useTranslation();
  const { input, bad, check } = useLoaderData<typeof loader>();
  return (
    <section className="verify-page">
      <h1>{t("verify.title")}</h1>
      <p className="intro">{t("verify.intro")}</p>
      <VerifyForm input={input} bad={bad} />
      {check ? <VerifyOutcome check={check} /> : null}
    </section>
  );
}
