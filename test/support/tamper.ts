/**
 * Tampering with a copy of a database the way an insider with file access
 * could (DESIGN.md §6, §9; issue 6 item 6): the append-only triggers are
 * dropped, then ONE mutation is applied — an audit event's field edited,
 * an event deleted, two events swapped, the chain truncated or re-hashed
 * after a published head, a history row edited or deleted. Each mutation
 * says what it did, so the test can check that verifyDatabase names it.
 * Free of vitest.
 */
import fs from "node:fs";
import path from "node:path";
import { getTableColumns } from "drizzle-orm";
import { openDatabase, type Db } from "~db/connection";
import { canonicalJson, hashEvent, type JsonObject, type JsonValue } from "~/domain/audit-chain";
import { historyTables, type HistoryTable } from "~/services/audit-rows.server";

/** A small deterministic PRNG (mulberry32): every choice of a case follows from its seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[int(0, items.length - 1)]!;
  };
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return { next, int, pick, shuffle };
}
export type Rng = ReturnType<typeof prng>;

/** Checkpoints the WAL into the main file so a plain file copy is the whole database. */
export function checkpoint(db: Db): string {
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  return db.$client.name;
}

/**
 * A copy of `source` in `dir`, opened without migrating, with every trigger
 * dropped (the append-only guards an attacker with the file would remove)
 * and foreign keys off (a deleted row must not cascade or be refused).
 */
export function tamperCopy(source: string, dir: string, name: string): { db: Db; file: string; close: () => void } {
  const file = path.join(dir, `${name}.db`);
  fs.copyFileSync(source, file);
  const db = openDatabase(file, { migrate: false });
  const triggers = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[];
  db.$client.transaction(() => {
    for (const { name: trigger } of triggers) db.$client.exec(`DROP TRIGGER "${trigger}"`);
  })();
  db.$client.pragma("foreign_keys = OFF");
  const close = () => db.$client.close();
  return { db, file, close };
}

export function removeCopy(file: string): void {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
}

