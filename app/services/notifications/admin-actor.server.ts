import { eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { users } from "~db/schema";
import { DomainError } from "~/domain/errors";
import type { Actor } from "../audit.server";
import { parseRoles } from "../users.server";

/**
 * Notification settings are the admin's alone (DESIGN.md §2). Routes check
 * the role first; the services check again so a script or another caller
 * cannot skip it. "system" is the installation's own scripts (demo data).
 */
export function assertAdminActor(db: Db, actor: Actor): void {
  if (actor === "system") return;
  const id = Number(actor);
  const user = Number.isSafeInteger(id) && id > 0 ? db.select().from(users).where(eq(users.id, id)).get() : undefined;
  if (!user || user.disabled || !parseRoles(user.roles).includes("admin")) {
    throw new DomainError("notifications.errors.adminOnly", { status: 403 });
  }
}
