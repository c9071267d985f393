import { useTranslation } from "react-i18next";

/**
 * The refusals an action returned (conform's reply: form and field errors are
 * i18n keys), with the params a message names (e.g. how many have not voted).
 */
export function BallotMessages({ reply }: { reply: unknown }) {
  const { t } = useTranslation();
  const r = reply as { lastResult?: { error?: Record<string, string[] | null> | null }; params?: Record<string, string | number> | null } | undefined;
  const codes = Object.values(r?.lastResult?.error ?? {}).flatMap((list) => list ?? []);
  if (codes.length === 0) return null;
  return (
    <div className="form-errors" role="alert">
      {[...new Set(codes)].map((code) => <p key={code}>{t(code, r?.params ?? {})}</p>)}
    </div>
  );
}
