/**
 * The statement of one book on a cash basis (DESIGN.md §8), from ledger data
 * already summed by the database: pure arithmetic in integer fen. The
 * closing balance is computed from the lines and must equal the bank
 * balance the ledger shows — a difference means a line was lost, and the
 * statement is refused rather than published wrong.
 */
import type { Book } from "../ledger/chart";
import type { CollectionRates } from "../billing/collection-rate";
import { budgetLineKey, cashLineOf, compareLineKeys } from "./lines";
import type { BookStatement, BudgetRow, CashLine, OwedAtEnd, StatementFigures, StatementPayment, StatementPeriod } from "./snapshot";

/** A counter-account of bank movements: the sum of its per-entry nets of one direction (debit positive). */
export interface CashRow {
  accountCode: string;
  netFen: number;
}

export interface BookInputs {
  book: Book;
  openingFen: number; // 1002 at the end of the day before the period
  bankAtEndFen: number; // 1002 at the end of the period
  periodRows: readonly CashRow[];
  yearToDateRows: readonly CashRow[];
  owed: OwedAtEnd;
  budget: { budgetId: number | null; title: string | null; lines: readonly { kind: string; amountFen: number }[] };
  payments: readonly StatementPayment[];
}

export class StatementImbalance extends Error {
  constructor(readonly book: Book, readonly computedFen: number, readonly bankFen: number) {
    super(`${book}: opening + income − spending = ${computedFen}, bank = ${bankFen}`);
    this.name = "StatementImbalance";
  }
}

function sortedLines(byKey: Map<string, number>): CashLine[] {
  return [...byKey].filter(([, fen]) => fen !== 0).sort(([a], [b]) => compareLineKeys(a, b)).map(([key, amountFen]) => ({ key, amountFen }));
}

/** Income and spending lines from the counter-accounts of bank movements. */
export function cashLines(rows: readonly CashRow[]): { income: CashLine[]; spending: CashLine[] } {
  const income = new Map<string, number>();
  const spending = new Map<string, number>();
  for (const row of rows) {
    const { section, key } = cashLineOf(row.accountCode, row.netFen);
    if (section === "income") income.set(key, (income.get(key) ?? 0) - row.netFen);
    else spending.set(key, (spending.get(key) ?? 0) + row.netFen);
  }
  return { income: sortedLines(income), spending: sortedLines(spending) };
}

const total = (lines: readonly CashLine[]) => lines.reduce((sum, line) => sum + line.amountFen, 0);

/** Budget vs actual: every budget line, and every spending line spent this year without one (budget 0). */
export function budgetRows(
  lines: readonly { kind: string; amountFen: number }[],
  period: readonly CashLine[],
  yearToDate: readonly CashLine[],
): BudgetRow[] {
  const spentIn = (cash: readonly CashLine[], key: string) => cash.find((line) => line.key === key)?.amountFen ?? 0;
  const rows: BudgetRow[] = lines.map((line) => {
    const lineKey = budgetLineKey(line.kind);
    const yearToDateFen = spentIn(yearToDate, lineKey);
    return { kind: line.kind, lineKey, budgetFen: line.amountFen, periodFen: spentIn(period, lineKey), yearToDateFen, remainingFen: line.amountFen - yearToDateFen };
  });
  const budgeted = new Set(rows.map((row) => row.lineKey));
  for (const line of yearToDate) {
    if (budgeted.has(line.key)) continue;
    rows.push({ kind: line.key, lineKey: line.key, budgetFen: 0, periodFen: spentIn(period, line.key), yearToDateFen: line.amountFen, remainingFen: -line.amountFen });
  }
  return rows.sort((a, b) => compareLineKeys(a.lineKey, b.lineKey));
}

export function bookStatement(inputs: BookInputs): BookStatement {
  const { income, spending } = cashLines(inputs.periodRows);
  const yearToDate = cashLines(inputs.yearToDateRows).spending;
  const incomeTotalFen = total(income);
  const spendingTotalFen = total(spending);
  const closingFen = inputs.openingFen + incomeTotalFen - spendingTotalFen;
  if (closingFen !== inputs.bankAtEndFen) throw new StatementImbalance(inputs.book, closingFen, inputs.bankAtEndFen);
  return {
    book: inputs.book,
    openingFen: inputs.openingFen,
    income,
    incomeTotalFen,
    spending,
    spendingTotalFen,
    closingFen,
    owed: inputs.owed,
    budget: { budgetId: inputs.budget.budgetId, title: inputs.budget.title, rows: budgetRows(inputs.budget.lines, spending, yearToDate) },
    payments: [...inputs.payments],
  };
}

export function statementFiguresOf(period: StatementPeriod, books: Record<Book, BookInputs>, collection: readonly CollectionRates[]): StatementFigures {
  return {
    period,
    books: { cogoverned: bookStatement(books.cogoverned), public_revenue: bookStatement(books.public_revenue) },
    collection: [...collection],
  };
}

/** An individual supplier's name is personal data: 张三 → 张*. Organisations keep theirs. */
export function maskedSupplierName(kind: "organisation" | "individual", name: string): string {
  if (kind === "organisation") return name;
  const first = Array.from(name.trim())[0] ?? "";
  return `${first}*`;
}
