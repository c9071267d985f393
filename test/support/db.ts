import { getDb } from "~/services/db.server";

/** This test file's own database (a fresh copy of the migrated template). */
export function testDb() {
  return getDb();
}
