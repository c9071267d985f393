import type { Db, Tx } from "~db/connection";
import { parseQuarter, type Quarter } from "~/domain/billing/periods";
import { BOOKS, type Book } from "~/domain/ledger/chart";
import type { StatementPeriod } from "~/domain/statements/snapshot";
import {
  approvedUnpaidFen, arrearsAtEndFen, BALANCE_ACCOUNTS, collectionParts, liveQuarterFacts, NOTHING_CARRIED, statement, zeroBalances,
  type Balances, type BookFacts, type CarriedIn, type CollectionParts, type QuarterFacts,
} from "./quarter-facts.server";

/**
 * Checkpoints of published quarters (issue 8): when a quarter is published,
 * what the statement needs from the ledger about it — opening and closing
 * balances per book, its cash rows, the parts of its collection rate, the
 * approved but unpaid spending at its end — is
 * stored (db/tables/checkpoints.ts), so the next quarter's statement reads
 * one quarter of postings instead of all history, and a published quarter's
 * own statement reads none.
 *
 * A cache, not history: no audit event, never in the chain, never changes a
 * figure; statements:verify recomputes without it ({ checkpoints: false }).
 *
 * How one stays valid. A checkpoint records the audit head S its figures
 * were computed at. An entry can still be dated into a checkpointed quarter
 * (a quarter reopened by the committee, or one never published before a
 * later one was), as can a bill of an earlier period or an allocation. So
 * triggers (migration 0012) delete every checkpoint ending on or after the
 * date of any new journal entry, bill period, allocation, proposal payment
 * or passed approval, inside the writer's own transaction. Hence a checkpoint that exists has had no such
 * row written after S, and for any head H ≥ S the rows up to H give the same
 * figures as the rows up to S: it is used only when S ≤ H. Chosen over
 * checking at read time (a scan of every row written since S, through a
 * new audit_seq index on five tables) because it costs each write one
 * indexed delete on a table of a few hundred rows, sees every writer —
 * bill runs and payments too, not only writeEntry — and needs no reasoning
 * about which rows a reader must look at.
 */

export interface FiguresOptions {
  /** false: compute from the ledger alone (statements:verify, tests); default true. */
  checkpoints?: boolean;
}

interface CheckpointRow {
  kind: "made" | "opening" | "closing" | "cash" | "collection" | "owed";
  book: string;
  key: string;
  debit: number;
  amountFen: number;
  auditSeq: number;
}

const COLLECTION_KEYS = ["billedFen", "onQuarterInQuarterFen", "onQuarterBeforeFen", "earlierInQuarterFen", "arrearsAtStartFen"] as const;

/** The stored facts of a quarter, if it has a checkpoint made at or before the head. */
function readCheckpoint(db: Db | Tx, label: string, headSeq: number): QuarterFacts | null {
  const rows = statement(db, `SELECT kind, book, key, debit, amount_fen AS amountFen, audit_seq AS auditSeq
    FROM statement_checkpoints WHERE quarter = ?`).all(label) as CheckpointRow[];
  const made = rows.find((r) => r.kind === "made");
  if (!made || made.auditSeq > headSeq) return null;
  const empty = (): BookFacts => ({ opening: zeroBalances(), closing: zeroBalances(), cashRows: [] });
  const books: QuarterFacts["books"] = { cogoverned: empty(), public_revenue: empty() };
  const collection: CollectionParts = { billedFen: 0, onQuarterInQuarterFen: 0, onQuarterBeforeFen: 0, earlierInQuarterFen: 0, arrearsAtStartFen: 0 };
  const approvedUnpaid: Partial<Record<Book, number>> = {};
  for (const row of rows) {
    if (row.kind === "owed") approvedUnpaid[row.book as Book] = row.amountFen;
    else if (row.kind === "collection") collection[row.key as keyof CollectionParts] = row.amountFen;
    else if (row.kind === "cash") books[row.book as Book].cashRows.push({ accountCode: row.key, netFen: row.amountFen });
    else if (row.kind === "opening" || row.kind === "closing") books[row.book as Book][row.kind][row.key as keyof Balances] = row.amountFen;
  }
  for (const book of BOOKS) books[book].cashRows.sort((a, b) => a.accountCode.localeCompare(b.accountCode) || a.netFen - b.netFen);
  const owed = approvedUnpaid.cogoverned !== undefined && approvedUnpaid.public_revenue !== undefined
    ? { cogoverned: approvedUnpaid.cogoverned, public_revenue: approvedUnpaid.public_revenue } : undefined;
  return { books, collection, ...(owed ? { approvedUnpaidFen: owed } : {}) };
}

