import { and, asc, eq, lte, sql, sum } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { cachedStatement, insertReturning } from "~db/prepared";
import { accounts, journalEntries, postings } from "~db/schema";
import type { JsonObject } from "~/domain/audit-chain";
import { DomainError } from "~/domain/errors";
import { CHART, type Book } from "~/domain/ledger/chart";
import { quarterOf } from "~/domain/statements/snapshot";
import { checkEntry, checkVoucher, isReversibleSource, reversingPostings, type EntryInput } from "~/domain/ledger/entries";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { closedQuarterOf } from "../statements/closed-periods.server";

export type EntryRow = typeof journalEntries.$inferSelect;
export type PostingRow = typeof postings.$inferSelect;

/** The chart as rows, written with the community (one event). */
export function seedChart(tx: Tx, seq: number): JsonObject[] {
  return CHART.map((def, index) => {
    const row = tx
      .insert(accounts)
      .values({ code: def.code, nameZh: def.nameZh, nameEn: def.nameEn, type: def.type, books: JSON.stringify(def.books), sortOrder: index, auditSeq: seq })
      .returning()
      .get();
    return rowViews.accounts(row);
  });
}

/**
 * The books each account may be posted in, cached per connection: the chart
 * is seeded with the community and only ever grows (no service updates or
 * deletes an account), so a code once read keeps its books; a code not yet
 * seen is read again, so an account added later is found. Even a stale hit
 * could not write a bad row: postings reference accounts (foreign key).
 */
const chartCache = new WeakMap<object, Map<string, readonly string[]>>();

function accountBooksOf(tx: Tx): (code: string) => readonly string[] | undefined {
  let books = chartCache.get(tx.$client);
  if (!books) chartCache.set(tx.$client, (books = new Map()));
  const known = books;
  return (code) => {
    const cached = known.get(code);
    if (cached) return cached;
    const row = cachedStatement(tx.$client, "SELECT books FROM accounts WHERE code = ?").get(code) as { books: string } | undefined;
    if (!row) return undefined;
    const parsed = JSON.parse(row.books) as string[];
    known.set(code, parsed);
    return parsed;
  };
}

/**
 * Whether a date's quarter is closed, read once per transaction and quarter:
 * a bill run writes thousands of entries on one date. Safe because no write
 * both changes a statement's status and writes entries.
 */
const closedByTx = new WeakMap<Tx, Map<string, string | null>>();

function closedQuarterInTx(tx: Tx, date: string): string | null {
  let known = closedByTx.get(tx);
  if (!known) closedByTx.set(tx, (known = new Map()));
  const quarter = quarterOf(date);
  if (!known.has(quarter)) known.set(quarter, closedQuarterOf(tx, date));
  return known.get(quarter)!;
}

/**
 * Writes one checked entry and its postings inside the caller's audited
 * transaction and returns them in chain form for the caller's event. An
 * invalid entry is refused with a DomainError whose code names the problem.
 */
export function writeEntry(
  tx: Tx,
  seq: number,
  input: EntryInput,
  actor: Actor,
  link: { reversesEntryId?: number; reason?: string } = {},
): { entry: EntryRow; postings: PostingRow[]; rows: { journal_entries: JsonObject[]; postings: JsonObject[] } } {
  const problem = checkEntry(input, accountBooksOf(tx));
  if (problem) {
    const { code, ...params } = problem;
    throw new DomainError(code, { params: params as Record<string, string | number>, status: 422 });
  }
  // Publishing a quarter closes it (DESIGN.md §5): corrections go into the open period.
  const closed = closedQuarterInTx(tx, input.businessDate);
  if (closed) throw new DomainError("publishing.errors.periodClosed", { params: { period: closed, date: input.businessDate }, status: 409 });
  const entry = insertReturning(tx.$client, journalEntries, {
    businessDate: input.businessDate, memo: input.memo, sourceKind: input.sourceKind, sourceId: input.sourceId ?? null,
    reversesEntryId: link.reversesEntryId ?? null, reason: link.reason ?? null, createdBy: actor, auditSeq: seq,
  });
  const written = input.postings.map((p, index) => insertReturning(tx.$client, postings, {
    entryId: entry.id, lineNo: index + 1, book: p.book, accountCode: p.accountCode, amountFen: p.amountFen, unitId: p.unitId ?? null, memo: p.memo ?? "", auditSeq: seq,
  }));
  return {
    entry,
    postings: written,
    rows: { journal_entries: [rowViews.journal_entries(entry)], postings: written.map((p) => rowViews.postings(p)) },
  };
}

