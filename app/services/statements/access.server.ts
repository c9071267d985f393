import type { SessionUser } from "../auth.server";
import { getCommunity } from "../community.server";
import { getDb } from "../db.server";
import { assertSameOrigin, getUser, requireUser } from "../request.server";

/** Whether published statements are readable without logging in (community setting, default yes). */
export function statementsArePublic(): boolean {
  return getCommunity(getDb())?.settings.statementsPublic ?? true;
}

/**
 * Who may read published statements, their print and downloads: anyone when
 * the community publishes them openly (the user, or null for a visitor);
 * otherwise a signed-in owner, manager, committee member or auditor.
 */
export async function statementReader(request: Request): Promise<SessionUser | null> {
  if (!statementsArePublic()) return requireUser(request, ["owner", "manager", "committee", "auditor"]);
  assertSameOrigin(request);
  const user = await getUser(request);
  // A user who must change a reset password is sent there, as everywhere else.
  if (user?.mustChangePassword) return requireUser(request);
  return user;
}
