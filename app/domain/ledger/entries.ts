import { ACCOUNT, PUBLIC_REVENUE_SPENDING_CODES, SERVICE_SPENDING_CODES, type Book } from "./chart";
import { isIsoDate } from "../calendar";

export { isIsoDate };

export const SOURCE_KINDS = ["bill", "payment", "prepaid", "income", "remuneration", "voucher", "import", "reversal", "opening", "routine", "proposal_payment", "maintenance_fund"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface PostingInput {
  book: Book;
  accountCode: string;
  amountFen: number; // debit positive, credit negative
  unitId?: number | null;
  memo?: string;
}

export interface EntryInput {
  businessDate: string; // YYYY-MM-DD
  memo: string;
  sourceKind: SourceKind;
  sourceId?: string | null;
  postings: PostingInput[];
}

export type LedgerProblem =
  | { code: "ledger.tooFewPostings" }
  | { code: "ledger.notFen"; line: number }
  | { code: "ledger.zeroAmount"; line: number }
  | { code: "ledger.unknownAccount"; line: number; accountCode: string }
  | { code: "ledger.accountNotInBook"; line: number; accountCode: string; book: string }
  | { code: "ledger.unbalanced"; book: string; sumFen: number }
  | { code: "ledger.badDate" }
  | { code: "ledger.memoTooLong" }
  | { code: "ledger.voucherSpends"; line: number; accountCode: string };

/**
 * The invariants of an entry (DESIGN.md §5, §9.2): at least two postings,
 * each a non-zero integer of fen on an account that exists and belongs to
 * its book, and the postings of each book sum to zero — so each book
 * balances on its own and the entry as a whole sums to zero.
 */
export function checkEntry(input: EntryInput, accountBooks: (code: string) => readonly string[] | undefined): LedgerProblem | null {
  if (!isIsoDate(input.businessDate)) return { code: "ledger.badDate" };
  if (input.memo.length > 200) return { code: "ledger.memoTooLong" };
  if (input.postings.length < 2) return { code: "ledger.tooFewPostings" };
  const sums = new Map<string, number>();
  for (const [index, p] of input.postings.entries()) {
    const line = index + 1;
    if (!Number.isSafeInteger(p.amountFen)) return { code: "ledger.notFen", line };
    if (p.amountFen === 0) return { code: "ledger.zeroAmount", line };
    const books = accountBooks(p.accountCode);
    if (!books) return { code: "ledger.unknownAccount", line, accountCode: p.accountCode };
    if (!books.includes(p.book)) return { code: "ledger.accountNotInBook", line, accountCode: p.accountCode, book: p.book };
    sums.set(p.book, (sums.get(p.book) ?? 0) + p.amountFen);
  }
  for (const [book, sumFen] of sums) if (sumFen !== 0) return { code: "ledger.unbalanced", book, sumFen };
  return null;
}

/** The postings that undo an entry: same accounts, opposite signs. */
export function reversingPostings(postings: readonly PostingInput[]): PostingInput[] {
  return postings.map((p) => ({ ...p, amountFen: -p.amountFen }));
}

/**
 * Only vouchers (and opening balances) are corrected by a bare reversal. A
 * bill's, payment's, income's or 酬金's entry has records beside it
 * (allocations, income records, accruals) that a reversal would leave behind;
 * those are corrected through their own records.
 */
export function isReversibleSource(kind: string): boolean {
  return kind === "voucher" || kind === "opening";
}

/** The accounts money is spent on: the nine art. 11 kinds, the 酬金 and the public-revenue spending kinds. */
export const SPENDING_ACCOUNT_CODES: readonly string[] = [...SERVICE_SPENDING_CODES, ACCOUNT.remuneration, ...PUBLIC_REVENUE_SPENDING_CODES];

/**
 * The voucher guard (DESIGN.md §1): no yuan leaves either book except by
 * routine spending against a budget line or by an approved proposal, so a
 * manual voucher may not credit the bank (money leaving a book), nor debit a
 * spending account or the payable to suppliers (2202). The first offending
 * posting is named. Reversals of vouchers are not vouchers: they only undo one.
 */
export function checkVoucher(postings: readonly PostingInput[]): LedgerProblem | null {
  for (const [index, p] of postings.entries()) {
    const spends =
      (p.accountCode === ACCOUNT.bank && p.amountFen < 0) ||
      ((SPENDING_ACCOUNT_CODES.includes(p.accountCode) || p.accountCode === ACCOUNT.payableSuppliers) && p.amountFen > 0);
    if (spends) return { code: "ledger.voucherSpends", line: index + 1, accountCode: p.accountCode };
  }
  return null;
}
