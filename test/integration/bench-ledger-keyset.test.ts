/**
 * The ledger page's keyset links (after= / before= / last=1) walk the same
 * rows as OFFSET pages, in the same order, and the cached totals of a view
 * take in postings written after they were first computed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ensureDemoCommunity } from "~/services/demo.server";
import { parseLedgerQuery } from "~/domain/ledger/ledger-query";
import { postVoucher } from "~/services/ledger/entries.server";
import { ledgerCursorOf } from "~/domain/ledger/ledger-query";
import { ledgerTotals, ledgerViewBatches, listLedger } from "~/services/ledger/queries.server";
import { testDb } from "../support/db";

const db = testDb();
const PAGE = 7;

beforeAll(async () => {
  await ensureDemoCommunity(db);
  for (let i = 0; i < 40; i += 1) {
    // Several entries per day, so ties on the date are broken by entry and line.
    const day = String((i % 9) + 1).padStart(2, "0");
    const amountFen = 100 + i;
    postVoucher(db, { businessDate: `2026-02-${day}`, memo: `利息 ${i}`, postings: [{ book: "cogoverned", accountCode: "1002", amountFen }, { book: "cogoverned", accountCode: "6006", amountFen: -amountFen }] }, "1");
  }
}, 60_000);

describe.each(["?sort=date&dir=desc", "?sort=date&dir=asc&account=1002", "?sort=amount&dir=asc", "?sort=account&dir=desc"])("keyset pages of %s", (view) => {
  const query = parseLedgerQuery(new URLSearchParams(view));
  const { offset: _offset, ...filter } = query;
  const all = () => [...ledgerViewBatches(db, filter, 5)].flat().map((r) => r.postingId);

  it("forward by after= gives every row once, in order, and says where it ends", () => {
    const seen: number[] = [];
    let page = listLedger(db, query, PAGE);
    expect(page.links.hasPrev).toBe(false);
    seen.push(...page.rows.map((r) => r.postingId));
    while (page.links.hasNext) {
      page = listLedger(db, query, PAGE, { after: page.rows[page.rows.length - 1]!.postingId });
      expect(page.links.hasPrev).toBe(true);
      seen.push(...page.rows.map((r) => r.postingId));
    }
    expect(seen).toEqual(all());
  });

  it("backward from the last page by before= gives the same rows", () => {
    const seen: number[] = [];
    let page = listLedger(db, query, PAGE, { last: true });
    expect(page.links.hasNext).toBe(false);
    seen.unshift(...page.rows.map((r) => r.postingId));
    while (page.links.hasPrev) {
      page = listLedger(db, query, PAGE, { before: page.rows[0]!.postingId });
      seen.unshift(...page.rows.map((r) => r.postingId));
    }
    expect(seen).toEqual(all());
  });

  it("an old offset= link opens the same page as the keyset walk", () => {
    const ids = all();
    const page = listLedger(db, { ...query, offset: 2 * PAGE }, PAGE);
    expect(page.rows.map((r) => r.postingId)).toEqual(ids.slice(2 * PAGE, 3 * PAGE));
    expect(page.links).toEqual({ hasPrev: true, hasNext: ids.length > 3 * PAGE });
  });
});

describe("the page's cursor in the URL", () => {
  it("reads after=, before=, last=1, else the offset; ignores nonsense", () => {
    expect(ledgerCursorOf(new URLSearchParams("after=12"), 0)).toEqual({ after: 12 });
    expect(ledgerCursorOf(new URLSearchParams("before=3"), 0)).toEqual({ before: 3 });
    expect(ledgerCursorOf(new URLSearchParams("last=1"), 0)).toEqual({ last: true });
    expect(ledgerCursorOf(new URLSearchParams("after=-1&before=x&last=yes"), 50)).toEqual({ offset: 50 });
  });

  it("an unknown posting id opens the first page", () => {
    const query = parseLedgerQuery(new URLSearchParams(""));
    expect(listLedger(db, query, PAGE, { after: 99_999_999 }).rows).toEqual(listLedger(db, query, PAGE).rows);
  });
});

describe("cached totals", () => {
  it("add the postings written after the view's totals were first computed", () => {
    const filter = { book: "cogoverned" as const, account: "1002", sort: "date" as const, dir: "desc" as const };
    const before = ledgerTotals(db, filter);
    expect(ledgerTotals(db, filter)).toEqual(before);
    postVoucher(db, { businessDate: "2026-01-15", memo: "补记利息", postings: [{ book: "cogoverned", accountCode: "1002", amountFen: 777 }, { book: "cogoverned", accountCode: "6006", amountFen: -777 }] }, "1");
    const after = ledgerTotals(db, filter);
    expect(after).toEqual({ count: before.count + 1, debitFen: before.debitFen + 777, creditFen: before.creditFen, netFen: before.netFen + 777 });
    const dated = ledgerTotals(db, { ...filter, from: "2026-01-15", to: "2026-01-15" });
    expect(dated).toMatchObject({ count: 1, netFen: 777 });
  });
});
