import { sha256Hex } from "../audit-chain";
import type { Book } from "../ledger/chart";
import type { StatementLine } from "./statement";

/**
 * A line's identity across imports: book, date, amount, counterparty, memo
 * and running balance. Identical lines in one file are told apart by their
 * `occurrence` (0, 1, …), so twins are both kept and a re-import adds nothing.
 */
export function lineFingerprint(book: Book, line: StatementLine): string {
  return sha256Hex(JSON.stringify([book, line.txnDate, line.amountFen, line.counterparty, line.memo, line.balanceFen]));
}

export function fingerprintLines(book: Book, lines: readonly StatementLine[]): (StatementLine & { fingerprint: string; occurrence: number })[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const fingerprint = lineFingerprint(book, line);
    const occurrence = seen.get(fingerprint) ?? 0;
    seen.set(fingerprint, occurrence + 1);
    return { ...line, fingerprint, occurrence };
  });
}
