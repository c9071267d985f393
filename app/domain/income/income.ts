import type { Book } from "../ledger/chart";
import { isIsoDate } from "../ledger/entries";
import { isChosenBookKind, isSplitKind, INCOME_KINDS, type IncomeKind } from "./kinds";

export interface IncomeInput {
  kind: IncomeKind;
  receivedOn: string; // YYYY-MM-DD
  amountFen: number;
  book?: Book | null; // interest and other only
  counterparty: string;
  counterpartyIsPerson: boolean;
  reference: string; // contract or receipt number
  permitRef?: string | null; // renovation permit, decoration only
  memo?: string | null;
  // Deducted from the public-revenue share by whoever paid it over (split kinds only), with its reason;
  // its evidence file is required too (checked by the service, which holds the file).
  deductionFen?: number;
  deductionReason?: string | null;
}

export interface IncomeProblem {
  code: string;
  field?: string;
}

/** The rules an income record keeps whatever form it came from (the service checks them again). */
export function checkIncome(input: IncomeInput): IncomeProblem | null {
  if (!(INCOME_KINDS as readonly string[]).includes(input.kind)) return { code: "income.errors.kind", field: "kind" };
  if (!isIsoDate(input.receivedOn)) return { code: "income.errors.date", field: "receivedOn" };
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) return { code: "income.errors.amountPositive", field: "amount" };
  if (input.counterparty.trim() === "") return { code: "income.errors.counterpartyRequired", field: "counterparty" };
  if (input.counterparty.length > 100) return { code: "errors.tooLong", field: "counterparty" };
  if (input.reference.trim() === "") return { code: "income.errors.referenceRequired", field: "reference" };
  if (input.reference.length > 100) return { code: "errors.tooLong", field: "reference" };
  if (input.kind === "decoration" && !input.permitRef?.trim()) return { code: "income.errors.permitRequired", field: "permitRef" };
  if (isChosenBookKind(input.kind) && !input.book) return { code: "income.errors.bookRequired", field: "book" };
  if ((input.memo ?? "").length > 200) return { code: "errors.tooLong", field: "memo" };
  return checkDeduction(input);
}

/** A deduction is a positive amount of a split kind's income, with its reason (SPC interpretation art. 14). */
function checkDeduction(input: IncomeInput): IncomeProblem | null {
  const fen = input.deductionFen ?? 0;
  const reason = input.deductionReason?.trim() ?? "";
  if (fen === 0) return null; // a reason without an amount is ignored
  if (!Number.isSafeInteger(fen) || fen < 0) return { code: "income.errors.deductionPositive", field: "deduction" };
  if (!isSplitKind(input.kind)) return { code: "income.errors.deductionKind", field: "deduction" };
  if (reason === "") return { code: "income.errors.deductionReasonRequired", field: "deductionReason" };
  if (reason.length > 200) return { code: "errors.tooLong", field: "deductionReason" };
  if (fen > input.amountFen) return { code: "income.errors.deductionAboveShare", field: "deduction" };
  return null;
}
