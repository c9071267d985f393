import { ACCOUNT, type Book } from "../ledger/chart";

export const INCOME_KINDS = ["decoration", "advertising", "parking", "venue", "interest", "other"] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

/** Income from common parts: split between the two books by the owners' rule (DESIGN.md §1). */
export const SPLIT_KINDS = ["advertising", "parking", "venue"] as const;
export type SplitKind = (typeof SPLIT_KINDS)[number];

/** Income the manager places in the book of their choice. */
export const CHOSEN_BOOK_KINDS = ["interest", "other"] as const;

export function isSplitKind(kind: IncomeKind): kind is SplitKind {
  return (SPLIT_KINDS as readonly string[]).includes(kind);
}

export function isChosenBookKind(kind: IncomeKind): boolean {
  return (CHOSEN_BOOK_KINDS as readonly string[]).includes(kind);
}

export const INCOME_ACCOUNT: Record<IncomeKind, string> = {
  decoration: ACCOUNT.incomeDecoration,
  advertising: ACCOUNT.incomeAdvertising,
  parking: ACCOUNT.incomeParking,
  venue: ACCOUNT.incomeVenue,
  interest: ACCOUNT.incomeInterest,
  other: ACCOUNT.incomeOther,
};

export type { Book };
