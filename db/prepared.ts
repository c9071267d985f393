import type Database from "better-sqlite3";
import { getTableColumns, getTableName, type Column } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * Prepared statements cached per connection, for the hot write path (a bill
 * run writes 5,000 bills; a bulk load millions of rows). drizzle's query
 * builder costs tens of µs per call and prepares the SQL again each time; a
 * cached better-sqlite3 statement runs in a few µs. Statements belong to their
 * connection, so the cache is a WeakMap on the client: it goes with it.
 */
type Client = Database.Database;
const cache = new WeakMap<Client, Map<string, Database.Statement>>();

export function cachedStatement(client: Client, sqlText: string): Database.Statement {
  return statementFor(client, sqlText, () => sqlText);
}

/** The statement cached under `key`, prepared from `sqlText()` the first time. */
function statementFor(client: Client, key: string, sqlText: () => string): Database.Statement {
  let statements = cache.get(client);
  if (!statements) cache.set(client, (statements = new Map()));
  let stmt = statements.get(key);
  if (!stmt) statements.set(key, (stmt = client.prepare(sqlText())));
  return stmt;
}

interface TableShape {
  name: string;
  keys: string[]; // drizzle keys, in declaration order
  columns: Column[]; // the same order
}
const shapes = new WeakMap<SQLiteTable, TableShape>();

function shapeOf(table: SQLiteTable): TableShape {
  let shape = shapes.get(table);
  if (!shape) {
    const columns = getTableColumns(table) as Record<string, Column>;
    const keys = Object.keys(columns);
    shape = {
      name: getTableName(table),
      keys,
      columns: keys.map((k) => columns[k]!),
    };
    shapes.set(table, shape);
  }
  return shape;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Whether SQLite stores this value exactly as given (so the row need not be read back). */
function storedAsGiven(column: Column, value: unknown): boolean {
  if (value === null) return !column.notNull;
  if (column.columnType === "SQLiteInteger") return Number.isSafeInteger(value);
  if (column.columnType === "SQLiteText") return typeof value === "string";
  return false;
}

/**
 * `tx.insert(table).values(values).returning().get()` as drizzle would run it —
 * same columns written (undefined ones left to their SQL default), same values
 * mapped to and from the driver, same row object back (keys in the schema's
 * order) — through a statement prepared once per connection and column set.
 * RETURNING costs ~3 µs an insert, so when every column is given as a value
 * SQLite keeps as is (an integer, a string, a null) or is the integer primary
 * key, the row is built from the values and the new rowid instead.
 */
export function insertReturning<T extends SQLiteTable>(client: Client, table: T, values: T["$inferInsert"]): T["$inferSelect"] {
  const shape = shapeOf(table);
  const given = values as Record<string, unknown>;
  const names: string[] = [];
  const params: unknown[] = [];
  let signature = `insert:${shape.name}`;
  let exact = true;
  let omittedKey: number | null = null;
  shape.keys.forEach((key, i) => {
    const column = shape.columns[i]!;
    let value = given[key];
    if (value === undefined && column.defaultFn) value = column.defaultFn();
    if (value === undefined) {
      if (column.primary && column.columnType === "SQLiteInteger" && omittedKey === null) omittedKey = i;
      else exact = false;
      return;
    }
    const driverValue = value === null ? null : column.mapToDriverValue(value);
    if (!storedAsGiven(column, driverValue)) exact = false;
    names.push(column.name);
    params.push(driverValue);
    signature += `,${i}`;
  });
  const insertSql = () => `INSERT INTO ${quote(shape.name)} (${names.map(quote).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`;
  if (!exact) {
    const raw = statementFor(client, `${signature}:returning`, () => `${insertSql()} RETURNING *`).get(...params) as Record<string, unknown>;
    return toRow(shape, raw) as T["$inferSelect"];
  }
  const { lastInsertRowid } = statementFor(client, signature, insertSql).run(...params);
  const row: Record<string, unknown> = {};
  let param = 0;
  shape.keys.forEach((key, i) => {
    if (i === omittedKey) row[key] = Number(lastInsertRowid);
    else {
      const value = params[param++];
      row[key] = value === null ? null : shape.columns[i]!.mapFromDriverValue(value);
    }
  });
  return row as T["$inferSelect"];
}

/** `db.select().from(table).where(eq(table.id, id)).get()`, prepared once per connection. */
export function selectOneById<T extends SQLiteTable>(client: Client, table: T, id: number): T["$inferSelect"] | undefined {
  return selectOneBy(client, table, "id", id);
}

/** `db.select().from(table).where(eq(table[key], value)).limit(1).get()`, prepared once per connection. */
export function selectOneBy<T extends SQLiteTable>(client: Client, table: T, key: keyof T["$inferSelect"] & string, value: string | number): T["$inferSelect"] | undefined {
  const shape = shapeOf(table);
  const column = shape.columns[shape.keys.indexOf(key)];
  if (!column) throw new Error(`${shape.name} has no column ${key}`);
  const raw = cachedStatement(client, `SELECT * FROM ${quote(shape.name)} WHERE ${quote(column.name)} = ? LIMIT 1`).get(value) as Record<string, unknown> | undefined;
  return raw ? (toRow(shape, raw) as T["$inferSelect"]) : undefined;
}

/** A driver row (SQL column names) as drizzle returns it: schema keys, values mapped from the driver. */
function toRow(shape: TableShape, raw: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  shape.keys.forEach((key, i) => {
    const value = raw[shape.columns[i]!.name];
    row[key] = value === null || value === undefined ? null : shape.columns[i]!.mapFromDriverValue(value);
  });
  return row;
}
