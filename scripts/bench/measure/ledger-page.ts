/**
 * The manager's ledger page query (listLedger, as its route calls it) on a
 * realistic view: the co-managed book's receivables (1122, the busiest
 * account: every bill and every payment), newest first. The first page, and
 * a deep page reached the way the page's own links reach it (keyset: after=
 * the last posting of the page before), about 50,000 rows in; the OFFSET of
 * an old bookmark and the last page are timed once for comparison.
 */
import { openDatabase, type Db } from "~db/connection";
import { LEDGER_PAGE_SIZE, parseLedgerQuery } from "~/domain/ledger/ledger-query";
import { listLedger, ledgerViewBatches } from "~/services/ledger/queries.server";
import type { BenchContext, Figure, Ratio } from "./types";
import { round, timeRuns } from "./timing";

const VIEW = "?book=cogoverned&account=1122&sort=date&dir=desc";
const DEEP_ROWS = 50_000;

/** The posting id that ends row `depth` of the view (the anchor of a keyset link), and the rows actually there. */
function anchorAt(db: Db, depth: number): { postingId: number; depth: number } {
  const { offset: _offset, ...filter } = parseLedgerQuery(new URLSearchParams(VIEW));
  let seen = 0;
  let last = 0;
  for (const batch of ledgerViewBatches(db, filter, 5000)) {
    const need = depth - seen;
    if (batch.length >= need) return { postingId: batch[need - 1]!.postingId, depth };
    seen += batch.length;
    last = batch[batch.length - 1]!.postingId;
  }
  return { postingId: last, depth: seen };
}

function once(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export async function measureLedgerPage(ctx: BenchContext): Promise<{ figures: Figure[]; ratios: Ratio[] }> {
  const db = openDatabase(ctx.dbPath, { migrate: false });
  try {
    const query = parseLedgerQuery(new URLSearchParams(VIEW));
    // Cold: the first call computes the view's totals; later ones add only new postings (none here).
    const coldMs = once(() => listLedger(db, query));
    const firstPage = listLedger(db, query);
    const total = firstPage.totals.count;
    const first = await timeRuns(ctx.runs, () => listLedger(db, query));
    ctx.log(`ledger page: ${total} postings in the view, first page ${round(first.median)} ms (cold ${round(coldMs)} ms)`);

    const anchor = anchorAt(db, Math.min(DEEP_ROWS, Math.max(1, total - LEDGER_PAGE_SIZE)));
    const deep = await timeRuns(ctx.runs, () => listLedger(db, query, LEDGER_PAGE_SIZE, { after: anchor.postingId }));
    const offsetMs = once(() => listLedger(db, { ...query, offset: anchor.depth }));
    const lastMs = once(() => listLedger(db, query, LEDGER_PAGE_SIZE, { last: true }));
    ctx.log(`ledger page: keyset after row ${anchor.depth} ${round(deep.median)} ms; OFFSET ${round(offsetMs)} ms; last page ${round(lastMs)} ms`);

    const extra = { view: VIEW, viewPostings: total };
    const figures: Figure[] = [
      { key: "ledger.first_page", label: "ledger page, receivables newest first: first page", unit: "ms", ...first, extra: { ...extra, coldMs: round(coldMs) } },
      {
        key: "ledger.deep_page", label: `ledger page ${anchor.depth.toLocaleString("en")} rows deep (keyset link)`, unit: "ms", ...deep,
        extra: { ...extra, depth: anchor.depth, offsetMs: round(offsetMs), lastPageMs: round(lastMs) },
      },
    ];
    // No issue target: a deep page staying as cheap as the first shows in the figures themselves.
    return { figures, ratios: [] };
  } finally {
    db.$client.close();
  }
}