function carriedFrom(quarter: Quarter, facts: QuarterFacts): CarriedIn {
  return {
    endDate: quarter.endDate, lastMonth: quarter.lastMonth,
    closing: { cogoverned: facts.books.cogoverned.closing, public_revenue: facts.books.public_revenue.closing },
    arrearsAtEndFen: arrearsAtEndFen(facts.collection),
  };
}

/** The latest checkpoint usable at the head that ends before the date, as balances carried in. */
/**
 * The collection rate's parts of one quarter as of now: from its checkpoint,
 * else live from the latest checkpoint before it (the billing page's rates).
 */
export function collectionPartsOf(db: Db | Tx, quarter: Quarter): CollectionParts {
  const headSeq = Number.MAX_SAFE_INTEGER;
  return readCheckpoint(db, quarter.label, headSeq)?.collection ?? collectionParts(db, quarter, carriedBefore(db, quarter.startDate, headSeq), headSeq);
}

function carriedBefore(db: Db | Tx, date: string, headSeq: number): CarriedIn {
  const found = statement(db, `SELECT quarter FROM statement_checkpoints
    WHERE kind = 'made' AND period_end < ? AND audit_seq <= ? ORDER BY period_end DESC LIMIT 1`).get(date, headSeq) as { quarter: string } | undefined;
  const quarter = found ? parseQuarter(found.quarter) : null;
  const facts = quarter ? readCheckpoint(db, quarter.label, headSeq) : null;
  return quarter && facts ? carriedFrom(quarter, facts) : NOTHING_CARRIED;
}

/**
 * The facts of consecutive quarters (a year's, or a year's up to a quarter),
 * each from its checkpoint when usable, else live, carried in from the
 * quarter before (or from the latest checkpoint before the first).
 */
export function factsOfQuarters(db: Db | Tx, labels: readonly string[], headSeq: number, options: FiguresOptions = {}): QuarterFacts[] {
  const useCheckpoints = options.checkpoints !== false;
  const out: QuarterFacts[] = [];
  let carried: CarriedIn | null = null;
  for (const label of labels) {
    const quarter = parseQuarter(label);
    if (!quarter) throw new RangeError(`not a quarter: ${label}`);
    const stored = useCheckpoints ? readCheckpoint(db, label, headSeq) : null;
    const facts = stored ?? liveQuarterFacts(db, quarter, carried ?? (useCheckpoints ? carriedBefore(db, quarter.startDate, headSeq) : NOTHING_CARRIED), headSeq);
    out.push(facts);
    carried = carriedFrom(quarter, facts);
  }
  return out;
}

/**
 * Stores the checkpoint of a quarter being published, inside the publishing
 * transaction, computed at its audit head. A year's accounts store none (its
 * quarters have theirs). A checkpoint that still exists is still right, so
 * a republished quarter keeps the older one (usable at more heads).
 */
export function checkpointQuarter(tx: Tx, period: StatementPeriod, headSeq: number): void {
  if (period.kind !== "quarter") return;
  const quarter = parseQuarter(period.label)!;
  if (readCheckpoint(tx, quarter.label, Number.MAX_SAFE_INTEGER)) return;
  const [facts] = factsOfQuarters(tx, [quarter.label], headSeq);
  const insert = statement(tx, `INSERT INTO statement_checkpoints (quarter, period_end, audit_seq, kind, book, key, debit, amount_fen)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const row = (kind: CheckpointRow["kind"], book: string, key: string, debit: number, amountFen: number) =>
    insert.run(quarter.label, quarter.endDate, headSeq, kind, book, key, debit, amountFen);
  row("made", "", "", 0, 0);
  for (const book of BOOKS) {
    const bookFacts = facts!.books[book];
    for (const code of BALANCE_ACCOUNTS) {
      row("opening", book, code, 0, bookFacts.opening[code]);
      row("closing", book, code, 0, bookFacts.closing[code]);
    }
    for (const cash of bookFacts.cashRows) row("cash", book, cash.accountCode, cash.netFen > 0 ? 1 : 0, cash.netFen);
    row("owed", book, "approvedUnpaid", 0, approvedUnpaidFen(tx, book, quarter.endDate, headSeq));
  }
  for (const key of COLLECTION_KEYS) row("collection", "", key, 0, facts!.collection[key]);
}
