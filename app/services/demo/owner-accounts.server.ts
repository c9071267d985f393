import { isNotNull } from "drizzle-orm";
import type { Db } from "~db/connection";
import { owners, units, users } from "~db/schema";
import { DEMO_PASSWORD } from "../demo.server";
import { createUser } from "../users.server";

/** The login of a demo owner's account: "yz" (业主) and the owner's number, e.g. yz042. */
export function demoOwnerLogin(ownerId: number): string {
  return `yz${String(ownerId).padStart(3, "0")}`;
}

/**
 * Every demo owner without an account gets one (password DEMO_PASSWORD), as
 * the admin would create them so that owners can read their bills and vote
 * online. Hashing is the slow part (scrypt): a few run at once.
 */
export async function ensureDemoOwnerAccounts(db: Db): Promise<number> {
  const withAccount = new Set(db.select({ ownerId: users.ownerId }).from(users).where(isNotNull(users.ownerId)).all().map((u) => u.ownerId));
  const holding = new Set(db.selectDistinct({ ownerId: units.ownerId }).from(units).all().map((u) => u.ownerId));
  const missing = db.select({ id: owners.id, name: owners.name }).from(owners).all()
    .filter((o) => holding.has(o.id) && !withAccount.has(o.id));
  for (let i = 0; i < missing.length; i += 8) {
    await Promise.all(missing.slice(i, i + 8).map((o) => createUser(db, {
      login: demoOwnerLogin(o.id), displayName: o.name, password: DEMO_PASSWORD, roles: ["owner"], isDirector: false, ownerId: o.id,
    }, "system")));
  }
  return missing.length;
}
