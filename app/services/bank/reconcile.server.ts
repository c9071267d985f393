import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "~db/connection";
import { balanceAssertions, bankImports, bankLines } from "~db/schema";
import { ACCOUNT, BOOKS, type Book } from "~/domain/ledger/chart";
import { accountBalanceFen } from "../ledger/entries.server";
import { matchedLines, unmatchedEntries, unmatchedLines } from "./matching.server";

export interface AssertionStatus {
  id: number;
  book: Book;
  asOf: string;
  source: string;
  expectedFen: number; // the bank's figure
  ledgerFen: number; // the balance of 1002 in the book at the end of asOf
  differenceFen: number; // bank minus ledger
  ok: boolean;
}

/** Every balance assertion of a book (or of all books) against the ledger, oldest first. */
export function assertionStatuses(db: Db, book?: Book): AssertionStatus[] {
  const rows = db.select().from(balanceAssertions)
    .where(book ? eq(balanceAssertions.book, book) : undefined)
    .orderBy(asc(balanceAssertions.asOf), asc(balanceAssertions.id)).all();
  return rows.map((a) => {
    const ledgerFen = accountBalanceFen(db, a.book, ACCOUNT.bank, a.asOf);
    const differenceFen = a.expectedFen - ledgerFen;
    return { id: a.id, book: a.book, asOf: a.asOf, source: a.source, expectedFen: a.expectedFen, ledgerFen, differenceFen, ok: differenceFen === 0 };
  });
}

/** The assertions where the ledger disagrees with the bank, in both books: the alarm (BalanceAlarm). */
export function failingAssertions(db: Db): AssertionStatus[] {
  return BOOKS.flatMap((book) => assertionStatuses(db, book)).filter((a) => !a.ok);
}

/** A book's imports with the dates their lines cover (a join: a correlated subquery would lose its table names). */
export function listImports(db: Db, book: Book, limit = 50) {
  return db.select({
    id: bankImports.id, filename: bankImports.filename, encoding: bankImports.encoding, lineCount: bankImports.lineCount,
    importedBy: bankImports.importedBy, auditSeq: bankImports.auditSeq,
    firstDate: sql<string | null>`min(${bankLines.txnDate})`,
    lastDate: sql<string | null>`max(${bankLines.txnDate})`,
  })
    .from(bankImports)
    .leftJoin(bankLines, eq(bankLines.importId, bankImports.id))
    .where(eq(bankImports.book, book))
    .groupBy(bankImports.id)
    .orderBy(desc(bankImports.id))
    .limit(limit)
    .all();
}

/** What the /bank page shows for one book. */
export function reconciliation(db: Db, book: Book) {
  return {
    book,
    imports: listImports(db, book),
    unmatchedLines: unmatchedLines(db, book),
    unmatchedEntries: unmatchedEntries(db, book),
    matchedLines: matchedLines(db, book),
    assertions: assertionStatuses(db, book),
    failing: failingAssertions(db),
  };
}
