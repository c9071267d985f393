import fs from "node:fs";
import { attachmentsDir, openDatabase, type Db } from "~db/connection";
import { env } from "~/env.server";

declare global {
  // One connection per process, kept across dev-server reloads.
  var __mingzhangDb: { path: string; db: Db } | undefined;
}

export function getDb(): Db {
  const path = env().DATABASE_PATH;
  if (!globalThis.__mingzhangDb || globalThis.__mingzhangDb.path !== path) {
    globalThis.__mingzhangDb = { path, db: openDatabase(path) };
    fs.mkdirSync(attachmentsDir(path), { recursive: true });
  }
  return globalThis.__mingzhangDb.db;
}
