/**
 * Billing periods as plain text: months "YYYY-MM", dates "YYYY-MM-DD",
 * quarters "2026Q1". Month strings compare correctly as text.
 */
import { addMonths, isMonth } from "../calendar";

export { addMonths, isMonth };

const QUARTER = /^(\d{4})Q([1-4])$/;

export type BillingPeriodSetting = "monthly" | "quarterly";

export function monthsPerPeriod(setting: BillingPeriodSetting): number {
  return setting === "monthly" ? 1 : 3;
}

/** A quarterly period starts in January, April, July or October; a monthly one in any month. */
export function isPeriodStart(month: string, setting: BillingPeriodSetting): boolean {
  if (!isMonth(month)) return false;
  if (setting === "monthly") return true;
  return ["01", "04", "07", "10"].includes(month.slice(5, 7));
}

/** The last month billed by a period of `months` months from `start`. */
export function periodEnd(start: string, months: number): string {
  return addMonths(start, months - 1);
}

/** Two inclusive month ranges share a month. */
export function periodsOverlap(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export interface Quarter {
  label: string; // "2026Q1"
  firstMonth: string; // "2026-01"
  lastMonth: string; // "2026-03"
  startDate: string; // "2026-01-01"
  endDate: string; // "2026-03-31"
}

const QUARTER_END_DAY = ["03-31", "06-30", "09-30", "12-31"] as const;

export function parseQuarter(label: string): Quarter | null {
  const m = QUARTER.exec(label);
  if (!m) return null;
  const year = m[1]!;
  const q = Number(m[2]);
  const firstMonth = `${year}-${String((q - 1) * 3 + 1).padStart(2, "0")}`;
  return { label, firstMonth, lastMonth: addMonths(firstMonth, 2), startDate: `${firstMonth}-01`, endDate: `${year}-${QUARTER_END_DAY[q - 1]!}` };
}

/** The quarter a date ("2026-05-17") lies in: "2026Q2". */
export function quarterOfDate(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}Q${Math.floor((month - 1) / 3) + 1}`;
}
