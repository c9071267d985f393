import { useTranslation } from "react-i18next";

/** What an action sent back: conform's reply and the params a service's refusal names. */
export interface DraftReply {
  lastResult?: { initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> | null } | null;
  params?: Record<string, string | number> | null;
}

/** The reply's messages for these fields ("" = the whole form), interpolated with the refusal's params. */
export function replyMessages(reply: DraftReply | undefined, fields: readonly string[]): string[] {
  const errors = reply?.lastResult?.error ?? {};
  return fields.flatMap((field) => errors[field] ?? []);
}

/**
 * Splits a reply: the services' refusals (any `publishing.*` code, which may
 * carry params) are shown together above the form with their params; what
 * is left (the schema's field errors) goes to conform for the fields.
 */
export function splitReply(reply: DraftReply | undefined): { lastResult: DraftReply["lastResult"]; refusals: string[] } {
  const errors = reply?.lastResult?.error;
  if (!reply?.lastResult || !errors) return { lastResult: reply?.lastResult, refusals: [] };
  const refusals: string[] = [];
  const kept: Record<string, string[] | null> = {};
  for (const [field, codes] of Object.entries(errors)) {
    const own = (codes ?? []).filter((code) => (code.startsWith("publishing.") ? (refusals.push(code), false) : true));
    kept[field] = own.length > 0 ? own : null;
  }
  return { lastResult: { ...reply.lastResult, error: kept }, refusals };
}

/** The intent a reply answers, so each form of a page shows only its own errors. */
export function replyIntent(reply: DraftReply | undefined): string | null {
  const intent = reply?.lastResult?.initialValue?.intent;
  return typeof intent === "string" ? intent : null;
}

/** Error codes (i18n keys) in words, with the refusal's params (a number of days, a count of lines). */
export function DraftMessages({ codes, params, id }: { codes: readonly string[]; params?: Record<string, string | number> | null; id?: string }) {
  const { t } = useTranslation();
  if (codes.length === 0) return null;
  return (
    <div id={id} className="form-errors" role="alert">
      {[...new Set(codes)].map((code) => <p key={code}>{t(code, params ?? {})}</p>)}
    </div>
  );
}
