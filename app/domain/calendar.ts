import { TIME_ZONE } from "./datetime";

/**
 * Business dates as plain text (DESIGN.md §4: dates in Asia/Shanghai):
 * days "YYYY-MM-DD" and months "YYYY-MM", which compare correctly as text.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** The month a date falls in: "2026-03-15" → "2026-03". */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** "2026-11" + 3 → "2027-02". */
export function addMonths(month: string, count: number): string {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + count;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** "2026-02" → "2026-02-28". */
export function lastDayOfMonth(month: string): string {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, "0")}`;
}

/** "2026-12-31" + 1 → "2027-01-01". */
export function addDays(date: string, days: number): string {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Days from one date to another: "2026-04-01" → "2026-04-15" is 14 (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The business date in China at an instant (pages' defaults; services take dates explicitly). */
// Built once: constructing an Intl.DateTimeFormat costs more than formatting with it (pages call this often).
const SHANGHAI_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

export function shanghaiDate(now: Date): string {
  return SHANGHAI_DAY.format(now);
}
