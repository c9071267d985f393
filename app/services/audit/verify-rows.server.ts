import { getTableColumns } from "drizzle-orm";
import type { Db } from "~db/connection";
import { canonicalJson, type JsonObject } from "~/domain/audit-chain";
import { historyTables, type HistoryTable } from "../audit-rows.server";

/**
 * Every history row against the event that last wrote it (DESIGN.md §6),
 * walked beside the chain as a merge rather than looked up row by row, and
 * without holding the tables in memory.
 *
 * Each table is read once in rowid order, which is the order its rows were
 * inserted, hence (but for rows rewritten later) the order of the events
 * that wrote them. An event's claims (`data.rows`) wait in `pending` until
 * the table's cursor reaches their row; a cursor stops at a row whose event
 * has not been walked yet. So `pending` holds only the claims of the event
 * being walked, plus, for a table with a row rewritten later (a proposal
 * changing status), that table's claims until the rewriting event: a few.
 *
 * The outcome is the one of comparing every row with the latest claim on it:
 * no claim → rows.no_event; a latest claim from another seq →
 * rows.seq_mismatch; same seq, other content → rows.content_mismatch (or
 * rows.unreadable); a claim without its row → rows.missing.
 */
export type RowProblem = { seq: number; code: string; detail: string };

type Claim = { seq: number; row: unknown; table: string; id: string };
type Orphan = { auditSeq: number; lastClaim: number | null; table: string; id: string; order: number };
type Found = RowProblem & { order: number };
/** A table read in rowid order, a batch at a time (raw arrays turned into drizzle-shaped rows here: far cheaper than row objects built by the driver). */
type Cursor = {
  table: HistoryTable; index: number; batch: unknown[][]; at: number; lastRowid: number; done: boolean; head: Record<string, unknown> | null;
  read: (afterRowid: number) => unknown[][]; byKey: (id: string) => Record<string, unknown> | null; shape: (values: unknown[]) => Record<string, unknown>;
  key: (row: unknown) => string; view: (row: unknown) => JsonObject;
};
const BATCH_ROWS = 2_000;

const KEY_COLUMN: Partial<Record<HistoryTable, string>> = { accounts: "code" };

export class RowsMerge {
  private readonly cursors = new Map<string, Cursor>();
  private readonly pending = new Map<string, Claim>();
  private readonly orphans = new Map<string, Orphan>();
  /** Content problems by row: a later claim on the same row turns one into a seq mismatch. */
  private readonly found = new Map<string, Found>();
  private consumed = 0;
  private rowCount = 0;

  constructor(private readonly db: Db) {
    (Object.keys(historyTables) as HistoryTable[]).forEach((table, index) => {
      const def = historyTables[table] as unknown as { table: never; view: (row: unknown) => JsonObject; key: (row: unknown) => string };
      const { list, shape } = selectOf(def.table);
      const batch = db.$client.prepare(`SELECT rowid, ${list} FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH_ROWS}`).raw();
      const one = db.$client.prepare(`SELECT rowid, ${list} FROM ${table} WHERE ${KEY_COLUMN[table] ?? "id"} = ?`).raw();
      const cursor: Cursor = {
        table, index, batch: [], at: 0, lastRowid: 0, done: false, head: null, shape, key: def.key, view: def.view,
        read: (afterRowid) => batch.all(afterRowid) as unknown[][],
        byKey: (id) => {
          const values = one.get(KEY_COLUMN[table] ? id : Number(id)) as unknown[] | undefined;
          return values ? shape(values) : null;
        },
      };
      this.cursors.set(table, cursor);
      this.next(cursor);
    });
  }

  /** The rows event `seq` claims to have written (its `data.rows`), then every row that event may settle. */
  event(seq: number, rows: unknown): void {
    if (typeof rows !== "object" || rows === null) return;
    for (const [table, list] of Object.entries(rows as Record<string, unknown>)) {
      if (!Array.isArray(list)) continue;
      const cursor = this.cursors.get(table);
      // Rows of earlier events first: every claim they may answer is in.
      if (cursor) this.advance(cursor, seq - 1);
      for (const row of list as Record<string, unknown>[]) {
        const id = String(row.id ?? row.code);
        const head = cursor?.head;
        if (cursor && head && head.auditSeq === seq && cursor.key(head) === id) {
          // The common case: the table's next row is this one, written by this event. No earlier claim counts now.
          if (this.pending.size > 0) this.pending.delete(`${table}:${id}`);
          this.check(cursor, head, id, row);
          this.next(cursor);
          continue;
        }
        const key = `${table}:${id}`;
        const orphan = this.orphans.size > 0 ? this.orphans.get(key) : undefined;
        if (orphan) orphan.lastClaim = seq;
        else this.pending.set(key, { seq, row, table, id });
      }
      if (cursor) this.advance(cursor, seq);
    }
  }

