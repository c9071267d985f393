import { useTranslation } from "react-i18next";

/** The audit chain's head: what a printed notice or an auditor's note would cite. */
export function ChainHead({ head, count }: { head: { seq: number; hash: string } | null; count: number }) {
  const { t } = useTranslation();
  return (
    <dl className="facts chain-head">
      <dt>{t("audit.events")}</dt><dd>{count}</dd>
      <dt>{t("audit.head")}</dt>
      <dd>{head ? <><span>seq {head.seq}</span> <code className="hash">{head.hash}</code></> : "—"}</dd>
    </dl>
  );
}