export function maxEventSeq(db: Db): number {
  return (db.$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n;
}

interface RawEvent { seq: number; at: string; actor: string; action: string; subject: string; data: string; prev: string; hash: string }

function eventAt(db: Db, seq: number): RawEvent {
  const row = db.$client.prepare("SELECT * FROM audit_events WHERE seq = ?").get(seq) as RawEvent | undefined;
  if (!row) throw new Error(`no event ${seq}`);
  return row;
}

const HEX = "0123456789abcdef";
const DIGITS = "0123456789";
const OTHERS = "abcxyzQ明账_";

/** The string with one character replaced by a different one of the same sort (hex stays hex). */
export function changeOneChar(text: string, rng: Rng): string {
  const chars = Array.from(text);
  if (chars.length === 0) return "x";
  const i = rng.int(0, chars.length - 1);
  const old = chars[i]!;
  const pool = HEX.includes(old) ? HEX : DIGITS.includes(old) ? DIGITS : OTHERS;
  const choices = Array.from(pool).filter((c) => c !== old);
  chars[i] = rng.pick(choices);
  return chars.join("");
}

type Leaf = { get: () => JsonValue; set: (value: JsonValue) => void };

/** Every non-empty string and every integer inside a JSON value, as settable leaves. */
function leavesOf(value: JsonValue): Leaf[] {
  const out: Leaf[] = [];
  const visit = (holder: JsonObject | JsonValue[], key: string | number) => {
    const item = (holder as Record<string | number, JsonValue>)[key]!;
    if ((typeof item === "string" && item !== "") || typeof item === "number") {
      out.push({ get: () => item, set: (v) => ((holder as Record<string | number, JsonValue>)[key] = v) });
    } else if (item !== null && typeof item === "object") {
      for (const k of Array.isArray(item) ? item.keys() : Object.keys(item)) visit(item, k);
    }
  };
  if (value !== null && typeof value === "object") for (const k of Array.isArray(value) ? value.keys() : Object.keys(value)) visit(value, k);
  return out;
}

/** Changes one leaf of a JSON document (a character of a string, an integer by ±1); null when it has none. */
export function changeOneLeaf(json: JsonValue, rng: Rng): { value: JsonValue; was: JsonValue; now: JsonValue } | null {
  const copy = JSON.parse(JSON.stringify(json)) as JsonValue;
  const leaves = leavesOf(copy);
  if (leaves.length === 0) return null;
  const leaf = rng.pick(leaves);
  const was = leaf.get();
  const now = typeof was === "number" ? was + rng.pick([-1, 1]) : changeOneChar(was as string, rng);
  leaf.set(now);
  return { value: copy, was, now };
}

// ---------------------------------------------------------------- chain mutations

export const EVENT_FIELDS = ["at", "actor", "action", "subject", "data", "prev", "hash"] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

export type Mutation =
  | { kind: "event_edit"; seq: number; field: EventField; was: string; now: string }
  | { kind: "event_delete"; seq: number; last: boolean }
  | { kind: "event_swap"; seq: number; other: number }
  | { kind: "truncate"; count: number; newMax: number; oldMax: number }
  | { kind: "row_edit"; table: HistoryTable; key: string; column: string; auditSeq: number; was: unknown; now: unknown }
  | { kind: "row_delete"; table: HistoryTable; key: string; auditSeq: number }
  | { kind: "row_corrupt"; table: HistoryTable; key: string; column: string; auditSeq: number }
  | { kind: "rehash"; after: number; oldMax: number; field: "actor" | "at" };

/** (a) One field of event `seq` changed; the rest of the chain left as it was. */
export function editEvent(db: Db, rng: Rng, seq: number, field: EventField): Mutation {
  const event = eventAt(db, seq);
  const was = event[field];
  let now: string;
  if (field === "at") {
    now = new Date(Date.parse(was) + rng.pick([-60_000, -1, 1, 60_000])).toISOString();
  } else if (field === "data") {
    const changed = changeOneLeaf(JSON.parse(was) as JsonValue, rng);
    if (!changed) throw new Error(`event ${seq} has no leaf to change`);
    now = JSON.stringify(changed.value);
  } else {
    now = changeOneChar(was, rng);
  }
  db.$client.prepare(`UPDATE audit_events SET ${field} = ? WHERE seq = ?`).run(now, seq);
  return { kind: "event_edit", seq, field, was, now };
}

/** (b) Event `seq` deleted. */
export function deleteEvent(db: Db, seq: number): Mutation {
  const last = seq === maxEventSeq(db);
  db.$client.prepare("DELETE FROM audit_events WHERE seq = ?").run(seq);
  return { kind: "event_delete", seq, last };
}

/** (c) The contents of events `a` and `b` (every column but seq) exchanged. */
export function swapEvents(db: Db, a: number, b: number): Mutation {
  const [first, second] = [eventAt(db, Math.min(a, b)), eventAt(db, Math.max(a, b))];
  const update = db.$client.prepare("UPDATE audit_events SET at = ?, actor = ?, action = ?, subject = ?, data = ?, prev = ?, hash = ? WHERE seq = ?");
  db.$client.transaction(() => {
    // hash is UNIQUE: park the first event's hash while the second takes it.
    db.$client.prepare("UPDATE audit_events SET hash = 'swapping' WHERE seq = ?").run(second.seq);
    update.run(second.at, second.actor, second.action, second.subject, second.data, second.prev, second.hash, first.seq);
    update.run(first.at, first.actor, first.action, first.subject, first.data, first.prev, first.hash, second.seq);
  })();
  return { kind: "event_swap", seq: first.seq, other: second.seq };
}

/** (d) The last `count` events removed. */
export function truncateChain(db: Db, count: number): Mutation {
  const oldMax = maxEventSeq(db);
  db.$client.prepare("DELETE FROM audit_events WHERE seq > ?").run(oldMax - count);
  return { kind: "truncate", count, newMax: oldMax - count, oldMax };
}

/**
 * (g) History rewritten after event `after`: every later event deleted and
 * appended again with recomputed prev and hash, the first of them with a
 * different actor (or an earlier `at`), the rows in every event unchanged.
 * The chain is internally valid and every row still matches its event:
 * only a head recorded before the rewrite can tell.
 */
export function rewriteAfter(db: Db, after: number, field: "actor" | "at"): Mutation {
  const oldMax = maxEventSeq(db);
  const events = (db.$client.prepare("SELECT * FROM audit_events WHERE seq > ? ORDER BY seq").all(after) as RawEvent[]);
  let prev = eventAt(db, after);
  const insert = db.$client.prepare("INSERT INTO audit_events (seq, at, actor, action, subject, data, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  db.$client.transaction(() => {
    db.$client.prepare("DELETE FROM audit_events WHERE seq > ?").run(after);
    for (const [i, event] of events.entries()) {
      // The forger re-attributes the first rewritten event, or back-dates it to its predecessor's moment.
      const changed = i > 0 ? event
        : field === "at" && event.at !== prev.at ? { ...event, at: prev.at }
          : { ...event, actor: event.actor === "1" ? "2" : "1" };
      const fields = { seq: changed.seq, at: changed.at, actor: changed.actor, action: changed.action, subject: changed.subject, data: JSON.parse(changed.data) as JsonObject, prev: prev.hash };
      const hash = hashEvent(fields);
      insert.run(fields.seq, fields.at, fields.actor, fields.action, fields.subject, changed.data, fields.prev, hash);
      prev = { ...changed, prev: fields.prev, hash };
    }
  })();
  return { kind: "rehash", after, oldMax, field };
}

