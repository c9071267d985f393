import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/form";
import { periodName } from "~/components/statements/RevisionList";
import { formatDateTime } from "~/domain/datetime";

/** What checkStatementHash answers (app/services/audit/verify-statement.server.ts), as the page receives it. */
export type VerifyCheck =
  | { found: false }
  | { found: true; period: string; revision: number; publishedAt: string; latest: boolean; publishedId: number; headInChain: boolean; head: { seq: number; hash: string } };

/** A plain GET form: works without JavaScript, and its address can be printed as a QR code. */
export function VerifyForm({ input, bad }: { input: string; bad: boolean }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="verify-form">
      <div className="field">
        <label htmlFor="verify-hash">{t("verify.label")}</label>
        <input
          id="verify-hash" name="hash" type="text" defaultValue={input} autoComplete="off" spellCheck={false}
          className="hash" size={70} aria-describedby={bad ? "verify-hash-hint verify-hash-error" : "verify-hash-hint"} aria-invalid={bad || undefined}
        />
        <p id="verify-hash-hint" className="hint">{t("verify.hint")}</p>
        {bad ? <FieldErrors id="verify-hash-error" errors={["verify.errors.badHash"]} /> : null}
      </div>
      <button type="submit">{t("verify.submit")}</button>
    </Form>
  );
}

/** Found (which period and revision, and whether its recorded audit head is still in the chain) or not found, nothing more. */
export function VerifyOutcome({ check }: { check: VerifyCheck }) {
  const { t, i18n } = useTranslation();
  if (!check.found) return <p role="status" className="form-errors" data-testid="verify-not-found">{t("verify.notFound")}</p>;
  const head = { seq: check.head.seq, hash: check.head.hash };
  return (
    <div role="status" className="verify-result" data-testid="verify-found">
      <p className="notice">
        {t("verify.found", {
          period: periodName(t, check.period),
          revision: check.revision,
          which: t(check.latest ? "verify.latest" : "verify.superseded"),
          publishedAt: formatDateTime(check.publishedAt, i18n.language),
        })}{" "}
        <a href={`/statements/${check.publishedId}`}>{t("verify.open")}</a>
      </p>
      {check.headInChain
        ? <p className="notice" data-testid="verify-head-ok">{t("verify.headOk", head)}</p>
        : <p className="form-errors" role="alert" data-testid="verify-head-missing">{t("verify.headMissing", head)}</p>}
      <p className="hint">{t("verify.whole")} <code>npm run audit:verify -- --file events.jsonl --head {check.head.seq}:{check.head.hash}</code></p>
    </div>
  );
}
