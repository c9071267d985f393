/**
 * The ledger page's query string: every filter, the sort and the page live
 * in the URL, so views are shareable and work without JavaScript. A bad
 * value falls back to its default instead of failing the page.
 */
import { z } from "zod";
import { BOOKS } from "./chart";
import { isIsoDate, SOURCE_KINDS } from "./entries";

export const LEDGER_PAGE_SIZE = 50;
export const LEDGER_SORTS = ["date", "amount", "account"] as const;
export type LedgerSort = (typeof LEDGER_SORTS)[number];

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalDate = z.preprocess(blankToUndefined, z.string().refine(isIsoDate).optional()).catch(undefined);

export const ledgerQuerySchema = z.object({
  book: z.enum(BOOKS).catch("cogoverned"),
  sort: z.enum(LEDGER_SORTS).catch("date"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  from: optionalDate,
  to: optionalDate,
  account: z.preprocess(blankToUndefined, z.string().regex(/^\d{4}$/).optional()).catch(undefined),
  source: z.preprocess(blankToUndefined, z.enum(SOURCE_KINDS).optional()).catch(undefined),
  q: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()).catch(undefined),
  offset: z.coerce.number().int().min(0).max(100_000_000).catch(0),
});

export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;
export type LedgerFilter = Omit<LedgerQuery, "offset">;

export function parseLedgerQuery(searchParams: URLSearchParams): LedgerQuery {
  return ledgerQuerySchema.parse(Object.fromEntries(searchParams));
}

/** The query string of a view, without defaults, e.g. for a sort link or the CSV link. */
export function ledgerQueryString(query: Partial<LedgerQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === "") continue;
    if (key === "offset" && value === 0) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Clicking a column header: the same column flips the direction, another starts descending. */
export function sortToggle(query: LedgerQuery, sort: LedgerSort): Partial<LedgerQuery> {
  const dir = query.sort === sort && query.dir === "desc" ? "asc" : "desc";
  return { ...query, sort, dir, offset: 0 };
}

/** Where an entry's source can be seen, if anywhere (a missing page answers 404). */
export function sourceHref(sourceKind: string, sourceId: string | null, attachmentId?: number | null): string | null {
  if (!sourceId) return null;
  switch (sourceKind) {
    case "bill":
    case "prepaid": return `/billing/bills/${encodeURIComponent(sourceId)}`;
    case "payment": return `/billing/payments/${encodeURIComponent(sourceId)}`;
    case "reversal": return `/ledger/entries/${encodeURIComponent(sourceId)}`;
    case "income": return attachmentId ? `/attachments/${attachmentId}` : "/income";
    case "remuneration": return "/remuneration";
    default: return null;
  }
}

export { shanghaiDate } from "../calendar";

/**
 * Where a page starts: the first page, after or before a posting (keyset
 * links: as fast on page 1,000 as on page 1), the last page, or an OFFSET
 * (old links and bookmarks; slower the deeper it goes).
 */
export type LedgerCursor = { after: number } | { before: number } | { last: true } | { offset: number };

export const ledgerCursorSchema = z.object({
  after: z.coerce.number().int().positive().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
  last: z.literal("1").optional().catch(undefined),
});

/** The page a URL asks for: after=, before=, last=1, else the query's offset. */
export function ledgerCursorOf(searchParams: URLSearchParams, offset: number): LedgerCursor {
  const parsed = ledgerCursorSchema.parse(Object.fromEntries(searchParams));
  if (parsed.after !== undefined) return { after: parsed.after };
  if (parsed.before !== undefined) return { before: parsed.before };
  if (parsed.last) return { last: true };
  return { offset };
}
