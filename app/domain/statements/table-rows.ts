/**
 * A published statement as flat rows (DESIGN.md §8): what the CSV and XLSX
 * downloads hold, in the order the printed notice reads. Amounts stay integer
 * fen here; the downloads turn them into yuan text or numbers. Pure: the
 * words come from the caller's `t` (the statementPrint catalog) and lineLabel.
 */
import type { Book } from "../ledger/chart";
import type { CollectionRates } from "../billing/collection-rate";
import { fenToChineseCapitals } from "../chinese-capitals";
import { lineLabel } from "./lines";
import type { BookStatement, StatementPayment, StatementPeriod, StatementSnapshot } from "./snapshot";

export type Translate = (key: string, options?: Record<string, string | number>) => string;
export type Lang = "zh-CN" | "en";

export const ROW_SECTIONS = [
  "opening", "income", "income_total", "spending", "spending_total", "closing",
  "owed", "budget", "budget_period", "budget_ytd", "budget_remaining", "collection", "payment",
] as const;
export type RowSection = (typeof ROW_SECTIONS)[number];

export interface StatementTableRow {
  section: RowSection;
  book: Book | null; // null: not of one book (collection rates are of the fees, co-managed)
  lineCode: string; // an account code, a named line key, an owed item or "" for balances and totals
  lineName: string;
  amountFen: number;
}

export const OWED_ITEMS = ["arrears", "prepaid", "approved_unpaid", "remuneration_payable"] as const;
export type OwedItem = (typeof OWED_ITEMS)[number];

export function owedFen(statement: BookStatement, item: OwedItem): number {
  const owed = statement.owed;
  if (item === "arrears") return owed.arrearsFen;
  if (item === "prepaid") return owed.prepaidFen;
  if (item === "approved_unpaid") return owed.approvedUnpaidFen;
  return owed.remunerationPayableFen;
}

/** "2026年第1季度" / "Q1 2026" for a quarter, the year for annual accounts. */
export function periodName(period: StatementPeriod, t: Translate): string {
  const year = period.label.slice(0, 4);
  if (period.kind === "year") return year;
  return t("statementPrint.quarterPeriod", { year, quarter: period.label.slice(5) });
}

/** The notice's title: "XX小区 2026年第1季度 共管账户及公共收益账户收支情况公示" or "XX小区 2026年度决算公示". */
export function noticeTitle(snapshot: Pick<StatementSnapshot, "community" | "period">, t: Translate): string {
  const community = snapshot.community.name;
  if (snapshot.period.kind === "year") return t("statementPrint.annualTitle", { community, year: snapshot.period.label });
  return t("statementPrint.quarterTitle", { community, period: periodName(snapshot.period, t) });
}

/** What a payment was for: the proposal's title (and its stage), or the routine kind. */
export function paymentDescription(payment: StatementPayment, t: Translate): string {
  if (payment.source === "proposal") {
    const title = payment.proposalTitle ?? `#${payment.proposalId ?? ""}`;
    return payment.stage ? `${title}（${t(`statementPrint.stages.${payment.stage}`)}）` : title;
  }
  return payment.routineKind ? t(`budget.routineKinds.${payment.routineKind}`) : "";
}

/** One book's rows: balances, lines, totals, what is owed, the budget, the payments. */
export function bookRows(statement: BookStatement, lang: Lang, t: Translate): StatementTableRow[] {
  const book = statement.book;
  const section = (name: RowSection) => t(`statementPrint.sections.${name}`);
  const row = (s: RowSection, lineCode: string, lineName: string, amountFen: number): StatementTableRow => ({ section: s, book, lineCode, lineName, amountFen });
  const rows: StatementTableRow[] = [row("opening", "", section("opening"), statement.openingFen)];
  for (const line of statement.income) rows.push(row("income", line.key, lineLabel(line.key, lang), line.amountFen));
  rows.push(row("income_total", "", section("income_total"), statement.incomeTotalFen));
  for (const line of statement.spending) rows.push(row("spending", line.key, lineLabel(line.key, lang), line.amountFen));
  rows.push(row("spending_total", "", section("spending_total"), statement.spendingTotalFen));
  rows.push(row("closing", "", section("closing"), statement.closingFen));
  for (const item of OWED_ITEMS) rows.push(row("owed", item, t(`statementPrint.owed.${item}`), owedFen(statement, item)));
  for (const b of statement.budget.rows) {
    const name = lineLabel(b.lineKey, lang);
    rows.push(row("budget", b.kind, name, b.budgetFen));
    rows.push(row("budget_period", b.kind, name, b.periodFen));
    rows.push(row("budget_ytd", b.kind, name, b.yearToDateFen));
    rows.push(row("budget_remaining", b.kind, name, b.remainingFen));
  }
  for (const p of statement.payments) {
    const what = [p.date, paymentDescription(p, t), p.supplier ?? ""].filter((part) => part !== "").join(" · ");
    rows.push(row("payment", p.lineKey, what, p.amountFen));
  }
  return rows;
}

/** The rate as written in a row's name: "87.50%", or "—" when nothing was due. */
function rateText(percent: string | null, t: Translate): string {
  return percent === null ? t("statementPrint.collection.none") : `${percent}%`;
}

/** Collection rates 收缴率 as amounts: received and due of each definition, the rate in the name. */
export function collectionRows(collection: readonly CollectionRates[], t: Translate): StatementTableRow[] {
  return collection.flatMap((c) => {
    const defs = [
      { code: "of_quarter", name: t("statementPrint.collection.ofQuarter", { quarter: c.quarter }), rate: c.ofQuarter },
      { code: "including_arrears", name: t("statementPrint.collection.includingArrears", { quarter: c.quarter }), rate: c.includingArrears },
    ];
    return defs.flatMap((d) => {
      const name = `${d.name} ${rateText(d.rate.ratePercent, t)}`;
      return [
        { section: "collection" as const, book: null, lineCode: `${c.quarter}.${d.code}.received`, lineName: `${name} · ${t("statementPrint.collection.received")}`, amountFen: d.rate.numeratorFen },
        { section: "collection" as const, book: null, lineCode: `${c.quarter}.${d.code}.due`, lineName: `${name} · ${t("statementPrint.collection.due")}`, amountFen: d.rate.denominatorFen },
      ];
    });
  });
}

/** The whole statement: the co-managed book, the public-revenue book, then the collection rates. */
export function statementTableRows(snapshot: Pick<StatementSnapshot, "figures">, lang: Lang, t: Translate): StatementTableRow[] {
  const { books, collection } = snapshot.figures;
  return [...bookRows(books.cogoverned, lang, t), ...bookRows(books.public_revenue, lang, t), ...collectionRows(collection, t)];
}

/** statement-2026Q1-r1.csv */
export function downloadFilename(period: string, revision: number, format: "csv" | "xlsx" | "json"): string {
  return `statement-${period}-r${revision}.${format}`;
}

/** An amount in Chinese capitals for the printed notice; a negative amount (a book overdrawn) is prefixed 负. */
export function capitalsOf(fen: number): string {
  return fen < 0 ? `负${fenToChineseCapitals(-fen)}` : fenToChineseCapitals(fen);
}
