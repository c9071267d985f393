import { useTranslation } from "react-i18next";
import type { ProposalStatus as Status } from "~/domain/spending/proposal-states";

/** The status as words (never colour only). */
export function ProposalStatus({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <span className={`status status-${status}`}>{t(`spending.statuses.${status}`)}</span>;
}
