/**
 * Collection rate 收缴率 of a quarter. Two definitions:
 *
 * (a) rate = received by quarter end on that quarter's bills ÷ billed for that quarter;
 * (b) rate including arrears = received in the quarter on that quarter's and earlier bills ÷ (billed for the quarter + arrears at its start).
 *
 * "Received" counts allocations to bills (to_bill and from_prepaid) dated in the window; a bill "of the quarter" is one whose periodStart lies in the quarter.
 *
 * Notes: "arrears at its start" is what bills of earlier periods still owed
 * at the end of the day before the quarter's first day. Both rates are
 * percentages with 2 decimals, rounded half-up once; null when the
 * denominator is 0. Pure: plain arrays in, numbers and strings out.
 */
import Decimal from "decimal.js";
import { formatScaledInteger } from "../numeric-text";
import { parseQuarter } from "./periods";

export interface RateBill {
  id: number;
  periodStart: string; // YYYY-MM
  amountFen: number;
}

export interface RateAllocation {
  billId: number;
  billPeriodStart: string; // YYYY-MM, the period of the bill it went to
  allocatedOn: string; // YYYY-MM-DD
  amountFen: number;
}

export interface CollectionRate {
  numeratorFen: number;
  denominatorFen: number;
  ratePercent: string | null; // "87.50"
}

export interface CollectionRates {
  quarter: string;
  ofQuarter: CollectionRate; // (a)
  includingArrears: CollectionRate; // (b)
}

function rateOf(numeratorFen: number, denominatorFen: number): CollectionRate {
  if (denominatorFen === 0) return { numeratorFen, denominatorFen, ratePercent: null };
  // Hundredths of a percent, rounded half-up once, then written with 2 decimals.
  const hundredths = new Decimal(numeratorFen).times(10_000).dividedBy(denominatorFen).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  const { negative, text } = formatScaledInteger(hundredths, 2);
  return { numeratorFen, denominatorFen, ratePercent: `${negative ? "-" : ""}${text}` };
}

export function collectionRates(quarterLabel: string, bills: readonly RateBill[], allocations: readonly RateAllocation[]): CollectionRates {
  const quarter = parseQuarter(quarterLabel);
  if (!quarter) throw new RangeError(`not a quarter: ${quarterLabel}`);
  const inQuarter = (month: string) => month >= quarter.firstMonth && month <= quarter.lastMonth;

  let billedFen = 0;
  let earlierBilledFen = 0;
  for (const bill of bills) {
    if (inQuarter(bill.periodStart)) billedFen += bill.amountFen;
    else if (bill.periodStart < quarter.firstMonth) earlierBilledFen += bill.amountFen;
  }

  let receivedOnQuarterFen = 0; // (a) numerator
  let receivedInQuarterFen = 0; // (b) numerator
  let earlierPaidBeforeFen = 0; // paid on earlier bills before the quarter began
  for (const a of allocations) {
    if (inQuarter(a.billPeriodStart) && a.allocatedOn <= quarter.endDate) receivedOnQuarterFen += a.amountFen;
    if (a.allocatedOn >= quarter.startDate && a.allocatedOn <= quarter.endDate && a.billPeriodStart <= quarter.lastMonth) {
      receivedInQuarterFen += a.amountFen;
    }
    if (a.billPeriodStart < quarter.firstMonth && a.allocatedOn < quarter.startDate) earlierPaidBeforeFen += a.amountFen;
  }
  const arrearsAtStartFen = earlierBilledFen - earlierPaidBeforeFen;

  return {
    quarter: quarter.label,
    ofQuarter: rateOf(receivedOnQuarterFen, billedFen),
    includingArrears: rateOf(receivedInQuarterFen, billedFen + arrearsAtStartFen),
  };
}
