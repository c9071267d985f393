import type { Book } from "../ledger/chart";
import { isIsoDate } from "../ledger/entries";
import { isChosenBookKind, INCOME_KINDS, type IncomeKind } from "./kinds";

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
  return null;
}
