/**
 * The pure rules of a statement's life (issue 5, DESIGN.md §8): which period
 * may get a first draft, the posting window 公示期, the limits on what people
 * type, and comparing a snapshot with its recomputation. The services read
 * the database and ask these.
 */
import { addDays, daysBetween, isIsoDate } from "../calendar";
import { MIN_POSTING_DAYS } from "../community-settings";
import { parsePeriod, periodParts, previousPeriod, quartersOf } from "./snapshot";

export const WORK_REPORT_MAX = 20_000;
export const REOPEN_REASON_MIN = 5;
export const REOPEN_REASON_MAX = 2_000;
export const BOARD_LOCATION_MAX = 200;
export const BOARD_NOTE_MAX = 500;

/** A refusal of publication or drafting: `code` is an i18n key "publishing.errors.*". */
export interface PublishProblem {
  code: string;
  params?: Record<string, string | number>;
}

const problem = (name: string, params?: Record<string, string | number>): PublishProblem =>
  (params ? { code: `publishing.errors.${name}`, params } : { code: `publishing.errors.${name}` });

/** Days from `from` to `to`, both counted: 2026-04-01…2026-04-15 → 15. */
export function windowDays(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}

/**
 * The posting window of a period's publication: two dates, in order, not
 * starting before the day after the period ends, at least `minDays` long
 * (never below the national 15).
 */
export function postingWindowProblems(window: { from: string; to: string }, periodEnd: string, minDays: number): PublishProblem[] {
  if (!isIsoDate(window.from) || !isIsoDate(window.to)) return [problem("windowDate")];
  if (window.to < window.from) return [problem("windowOrder")];
  const out: PublishProblem[] = [];
  const earliest = addDays(periodEnd, 1);
  if (window.from < earliest) out.push(problem("windowTooEarly", { earliest }));
  const min = Math.max(minDays, MIN_POSTING_DAYS);
  const days = windowDays(window.from, window.to);
  if (days < min) out.push(problem("windowTooShort", { days, min }));
  return out;
}

/** What the database says about the periods, for deciding what may be drafted. */
export interface PeriodsState {
  drafted: ReadonlySet<string>; // periods with at least one statement_drafts row
  published: ReadonlySet<string>; // periods with at least one published revision
}

/**
 * Why a period may not get its first draft now, or null when it may: it must
 * parse, have ended, have no draft yet (a new revision only comes from a
 * reopen); a year needs its four quarters published; quarters go in order
 * (any ended quarter when none was ever published, else the one after a
 * published quarter).
 */
export function draftProblem(label: string, today: string, state: PeriodsState): PublishProblem | null {
  const period = parsePeriod(label);
  if (!period) return problem("period", { period: label });
  if (period.endDate >= today) return problem("periodNotEnded", { period: label, endDate: period.endDate });
  if (state.drafted.has(label)) return problem("alreadyDrafted", { period: label });
  if (period.kind === "year") {
    const missing = quartersOf(period).filter((q) => !state.published.has(q));
    return missing.length > 0 ? problem("yearNeedsQuarters", { period: label, missing: missing.join("、") }) : null;
  }
  return quarterOrderProblem(label, state.published);
}

/** Quarters are published in order: the previous quarter must be published once any quarter was. */
export function quarterOrderProblem(label: string, published: ReadonlySet<string>): PublishProblem | null {
  const anyQuarter = [...published].some((p) => p.includes("Q"));
  const previous = previousPeriod(label);
  if (anyQuarter && !published.has(previous)) return problem("previousNotPublished", { period: label, previous });
  return null;
}

/** Every quarter from 1 January of `sinceYear` that has ended before `today`, oldest first. */
export function endedQuarters(today: string, sinceYear: number): string[] {
  const out: string[] = [];
  for (let year = sinceYear; year <= Number(today.slice(0, 4)); year++) {
    for (let q = 1; q <= 4; q++) {
      const label = `${year}Q${q}`;
      if (parsePeriod(label)!.endDate < today) out.push(label);
    }
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function show(value: Json | undefined): string {
  return value === undefined ? "(missing)" : JSON.stringify(value);
}

/**
 * The first place two JSON values differ, as "books.cogoverned.income[2].amountFen: 123400 ≠ 123500",
 * or null when they are equal. Object keys are visited in sorted order.
 */
export function firstDifference(a: unknown, b: unknown, path = ""): string | null {
  const x = a as Json | undefined;
  const y = b as Json | undefined;
  const at = path === "" ? "(root)" : path;
  if (Array.isArray(x) && Array.isArray(y)) {
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const found = firstDifference(x[i], y[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (x !== null && y !== null && typeof x === "object" && typeof y === "object" && !Array.isArray(x) && !Array.isArray(y)) {
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
    for (const key of keys) {
      const found = firstDifference(x[key], y[key], path === "" ? key : `${path}.${key}`);
      if (found) return found;
    }
    return null;
  }
  return x === y ? null : `${at}: ${show(x)} ≠ ${show(y)}`;
}

/** "2026Q1" → "2026年第1季度", "2026" → "2026年度". */
export function periodNameZh(label: string): string {
  const parts = periodParts(label);
  if (!parts) return label;
  return parts.quarter !== null ? `${parts.year}年第${parts.quarter}季度` : `${parts.year}年度`;
}

/** "2026Q1" → "2026年第1季度公示", "2026" → "2026年度决算公示" (messages are Chinese only). */
export function periodTitleZh(label: string): string {
  return `${periodNameZh(label)}${periodParts(label)?.quarter === null ? "决算公示" : "公示"}`;
}

/** "重新打开 2026年第1季度公示（第 1 版）": how a reopen approval is named. */
export function reopenTitle(period: string, revision: number): string {
  return `重新打开 ${periodNameZh(period)}公示（第 ${revision} 版）`;
}
