import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { balanceAssertions, bankImports, bankLines } from "~db/schema";
import { fingerprintLines } from "~/domain/bank/dedup";
import { normalizeMapping, type BankMapping } from "~/domain/bank/mapping";
import { closingBalances } from "~/domain/bank/statement";
import { DomainError } from "~/domain/errors";
import { isIsoDate } from "~/domain/ledger/entries";
import type { Book } from "~/domain/ledger/chart";
import type { ChainedEvent, JsonObject } from "~/domain/audit-chain";
import type { Actor } from "../audit.server";
import { newPiiSalt, rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { readStatementLines, sha256OfBytes } from "./files.server";

export type BankImportRow = typeof bankImports.$inferSelect;
export type AssertionRow = typeof balanceAssertions.$inferSelect;

export interface ImportOutcome {
  import: BankImportRow | null;
  newCount: number;
  existingCount: number;
  assertions: AssertionRow[];
  /** The audit event written, when something was. */
  event?: ChainedEvent;
}

function lineExists(tx: Db | Tx, book: Book, fingerprint: string, occurrence: number): boolean {
  return Boolean(
    tx.select({ id: bankLines.id }).from(bankLines)
      .where(and(eq(bankLines.book, book), eq(bankLines.fingerprint, fingerprint), eq(bankLines.occurrence, occurrence)))
      .get(),
  );
}

function writeAssertion(tx: Tx, seq: number, input: { book: Book; asOf: string; expectedFen: number; source: string }): AssertionRow | null {
  const same = tx.select({ id: balanceAssertions.id }).from(balanceAssertions)
    .where(and(eq(balanceAssertions.book, input.book), eq(balanceAssertions.asOf, input.asOf), eq(balanceAssertions.expectedFen, input.expectedFen)))
    .get();
  if (same) return null;
  return tx.insert(balanceAssertions).values({ ...input, auditSeq: seq }).returning().get();
}

/**
 * Imports a statement file into a book (action `bank.import`): the import
 * row, its new lines and the closing-balance assertions of the dates with
 * new lines, in one audited event. Lines already imported (same fingerprint
 * and occurrence) are counted, not written; a file with nothing new writes
 * nothing at all. A file with any bad row is refused whole (BankFileError).
 */
export async function importBankStatement(
  db: Db,
  input: { book: Book; filename: string; bytes: Uint8Array; mapping: BankMapping },
  actor: Actor,
): Promise<ImportOutcome> {
  const mapping = normalizeMapping(input.mapping);
  const { table, lines } = await readStatementLines(input.bytes, mapping);
  const fileSha256 = sha256OfBytes(input.bytes);
  const keyed = fingerprintLines(input.book, lines);

  const fresh = keyed.filter((l) => !lineExists(db, input.book, l.fingerprint, l.occurrence));
  if (fresh.length === 0) return { import: null, newCount: 0, existingCount: keyed.length, assertions: [] };

  return auditedWrite(db, { actor, action: "bank.import" }, (tx, seq) => {
    // Checked again inside the write lock: another writer may have imported meanwhile.
    const toWrite = keyed.filter((l) => !lineExists(tx, input.book, l.fingerprint, l.occurrence));
    if (toWrite.length === 0) throw new DomainError("bank.errors.nothingNew", { status: 409 });
    const imported = tx.insert(bankImports).values({
      book: input.book, filename: input.filename.slice(0, 200) || "statement", fileSha256, encoding: table.encoding,
      mapping: JSON.stringify(mapping), lineCount: toWrite.length, importedBy: actor, auditSeq: seq,
    }).returning().get();
    const written = toWrite.map((l) =>
      tx.insert(bankLines).values({
        importId: imported.id, book: input.book, lineNo: l.lineNo, txnDate: l.txnDate, amountFen: l.amountFen,
        counterparty: l.counterparty, memo: l.memo, reference: l.reference, balanceFen: l.balanceFen,
        fingerprint: l.fingerprint, occurrence: l.occurrence, piiSalt: newPiiSalt(), auditSeq: seq,
      }).returning().get(),
    );
    const newDates = new Set(toWrite.map((l) => l.txnDate));
    const assertions = closingBalances(lines)
      .filter((c) => newDates.has(c.asOf))
      .map((c) => writeAssertion(tx, seq, { book: input.book, asOf: c.asOf, expectedFen: c.balanceFen, source: `bank_import:${imported.id}` }))
      .filter((a): a is AssertionRow => a !== null);
    return {
      result: { import: imported, newCount: written.length, existingCount: keyed.length - written.length, assertions },
      subject: `bank_import:${imported.id}`,
      rows: {
        bank_imports: [rowViews.bank_imports(imported)],
        bank_lines: written.map((r) => rowViews.bank_lines(r)),
        ...(assertions.length > 0 ? { balance_assertions: assertions.map((a) => rowViews.balance_assertions(a)) } : {}),
      },
      extra: { newCount: written.length, existingCount: keyed.length - written.length } satisfies JsonObject,
    };
  });
}

/** A balance read off a bank's printed statement (action `bank.assert`). */
export function addBalanceAssertion(db: Db, input: { book: Book; asOf: string; expectedFen: number }, actor: Actor) {
  if (!isIsoDate(input.asOf)) throw new DomainError("bank.errors.badDate", { field: "asOf" });
  if (!Number.isSafeInteger(input.expectedFen)) throw new DomainError("bank.errors.amount", { field: "expected" });
  return auditedWrite(db, { actor, action: "bank.assert" }, (tx, seq) => {
    const row = tx.insert(balanceAssertions).values({ ...input, source: "manual", auditSeq: seq }).returning().get();
    return { result: { assertion: row }, subject: `balance_assertion:${row.id}`, rows: { balance_assertions: [rowViews.balance_assertions(row)] } };
  });
}
