import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/**
 * What a synchronous write transaction callback receives: drizzle's
 * transaction, plus the connection's client for the prepared statements of the
 * hot write path (db/prepared.ts). Every Tx comes from writeTx.
 */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] & { $client: Database.Database };

/** Where drizzle-kit writes the SQL migrations; resolved from the project root at run time. */
export function migrationsFolder(): string {
  const candidates = [
    path.resolve(process.cwd(), "db/migrations"),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), "migrations"),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "meta/_journal.json")));
  if (!found) throw new Error(`migrations not found in ${candidates.join(" or ")}`);
  return found;
}

/**
 * Opens (creating if needed) the database file and applies the migrations.
 * WAL lets readers go on while one writer writes; the busy timeout lets a
 * second process wait for the lock instead of failing at once.
 */
export function openDatabase(filePath: string, options: { migrate?: boolean } = {}): Db {
  if (filePath !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  const client = new Database(filePath);
  client.pragma("journal_mode = WAL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  client.pragma("synchronous = NORMAL");
  const db = drizzle(client, { schema }) as Db;
  if (options.migrate !== false) migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

/**
 * Every write goes through here: one synchronous transaction begun IMMEDIATE,
 * so that a second process waits for the write lock up front rather than
 * failing with SQLITE_BUSY half-way (STACK.md). The callback must not be async:
 * an async callback would commit before its awaits run (drizzle-orm #1472).
 */
export function writeTx<T>(db: Db, fn: (tx: Tx) => T): T {
  const { run, tx } = txRunnerOf(db);
  // A fresh object per transaction (its prototype is the shared one), so per-transaction memos key on it.
  return run.immediate(fn, Object.create(tx) as Tx) as T;
}

/**
 * drizzle builds a new transaction object per db.transaction call — with a
 * query helper per table of the schema, ~15 µs — although the object holds no
 * state of its own (it runs everything through the connection). So each
 * connection keeps one, taken from a first empty transaction, and one
 * better-sqlite3 transaction function, which nests as a SAVEPOINT inside an
 * open transaction (writeBatch) exactly as db.transaction does.
 */
const runners = new WeakMap<Database.Database, { run: Database.Transaction<(fn: (tx: Tx) => unknown, tx: Tx) => unknown>; tx: Tx }>();

function txRunnerOf(db: Db) {
  let runner = runners.get(db.$client);
  if (!runner) {
    const tx = Object.assign(db.transaction((t) => t), { $client: db.$client });
    const run = db.$client.transaction((fn: (tx: Tx) => unknown, scoped: Tx) => {
      const result = fn(scoped);
      if (result instanceof Promise) throw new Error("writeTx callback must be synchronous");
      return result;
    });
    runners.set(db.$client, (runner = { run, tx }));
  }
  return runner;
}

/**
 * Many service calls in one IMMEDIATE outer transaction (a bulk load: the
 * bench builder, an import). Each service still runs its own writeTx, which
 * better-sqlite3 then turns into a SAVEPOINT: a call that throws rolls back
 * only its own rows and audit event, and the batch goes on with the next one.
 * Commits once at the end (or rolls everything back if `fn` itself throws).
 * Inside another batch or transaction it nests as a savepoint too.
 */
export function writeBatch<T>(db: Db, fn: () => T): T {
  tuneForBulkWrites(db.$client);
  return db.$client.transaction(() => {
    const result = fn();
    if (result instanceof Promise) throw new Error("writeBatch callback must be synchronous");
    return result;
  }).immediate();
}

/**
 * A connection that runs batches gets, once: savepoint sub-journals in memory
 * instead of temporary files (each service call in a batch is a SAVEPOINT, and
 * SQLite copies every page it first touches there; ~20 % of a payment's cost),
 * and a page cache big enough for the index pages a bulk load keeps touching
 * (per-unit indexes: thousands of insertion points). Only bulk loads batch, so
 * the server's connections keep SQLite's defaults and small memory.
 */
const tuned = new WeakSet<Database.Database>();
export const BULK_CACHE_MIB = 256;

function tuneForBulkWrites(client: Database.Database): void {
  if (tuned.has(client) || client.inTransaction) return;
  client.pragma("temp_store = MEMORY");
  client.pragma(`cache_size = -${BULK_CACHE_MIB * 1024}`);
  tuned.add(client);
}

/** The folder for attachments, beside the database file. */
export function attachmentsDir(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), "attachments");
}
