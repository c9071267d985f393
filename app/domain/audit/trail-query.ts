import { z } from "zod";
import { isIsoDate } from "~/domain/calendar";
import type { TimelineItem } from "~/domain/timeline";

/**
 * The audit trail's filters, as they travel in the URL of a GET form
 * (/auditor/trail?from=&to=&actor=&action=&subject=&text=&before=&after=).
 * Shared by the browser (the form) and the server (the loader). An empty
 * field means "no filter". Messages are i18n keys of the `trail` catalog.
 */
export const TRAIL_PAGE_SIZE = 50;
export const MAX_TEXT_LENGTH = 200;
export const MAX_SUBJECT_LENGTH = 120;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const trimmed = (value: unknown) => (typeof value === "string" ? value.trim() : value);

const date = z.preprocess(
  blankToUndefined,
  z.string().trim().max(10, "trail.errors.badDate").refine(isIsoDate, "trail.errors.badDate").optional(),
);
const cursor = z.preprocess(
  blankToUndefined,
  z.string().trim().regex(/^[1-9][0-9]{0,15}$/, "trail.errors.badCursor").transform(Number)
    .refine(Number.isSafeInteger, "trail.errors.badCursor").optional(),
);

export const trailQuerySchema = z
  .object({
    from: date,
    to: date,
    /** A user id, "system" or "anonymous". */
    actor: z.preprocess(
      blankToUndefined,
      z.string().trim().regex(/^(system|anonymous|[1-9][0-9]{0,15})$/, "trail.errors.badActor").optional(),
    ),
    /** A dotted action ("proposal.submit"); the server also checks it appears in the chain. */
    action: z.preprocess(
      blankToUndefined,
      z.string().trim().max(64, "trail.errors.badAction").regex(/^[a-z_]+(\.[a-z_]+)+$/, "trail.errors.badAction").optional(),
    ),
    /** Exactly "kind:id", or a kind prefix "kind:" (or just "kind"). */
    subject: z.preprocess(
      blankToUndefined,
      z.string().trim().max(MAX_SUBJECT_LENGTH, "trail.errors.badSubject")
        .regex(/^[a-z_]+(:[^\s]*)?$/, "trail.errors.badSubject").optional(),
    ),
    /** A substring of the event's data (canonical JSON text). */
    text: z.preprocess(
      (value) => blankToUndefined(trimmed(value)),
      z.string().max(MAX_TEXT_LENGTH, "trail.errors.textTooLong").optional(),
    ),
    /** Keyset cursors: show events with seq < before (older) or seq > after (newer). */
    before: cursor,
    after: cursor,
  })
  .superRefine((q, ctx) => {
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "trail.errors.fromAfterTo" });
    }
    if (q.before !== undefined && q.after !== undefined) {
      ctx.addIssue({ code: "custom", path: ["before"], message: "trail.errors.badCursor" });
    }
  });

export type TrailQuery = z.infer<typeof trailQuerySchema>;

/** The filter keys a page link keeps (the cursors are set per link). */
export const TRAIL_FILTER_KEYS = ["from", "to", "actor", "action", "subject", "text"] as const;

/** A subject filter is a prefix when it ends with ":" or names only a kind. */
export function subjectFilter(subject: string): { exact: string } | { prefix: string } {
  if (!subject.includes(":")) return { prefix: `${subject}:` };
  return subject.endsWith(":") ? { prefix: subject } : { exact: subject };
}

/** The query string of a trail page: the filters plus one cursor. */
export function trailSearch(query: Partial<Record<(typeof TRAIL_FILTER_KEYS)[number], string | undefined>>, cursor: { before?: number; after?: number }): string {
  const params = new URLSearchParams();
  for (const key of TRAIL_FILTER_KEYS) {
    const value = query[key];
    if (value !== undefined && value !== "") params.set(key, value);
  }
  if (cursor.before !== undefined) params.set("before", String(cursor.before));
  if (cursor.after !== undefined) params.set("after", String(cursor.after));
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** One event of the trail in words (services/audit/trail.server.ts). */
export interface TrailRow extends TimelineItem {
  hash: string;
  /** The event data pretty-printed, shown as text. */
  dataText: string;
  href: string | null;
}

export interface TrailPage {
  rows: TrailRow[];
  /** Cursor to the next older page (`before=`), or null at the oldest. */
  older: number | null;
  /** Cursor to the next newer page (`after=`), or null at the newest. */
  newer: number | null;
  /** The text search stopped at its scan bound: older matches may exist from `older` on. */
  limited: boolean;
}

/** The most seqs a text search examines per page (the rest of the window is searched from the "older" cursor). */
export const TEXT_SCAN_WINDOW = 200_000;
