import { isIsoDate, isMonth, lastDayOfMonth, monthOf } from "../calendar";

export { isMonth, lastDayOfMonth, monthOf };


/**
 * A reporting period as written: a year "2026", a quarter "2026-Q2" or a
 * month "2026-03", as the first and last dates it covers; null otherwise.
 */
export function periodRange(text: string): { from: string; to: string } | null {
  const year = /^(\d{4})$/.exec(text);
  if (year) return { from: `${year[1]}-01-01`, to: `${year[1]}-12-31` };
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (quarter) {
    const first = (Number(quarter[2]) - 1) * 3 + 1;
    const pad = (n: number) => String(n).padStart(2, "0");
    return { from: `${quarter[1]}-${pad(first)}-01`, to: lastDayOfMonth(`${quarter[1]}-${pad(first + 2)}`) };
  }
  if (isMonth(text)) return { from: `${text}-01`, to: lastDayOfMonth(text) };
  return null;
}

/** A date range from two typed dates, or null when either is not a date or they are reversed. */
export function dateRange(from: string, to: string): { from: string; to: string } | null {
  if (!isIsoDate(from) || !isIsoDate(to) || from > to) return null;
  return { from, to };
}
