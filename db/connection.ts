import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** What a synchronous write transaction callback receives. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

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
  return db.transaction((tx) => {
    const result = fn(tx);
    if (result instanceof Promise) throw new Error("writeTx callback must be synchronous");
    return result;
  }, { behavior: "immediate" });
}

/** The folder for attachments, beside the database file. */
export function attachmentsDir(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), "attachments");
}