/**
 * A manual journal voucher (记账凭证) recorded by a manager. It may not spend
 * (checkVoucher): spending goes through routine spending or a proposal.
 */
export function postVoucher(db: Db, input: Omit<EntryInput, "sourceKind"> & { sourceId?: string | null }, actor: Actor) {
  const spends = checkVoucher(input.postings);
  if (spends) {
    const { code, ...params } = spends;
    throw new DomainError(code, { params, status: 422 });
  }
  return auditedWrite(db, { actor, action: "ledger.post" }, (tx, seq) => {
    const written = writeEntry(tx, seq, { ...input, sourceKind: "voucher" }, actor);
    return { result: { entry: written.entry }, subject: `entry:${written.entry.id}`, rows: written.rows };
  });
}

/**
 * 红字冲销: a new entry with the opposite postings, linked to the original
 * with a reason. An entry is reversed at most once; a reversal is not itself
 * reversed (post a new correct entry instead).
 */
export function reverseEntry(db: Db, entryId: number, input: { reason: string; businessDate: string }, actor: Actor) {
  return auditedWrite(db, { actor, action: "ledger.reverse" }, (tx, seq) => {
    const original = tx.select().from(journalEntries).where(eq(journalEntries.id, entryId)).get();
    if (!original) throw new DomainError("errors.notFound", { status: 404 });
    if (original.sourceKind === "reversal") throw new DomainError("ledger.reversalOfReversal", { status: 409 });
    if (!isReversibleSource(original.sourceKind)) throw new DomainError("ledger.reverseThroughSource", { status: 409 });
    if (tx.select({ id: journalEntries.id }).from(journalEntries).where(eq(journalEntries.reversesEntryId, entryId)).get()) {
      throw new DomainError("ledger.alreadyReversed", { status: 409 });
    }
    const lines = tx.select().from(postings).where(eq(postings.entryId, entryId)).orderBy(asc(postings.lineNo)).all();
    const written = writeEntry(tx, seq, {
      businessDate: input.businessDate,
      memo: `冲销 #${entryId}: ${original.memo}`.slice(0, 200),
      sourceKind: "reversal",
      sourceId: String(entryId),
      postings: reversingPostings(lines.map((p) => ({ book: p.book, accountCode: p.accountCode, amountFen: p.amountFen, unitId: p.unitId, memo: p.memo }))),
    }, actor, { reversesEntryId: entryId, reason: input.reason });
    return { result: { entry: written.entry }, subject: `entry:${written.entry.id}`, rows: written.rows, extra: { reverses: entryId } };
  });
}

export function getEntry(db: Db, id: number) {
  const entry = db.select().from(journalEntries).where(eq(journalEntries.id, id)).get();
  if (!entry) return null;
  const lines = db
    .select({ posting: postings, accountNameZh: accounts.nameZh, accountNameEn: accounts.nameEn })
    .from(postings)
    .innerJoin(accounts, eq(accounts.code, postings.accountCode))
    .where(eq(postings.entryId, id))
    .orderBy(asc(postings.lineNo))
    .all();
  const reversedBy = db.select().from(journalEntries).where(eq(journalEntries.reversesEntryId, id)).get() ?? null;
  return { entry, lines, reversedBy };
}

/** Sum of an account's postings in a book up to and including a date. */
export function accountBalanceFen(db: Db | Tx, book: Book, accountCode: string, onDate: string): number {
  const row = db
    .select({ total: sum(postings.amountFen).mapWith(Number) })
    .from(postings)
    .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
    .where(and(eq(postings.book, book), eq(postings.accountCode, accountCode), lte(journalEntries.businessDate, onDate)))
    .get();
  return row?.total ?? 0;
}

/** Every account's balance per book on a date (debit positive). */
export function balancesOn(db: Db, onDate: string) {
  return db
    .select({
      book: postings.book, accountCode: postings.accountCode, nameZh: accounts.nameZh, nameEn: accounts.nameEn, type: accounts.type,
      balanceFen: sql<number>`sum(${postings.amountFen})`.mapWith(Number),
    })
    .from(postings)
    .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
    .innerJoin(accounts, eq(accounts.code, postings.accountCode))
    .where(lte(journalEntries.businessDate, onDate))
    .groupBy(postings.book, postings.accountCode)
    .orderBy(asc(postings.book), asc(accounts.sortOrder))
    .all();
}
