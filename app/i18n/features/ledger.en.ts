import type { Strings } from "../strings";
import type { ledgerZh } from "./ledger.zh-CN";

export const ledgerEn: Strings<typeof ledgerZh> = {
  books: { cogoverned: "Co-managed account", public_revenue: "Public-revenue account" },
  errors: {
    tooFewPostings: "An entry needs at least two postings.",
    notFen: "Line {{line}}: the amount must be a whole number of fen.",
    zeroAmount: "Line {{line}}: the amount cannot be 0.",
    unknownAccount: "Line {{line}}: there is no account {{accountCode}}.",
    accountNotInBook: "Line {{line}}: account {{accountCode}} cannot be used in the {{book}} book.",
    unbalanced: "Unbalanced: the postings of the {{book}} book add up to {{sumFen}} fen instead of 0.",
    badDate: "The business date must be a real date (YYYY-MM-DD).",
    memoTooLong: "The memo is too long (200 characters at most).",
    alreadyReversed: "This entry has already been reversed.",
    reversalOfReversal: "A reversal cannot be reversed; post a new, correct entry instead.",
  },
};
