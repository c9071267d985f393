import { DomainError } from "../errors";
import type { StatementProblem } from "./statement";

/** A statement file refused as a whole, with every problem found (each bad row with its line). */
export class BankFileError extends DomainError {
  constructor(readonly problems: StatementProblem[]) {
    super(problems.length === 1 && problems[0]!.line === undefined ? problems[0]!.code : "bank.errors.badFile", {
      params: { count: problems.length },
      status: 400,
    });
    this.name = "BankFileError";
  }
}

export function isBankFileError(error: unknown): error is BankFileError {
  return error instanceof BankFileError;
}