  /** After the last event: the rows not reached yet, then the claims no row answered. */
  finish(): { problems: RowProblem[]; rowCount: number } {
    for (const cursor of this.cursors.values()) this.advance(cursor, Number.POSITIVE_INFINITY);
    const problems: Found[] = [];
    for (const [key, claim] of this.pending) {
      // A claim made after its row was settled (or on a row that is gone): the latest claim is the one that counts.
      const cursor = this.cursors.get(claim.table);
      const row = cursor ? cursor.byKey(claim.id) : null;
      this.found.delete(key);
      if (!cursor || !row) {
        problems.push({ seq: claim.seq, code: "rows.missing", detail: `${claim.table} row ${claim.id} recorded by seq ${claim.seq} is missing`, order: Number.MAX_SAFE_INTEGER });
      } else if (row.auditSeq !== claim.seq) {
        problems.push(mismatch(claim.table, claim.id, row.auditSeq as number, claim.seq, cursor.index * 2 ** 32));
      } else {
        this.check(cursor, row, claim.id, claim.row); // claimed twice by one event: the later claim counts
      }
    }
    for (const o of this.orphans.values()) {
      problems.push(o.lastClaim === null
        ? { seq: o.auditSeq, code: "rows.no_event", detail: `${o.table} row ${o.id} was written by no event`, order: o.order }
        : mismatch(o.table, o.id, o.auditSeq, o.lastClaim, o.order));
    }
    problems.push(...this.found.values());
    // The order the tables are listed in, then rows; claims without rows last (ties only: the caller takes the earliest seq).
    problems.sort((a, b) => a.order - b.order);
    return { problems: problems.map(({ seq, code, detail }) => ({ seq, code, detail })), rowCount: this.rowCount };
  }

  private next(cursor: Cursor): void {
    if (cursor.at >= cursor.batch.length && !cursor.done) {
      cursor.batch = cursor.read(cursor.lastRowid);
      cursor.at = 0;
      cursor.done = cursor.batch.length < BATCH_ROWS;
    }
    const values = cursor.batch[cursor.at++];
    if (values === undefined) {
      cursor.head = null;
      return;
    }
    cursor.lastRowid = values[0] as number;
    cursor.head = cursor.shape(values);
    this.rowCount++;
  }

  /** Settles the table's rows up to the first one written after event `seq`. */
  private advance(cursor: Cursor, seq: number): void {
    for (let row = cursor.head; row !== null && (row.auditSeq as number) <= seq; row = cursor.head) {
      this.settle(cursor, row);
      this.next(cursor);
    }
  }

  private settle(cursor: Cursor, row: Record<string, unknown>): void {
    const id = cursor.key(row);
    const key = `${cursor.table}:${id}`;
    const claim = this.pending.get(key);
    if (claim) this.pending.delete(key);
    if (claim && claim.seq === row.auditSeq) {
      this.check(cursor, row, id, claim.row);
      return;
    }
    this.orphans.set(key, { auditSeq: row.auditSeq as number, lastClaim: claim?.seq ?? null, table: cursor.table, id, order: cursor.index * 2 ** 32 + this.consumed++ });
  }

  /** The row against the claim its own event made. */
  private check(cursor: Cursor, row: Record<string, unknown>, id: string, claim: unknown): void {
    const order = cursor.index * 2 ** 32 + this.consumed++;
    const outcome = compare(cursor.view, row, claim);
    if (outcome === "same") return;
    const auditSeq = row.auditSeq as number;
    this.found.set(`${cursor.table}:${id}`, outcome === "unreadable"
      ? { seq: auditSeq, code: "rows.unreadable", detail: `${cursor.table} row ${id} cannot be read (a JSON column is not JSON)`, order }
      : { seq: auditSeq, code: "rows.content_mismatch", detail: `${cursor.table} row ${id} differs from what seq ${auditSeq} recorded`, order });
  }
}

function mismatch(table: string, id: string, auditSeq: number, claimSeq: number, order: number): Found {
  // Placed at the later of the two: a row naming an event the chain lacks is wrong from that event on.
  return { seq: Math.max(claimSeq, auditSeq), code: "rows.seq_mismatch", detail: `${table} row ${id} names seq ${auditSeq}, but seq ${claimSeq} wrote it last`, order };
}

/**
 * A row's chain form against the claim, as canonical JSON would compare them.
 * The structural comparison answers "same" cheaply; any other answer is
 * decided by canonical JSON itself, as the check has always been defined.
 */
function compare(view: (row: unknown) => JsonObject, row: unknown, claim: unknown): "same" | "differs" | "unreadable" {
  let chainForm: JsonObject;
  try {
    chainForm = view(row);
    if (sameJson(chainForm, claim)) return "same";
    return canonicalJson(chainForm) === canonicalJson(claim as JsonObject) ? "same" : "differs";
  } catch {
    return "unreadable"; // a JSON column edited into something that is not JSON
  }
}

/**
 * Deep equality of a chain form (plain objects, arrays, strings, numbers,
 * booleans, null; undefined members skipped, as canonical JSON skips them)
 * and a parsed claim. True only when their canonical JSON texts are equal;
 * false also for anything unusual (a Date), left to canonical JSON.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let members = 0;
  for (const key of Object.keys(x)) {
    const value = x[key];
    if (value === undefined) continue;
    members++;
    if (!Object.hasOwn(y, key) || !sameJson(value, y[key])) return false;
  }
  return members === Object.keys(y).length;
}

/**
 * The table's rows as drizzle would give them (property names, booleans),
 * from raw arrays: [rowid, ...columns]. Columns drizzle maps (booleans) are
 * mapped by drizzle's own column.
 */
function selectOf(schemaTable: never): { list: string; shape: (values: unknown[]) => Record<string, unknown> } {
  const columns = Object.entries(getTableColumns(schemaTable) as Record<string, { name: string; columnType: string; mapFromDriverValue: (v: unknown) => unknown }>);
  const props = columns.map(([prop]) => prop);
  const mappers = columns.map(([, column]) => (column.columnType === "SQLiteInteger" || column.columnType === "SQLiteText" ? null : column));
  const shape = (values: unknown[]) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < props.length; i++) {
      const value = values[i + 1];
      const mapper = mappers[i];
      row[props[i]!] = mapper && value !== null ? mapper.mapFromDriverValue(value) : value;
    }
    return row;
  };
  const list = columns.map(([, column]) => `"${column.name}"`).join(", ");
  return { list, shape };
}
