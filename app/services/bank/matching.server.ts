import { and, asc, desc, eq, inArray, max, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { bankLines, bankMatches, journalEntries, postings } from "~db/schema";
import { autoMatchPairs } from "~/domain/bank/matching";
import { DomainError } from "~/domain/errors";
import { ACCOUNT, type Book } from "~/domain/ledger/chart";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";

type Reader = Db | Tx;

/** The current match of every matched line (the latest bank_matches row of a line, when it is a match). */
export function currentMatches(db: Reader, book: Book): { bankLineId: number; entryId: number; method: "auto" | "manual" }[] {
  const latest = db
    .select({ lineId: bankMatches.bankLineId, maxId: max(bankMatches.id).as("max_id") })
    .from(bankMatches)
    .groupBy(bankMatches.bankLineId)
    .as("latest");
  return db
    .select({ bankLineId: bankMatches.bankLineId, entryId: bankMatches.entryId, method: bankMatches.method })
    .from(bankMatches)
    .innerJoin(latest, eq(latest.maxId, bankMatches.id))
    .innerJoin(bankLines, eq(bankLines.id, bankMatches.bankLineId))
    .where(and(eq(bankMatches.action, "match"), eq(bankLines.book, book)))
    .all()
    .filter((m): m is { bankLineId: number; entryId: number; method: "auto" | "manual" } => m.entryId !== null);
}

/** Entries with a bank (1002) posting in the book, with the net amount on the bank account (money in positive). */
export function bankEntries(db: Reader, book: Book, entryIds?: number[]) {
  const bankAmountFen = sql<number>`sum(${postings.amountFen})`.mapWith(Number);
  return db
    .select({ id: journalEntries.id, businessDate: journalEntries.businessDate, memo: journalEntries.memo, sourceKind: journalEntries.sourceKind, sourceId: journalEntries.sourceId, bankAmountFen })
    .from(postings)
    .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
    .where(and(eq(postings.book, book), eq(postings.accountCode, ACCOUNT.bank), entryIds ? inArray(journalEntries.id, entryIds) : undefined))
    .groupBy(journalEntries.id)
    .having(ne(sql`sum(${postings.amountFen})`, 0))
    .orderBy(asc(journalEntries.businessDate), asc(journalEntries.id))
    .all();
}

export function unmatchedLines(db: Reader, book: Book) {
  const matched = new Set(currentMatches(db, book).map((m) => m.bankLineId));
  return db.select().from(bankLines).where(eq(bankLines.book, book)).orderBy(asc(bankLines.txnDate), asc(bankLines.id)).all()
    .filter((l) => !matched.has(l.id));
}

export function unmatchedEntries(db: Reader, book: Book) {
  const matched = new Set(currentMatches(db, book).map((m) => m.entryId));
  return bankEntries(db, book).filter((e) => !matched.has(e.id));
}

/** Matched lines, newest first, with their entry (for the unmatch forms). */
export function matchedLines(db: Db, book: Book, limit = 50) {
  const matches = new Map(currentMatches(db, book).map((m) => [m.bankLineId, m]));
  if (matches.size === 0) return [];
  const lines = db.select().from(bankLines).where(inArray(bankLines.id, [...matches.keys()])).orderBy(desc(bankLines.txnDate), desc(bankLines.id)).limit(limit).all();
  return lines.map((line) => ({ line, entryId: matches.get(line.id)!.entryId, method: matches.get(line.id)!.method }));
}

/**
 * Matches each unmatched line of the book to its single best unmatched entry
 * (action `bank.auto_match`, one event for the whole run; none if nothing matched).
 */
export function autoMatch(db: Db, input: { book: Book }, actor: Actor): { matched: number } {
  const pairs = autoMatchPairs(unmatchedLines(db, input.book), unmatchedEntries(db, input.book));
  if (pairs.length === 0) return { matched: 0 };
  return auditedWrite(db, { actor, action: "bank.auto_match" }, (tx, seq) => {
    // Re-read inside the write lock and keep only pairs still open on both sides.
    const openLines = new Set(unmatchedLines(tx, input.book).map((l) => l.id));
    const openEntries = new Set(unmatchedEntries(tx, input.book).map((e) => e.id));
    const rows = pairs
      .filter((p) => openLines.has(p.lineId) && openEntries.has(p.entryId))
      .map((p) => tx.insert(bankMatches).values({ bankLineId: p.lineId, entryId: p.entryId, action: "match", method: "auto", auditSeq: seq }).returning().get());
    return { result: { matched: rows.length }, subject: `bank_book:${input.book}`, rows: { bank_matches: rows.map((r) => rowViews.bank_matches(r)) } };
  });
}

/** Matches one line to one entry by hand (action `bank.match`). */
export function matchLine(db: Db, input: { bankLineId: number; entryId: number }, actor: Actor) {
  return auditedWrite(db, { actor, action: "bank.match" }, (tx, seq) => {
    const line = tx.select().from(bankLines).where(eq(bankLines.id, input.bankLineId)).get();
    if (!line) throw new DomainError("errors.notFound", { status: 404 });
    const entry = tx.select({ id: journalEntries.id }).from(journalEntries).where(eq(journalEntries.id, input.entryId)).get();
    if (!entry) throw new DomainError("bank.errors.entryNotFound", { field: "entryId", status: 404 });
    const inBook = bankEntries(tx, line.book, [entry.id])[0];
    if (!inBook) throw new DomainError("bank.errors.differentBook", { field: "entryId" });
    if (inBook.bankAmountFen !== line.amountFen) throw new DomainError("bank.errors.amountDiffers", { field: "entryId" });
    const matches = currentMatches(tx, line.book);
    if (matches.some((m) => m.bankLineId === line.id)) throw new DomainError("bank.errors.lineMatched", { status: 409 });
    if (matches.some((m) => m.entryId === entry.id)) throw new DomainError("bank.errors.entryMatched", { field: "entryId", status: 409 });
    const row = tx.insert(bankMatches).values({ bankLineId: line.id, entryId: entry.id, action: "match", method: "manual", auditSeq: seq }).returning().get();
    return { result: { match: row }, subject: `bank_line:${line.id}`, rows: { bank_matches: [rowViews.bank_matches(row)] } };
  });
}

/** Undoes a line's current match (action `bank.unmatch`): a new row, the old one stays. */
export function unmatchLine(db: Db, input: { bankLineId: number }, actor: Actor) {
  return auditedWrite(db, { actor, action: "bank.unmatch" }, (tx, seq) => {
    const line = tx.select().from(bankLines).where(eq(bankLines.id, input.bankLineId)).get();
    if (!line) throw new DomainError("errors.notFound", { status: 404 });
    const current = currentMatches(tx, line.book).find((m) => m.bankLineId === line.id);
    if (!current) throw new DomainError("bank.errors.notMatched", { status: 409 });
    const row = tx.insert(bankMatches).values({ bankLineId: line.id, entryId: current.entryId, action: "unmatch", method: "manual", auditSeq: seq }).returning().get();
    return { result: { match: row }, subject: `bank_line:${line.id}`, rows: { bank_matches: [rowViews.bank_matches(row)] } };
  });
}
