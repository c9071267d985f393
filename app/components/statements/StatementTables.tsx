import { useTranslation } from "react-i18next";
import { BOOKS, type Book } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { lineLabel } from "~/domain/statements/lines";
import type { BookStatement, CashLine, StatementFigures, StatementPayment } from "~/domain/statements/snapshot";
import type { Locale } from "~/i18n/locales";

type Href = (book: Book, key: string) => string | undefined;

export interface StatementTablesProps {
  figures: StatementFigures;
  lang: Locale;
  /** Where a spending line (and the line of a payment) drills down to, if anywhere. */
  lineHref?: Href;
  /** Where a payment's proposal is shown to owners, if anywhere. */
  proposalHref?: (proposalId: number) => string | undefined;
  /** Print and summary views: the payments list is left out. */
  compact?: boolean;
}

function Money({ fen }: { fen: number }) {
  return <td className="money">{formatFen(fen)}</td>;
}

function LineName({ book, line, lang, href }: { book: Book; line: CashLine; lang: Locale; href?: Href }) {
  const label = lineLabel(line.key, lang);
  const to = href?.(book, line.key);
  return <th scope="row">{to ? <a href={to}>{label}</a> : label}</th>;
}

function CashTable({ statement, lang, lineHref }: { statement: BookStatement; lang: Locale; lineHref?: Href }) {
  const { t } = useTranslation();
  const { book } = statement;
  return (
    <table className="data-table statement-cash">
      <caption>{t(`statements.books.${book}`)}</caption>
      <thead><tr><th scope="col">{t("statements.tables.line")}</th><th scope="col" className="money">{t("statements.tables.amount")}</th></tr></thead>
      <tbody>
        <tr className="statement-balance"><th scope="row">{t("statements.tables.opening")}</th><Money fen={statement.openingFen} /></tr>
        <tr className="statement-section"><th scope="rowgroup" colSpan={2}>{t("statements.tables.income")}</th></tr>
        {statement.income.length === 0 ? <tr><td colSpan={2} className="muted">{t("statements.tables.noLines")}</td></tr> : null}
        {statement.income.map((line) => <tr key={`i${line.key}`}><LineName book={book} line={line} lang={lang} /><Money fen={line.amountFen} /></tr>)}
        <tr className="statement-total"><th scope="row">{t("statements.tables.incomeTotal")}</th><Money fen={statement.incomeTotalFen} /></tr>
        <tr className="statement-section"><th scope="rowgroup" colSpan={2}>{t("statements.tables.spending")}</th></tr>
        {statement.spending.length === 0 ? <tr><td colSpan={2} className="muted">{t("statements.tables.noLines")}</td></tr> : null}
        {statement.spending.map((line) => <tr key={`s${line.key}`}><LineName book={book} line={line} lang={lang} href={lineHref} /><Money fen={line.amountFen} /></tr>)}
        <tr className="statement-total"><th scope="row">{t("statements.tables.spendingTotal")}</th><Money fen={statement.spendingTotalFen} /></tr>
        <tr className="statement-balance"><th scope="row">{t("statements.tables.closing")}</th><Money fen={statement.closingFen} /></tr>
      </tbody>
    </table>
  );
}

const OWED_KEYS = ["arrearsFen", "prepaidFen", "approvedUnpaidFen", "remunerationPayableFen"] as const;

function OwedTable({ statement }: { statement: BookStatement }) {
  const { t } = useTranslation();
  // Fees and 酬金 belong to the co-managed book; the public-revenue book can owe only approved spending.
  const rows = OWED_KEYS.filter((key) => statement.book === "cogoverned" || key === "approvedUnpaidFen" || statement.owed[key] !== 0);
  return (
    <table className="data-table">
      <caption>{t("statements.tables.owedTitle")} · {t(`statements.books.${statement.book}`)}</caption>
      <tbody>
        {rows.map((key) => <tr key={key}><th scope="row">{t(`statements.tables.owed.${key}`)}</th><Money fen={statement.owed[key]} /></tr>)}
      </tbody>
    </table>
  );
}

