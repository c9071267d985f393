/**
 * How a payment settles a unit's open bills: oldest period first (FIFO),
 * each bill up to what is still owed on it; the rest is the remainder.
 */
export interface OpenBill {
  billId: number;
  periodStart: string; // YYYY-MM
  outstandingFen: number;
}

export interface FifoAllocation {
  toBills: { billId: number; amountFen: number }[];
  appliedFen: number;
  remainderFen: number;
}

export function allocateFifo(openBills: readonly OpenBill[], amountFen: number): FifoAllocation {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw new RangeError(`not a positive amount in fen: ${String(amountFen)}`);
  const ordered = [...openBills]
    .filter((b) => b.outstandingFen > 0)
    .sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : a.billId - b.billId));
  let left = amountFen;
  const toBills: FifoAllocation["toBills"] = [];
  for (const bill of ordered) {
    if (left === 0) break;
    const part = Math.min(left, bill.outstandingFen);
    toBills.push({ billId: bill.billId, amountFen: part });
    left -= part;
  }
  return { toBills, appliedFen: amountFen - left, remainderFen: left };
}

/** What a unit owes in all: the sum of its open bills. */
export function owedFen(openBills: readonly OpenBill[]): number {
  return openBills.reduce((sum, b) => sum + Math.max(0, b.outstandingFen), 0);
}