// ---------------------------------------------------------------- row mutations

type Def = { table: never; view: (row: unknown) => JsonObject; key: (row: unknown) => string };
const defOf = (table: HistoryTable) => historyTables[table] as unknown as Def;
const keyColumnOf = (table: HistoryTable) => (table === "accounts" ? "code" : "id");

/** The history tables that hold at least one row. */
export function nonEmptyHistoryTables(db: Db): HistoryTable[] {
  return (Object.keys(historyTables) as HistoryTable[]).filter((t) => (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n > 0);
}

function randomRow(db: Db, rng: Rng, table: HistoryTable): Record<string, unknown> {
  const n = (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const keyColumn = keyColumnOf(table);
  const key = (db.$client.prepare(`SELECT ${keyColumn} AS k FROM ${table} ORDER BY ${keyColumn} LIMIT 1 OFFSET ?`).get(rng.int(0, n - 1)) as { k: unknown }).k;
  const rows = db.select().from(defOf(table).table).all() as Record<string, unknown>[];
  return rows.find((r) => r[keyColumn] === key)!;
}

/** A changed value for one column, as drizzle sees it: booleans flipped, integers ±1, strings one character (JSON text one leaf). */
function changedValue(value: unknown, rng: Rng): unknown {
  if (typeof value === "boolean") return !value;
  if (typeof value === "number") return value + rng.pick([-1, 1]);
  if (typeof value !== "string") return undefined;
  if (/^[[{]/.test(value)) {
    try {
      const changed = changeOneLeaf(JSON.parse(value) as JsonValue, rng);
      return changed ? JSON.stringify(changed.value) : undefined;
    } catch {
      // Not JSON after all: a plain string.
    }
  }
  return changeOneChar(value, rng);
}

/**
 * (e) One column of a random row of `table` changed — a column that is part
 * of the row's chain view (its change changes the view). Columns whose
 * change the database refuses (a CHECK, a UNIQUE) are passed over.
 */
export function editRow(db: Db, rng: Rng, table: HistoryTable): Mutation {
  const def = defOf(table);
  const columns = getTableColumns(def.table as never) as Record<string, { name: string }>;
  const keyColumn = keyColumnOf(table);
  for (let attempt = 0; attempt < 8; attempt++) {
    const row = randomRow(db, rng, table);
    const before = canonicalJson(def.view(row));
    const props = rng.shuffle(Object.keys(columns).filter((p) => p !== keyColumn && p !== "auditSeq" && p !== "piiSalt" && row[p] !== null));
    for (const prop of props) {
      const now = changedValue(row[prop], rng);
      if (now === undefined) continue;
      let after: string;
      try {
        after = canonicalJson(def.view({ ...row, [prop]: now }));
      } catch {
        continue;
      }
      if (after === before) continue;
      try {
        db.$client.prepare(`UPDATE ${table} SET "${columns[prop]!.name}" = ? WHERE ${keyColumn} = ?`).run(typeof now === "boolean" ? Number(now) : now, row[keyColumn]);
      } catch {
        continue;
      }
      return { kind: "row_edit", table, key: def.key(row), column: columns[prop]!.name, auditSeq: row.auditSeq as number, was: row[prop], now };
    }
  }
  throw new Error(`no editable column found in ${table}`);
}

/** (f) A random row of `table` deleted. */
export function deleteRow(db: Db, rng: Rng, table: HistoryTable): Mutation {
  const row = randomRow(db, rng, table);
  const keyColumn = keyColumnOf(table);
  db.$client.prepare(`DELETE FROM ${table} WHERE ${keyColumn} = ?`).run(row[keyColumn]);
  return { kind: "row_delete", table, key: defOf(table).key(row), auditSeq: row.auditSeq as number };
}

/** The JSON text columns of the history tables (their chain view parses them). */
export const JSON_COLUMNS: readonly [HistoryTable, string][] = [
  ["community", "settings"], ["users", "roles"], ["accounts", "books"], ["bank_mappings", "mapping"], ["bank_imports", "mapping"],
  ["procurement_rules", "rules"], ["proposals", "items"], ["quotes", "item_amounts"], ["approvals", "voters"], ["approvals", "excluded"],
];

/** A JSON text column of a random row cut short by one character: no longer JSON at all. */
export function corruptJsonColumn(db: Db, rng: Rng, table: HistoryTable, column: string): Mutation {
  const row = randomRow(db, rng, table);
  const keyColumn = keyColumnOf(table);
  const text = (db.$client.prepare(`SELECT "${column}" AS v FROM ${table} WHERE ${keyColumn} = ?`).get(row[keyColumn]) as { v: string }).v;
  db.$client.prepare(`UPDATE ${table} SET "${column}" = ? WHERE ${keyColumn} = ?`).run(text.slice(0, -1), row[keyColumn]);
  return { kind: "row_corrupt", table, key: defOf(table).key(row), column, auditSeq: row.auditSeq as number };
}

/** Events whose data holds at least one changeable leaf (every event with rows). */
export function hasLeaves(db: Db, seq: number): boolean {
  return leavesOf(JSON.parse(eventAt(db, seq).data) as JsonValue).length > 0;
}

/** The recorded heads of the published statements, earliest first. */
export function publishedHeadSeqs(db: Db): { id: number; seq: number }[] {
  return db.$client.prepare("SELECT id, audit_head_seq AS seq FROM published_statements ORDER BY audit_head_seq, id").all() as { id: number; seq: number }[];
}

/**
 * Runs `fn` inside a transaction that is then rolled back: on a large copy,
 * each mutation is undone instead of copying the file again (the triggers
 * are already dropped on that copy; nested transactions become savepoints).
 */
export function rolledBack<T>(db: Db, fn: () => T): T {
  db.$client.exec("BEGIN");
  try {
    return fn();
  } finally {
    db.$client.exec("ROLLBACK");
  }
}