function BudgetTable({ statement, lang }: { statement: BookStatement; lang: Locale }) {
  const { t } = useTranslation();
  const { budget } = statement;
  const caption = `${t("statements.tables.budgetTitle")} · ${t(`statements.books.${statement.book}`)}`;
  if (budget.rows.length === 0) return <p className="muted">{caption}: {t("statements.tables.noBudget")}</p>;
  return (
    <table className="data-table">
      <caption>{caption}{budget.title ? ` · ${t("statements.tables.budgetOf", { title: budget.title })}` : ""}</caption>
      <thead><tr>
        <th scope="col">{t("statements.tables.line")}</th><th scope="col" className="money">{t("statements.tables.budget")}</th>
        <th scope="col" className="money">{t("statements.tables.period")}</th><th scope="col" className="money">{t("statements.tables.yearToDate")}</th>
        <th scope="col" className="money">{t("statements.tables.remaining")}</th>
      </tr></thead>
      <tbody>
        {budget.rows.map((row) => (
          <tr key={row.kind}>
            <th scope="row">{lineLabel(row.lineKey, lang)}</th><Money fen={row.budgetFen} /><Money fen={row.periodFen} /><Money fen={row.yearToDateFen} />
            <td className={row.remainingFen < 0 ? "money over-budget" : "money"}>{formatFen(row.remainingFen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Rate({ rate }: { rate: { numeratorFen: number; denominatorFen: number; ratePercent: string | null } }) {
  const { t } = useTranslation();
  if (rate.ratePercent === null) return <td>{t("statements.tables.noRate")}</td>;
  return (
    <td className="money">
      {rate.ratePercent}%{" "}
      <small className="muted">({t("statements.tables.rateDetail", { numerator: formatFen(rate.numeratorFen), denominator: formatFen(rate.denominatorFen) })})</small>
    </td>
  );
}

function CollectionTable({ figures }: { figures: StatementFigures }) {
  const { t } = useTranslation();
  return (
    <table className="data-table">
      <caption>{t("statements.tables.collectionTitle")}</caption>
      <thead><tr><th scope="col">{t("statements.tables.quarter")}</th><th scope="col">{t("statements.tables.ofQuarter")}</th><th scope="col">{t("statements.tables.includingArrears")}</th></tr></thead>
      <tbody>
        {figures.collection.map((c) => <tr key={c.quarter}><th scope="row">{c.quarter}</th><Rate rate={c.ofQuarter} /><Rate rate={c.includingArrears} /></tr>)}
      </tbody>
    </table>
  );
}

function PaymentPurpose({ payment, proposalHref }: { payment: StatementPayment; proposalHref?: (id: number) => string | undefined }) {
  const { t } = useTranslation();
  if (payment.source === "proposal" && payment.proposalId !== null) {
    const to = proposalHref?.(payment.proposalId);
    const title = payment.proposalTitle ?? `#${payment.proposalId}`;
    return (
      <>
        {to ? <a href={to}>{title}</a> : title}
        {payment.stage ? <small className="muted"> · {t(`statements.tables.stages.${payment.stage}`)}</small> : null}
      </>
    );
  }
  return <>{t("statements.tables.routine")}{payment.routineKind ? ` · ${t(`budget.routineKinds.${payment.routineKind}`, { defaultValue: payment.routineKind })}` : ""}</>;
}

export function PaymentsTable({ statement, lang, lineHref, proposalHref, caption }: { statement: Pick<BookStatement, "book" | "payments">; lang: Locale; lineHref?: Href; proposalHref?: (id: number) => string | undefined; caption?: string }) {
  const { t } = useTranslation();
  const title = caption ?? `${t("statements.tables.paymentsTitle")} · ${t(`statements.books.${statement.book}`)}`;
  if (statement.payments.length === 0) return <p className="muted">{title}: {t("statements.tables.noPayments")}</p>;
  return (
    <table className="data-table statement-payments">
      <caption>{title}</caption>
      <thead><tr>
        <th scope="col">{t("statements.tables.date")}</th><th scope="col">{t("statements.tables.line")}</th><th scope="col">{t("statements.tables.purpose")}</th>
        <th scope="col">{t("statements.tables.supplier")}</th><th scope="col">{t("statements.tables.approvedOn")}</th><th scope="col">{t("statements.tables.decision")}</th>
        <th scope="col" className="money">{t("statements.tables.amount")}</th>
      </tr></thead>
      <tbody>
        {statement.payments.map((p) => {
          const to = lineHref?.(statement.book, p.lineKey);
          const label = lineLabel(p.lineKey, lang);
          return (
            <tr key={p.entryId}>
              <td>{p.date}</td><td>{to ? <a href={to}>{label}</a> : label}</td><td><PaymentPurpose payment={p} proposalHref={proposalHref} /></td>
              <td>{p.supplier ?? "—"}</td><td>{p.approvedOn ?? "—"}</td><td>{p.decisionRef ?? "—"}</td><Money fen={p.amountFen} />
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Both books of a statement: cash tables, owed at end, budget against actual, collection rates and the payments. */
export function StatementTables({ figures, lang, lineHref, proposalHref, compact }: StatementTablesProps) {
  return (
    <div className="statement-tables">
      <div className="statement-books">
        {BOOKS.map((book) => <CashTable key={book} statement={figures.books[book]} lang={lang} lineHref={lineHref} />)}
      </div>
      <div className="statement-books">
        {BOOKS.map((book) => <OwedTable key={book} statement={figures.books[book]} />)}
      </div>
      {BOOKS.map((book) => <BudgetTable key={book} statement={figures.books[book]} lang={lang} />)}
      <CollectionTable figures={figures} />
      {compact ? null : BOOKS.map((book) => <PaymentsTable key={book} statement={figures.books[book]} lang={lang} lineHref={lineHref} proposalHref={proposalHref} />)}
    </div>
  );
}
