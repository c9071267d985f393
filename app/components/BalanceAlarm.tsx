import { useTranslation } from "react-i18next";
import { formatFen } from "~/domain/money";

export interface FailingAssertion {
  id: number;
  book: string;
  asOf: string;
  expectedFen: number;
  ledgerFen: number;
  differenceFen: number;
}

const ALARM_STYLE = { color: "#8a1010", background: "#fdecea", border: "2px solid #c62828", borderRadius: "4px", padding: "0.5rem 1rem", margin: "1rem 0" } as const;

/**
 * The red alarm shown when the ledger's bank balance disagrees with the
 * bank's own figure (from `failingAssertions(db)` in services/bank).
 * Renders nothing when every balance check agrees.
 */
export function BalanceAlarm({ failing }: { failing: readonly FailingAssertion[] }) {
  const { t } = useTranslation();
  if (failing.length === 0) return null;
  return (
    <div role="alert" className="alarm balance-alarm" style={ALARM_STYLE}>
      <strong>{t("bank.alarm.title")}</strong>
      <ul>
        {failing.map((a) => (
          <li key={a.id}>
            {t("bank.alarm.line", {
              book: t(`bank.books.${a.book}`), date: a.asOf, bank: formatFen(a.expectedFen), ledger: formatFen(a.ledgerFen), diff: formatFen(a.differenceFen),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
