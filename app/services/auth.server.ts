import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "~db/connection";
import { sessions, users } from "~db/schema";
import { DomainError } from "~/domain/errors";
import type { Role } from "~/domain/roles";
import { appendAuditEvent } from "./audit.server";
import { rowViews } from "./audit-rows.server";
import { auditedWrite } from "./audited-write.server";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./passwords.server";
import { countFailure, failuresInWindow, LOGIN_LIMITS, minutesUntilReset } from "./rate-limit.server";
import { parseRoles } from "./users.server";

export const SESSION_TTL_MS = 7 * 24 * 60 * 60_000;

export interface SessionUser {
  id: number;
  displayName: string;
  roles: Role[];
  isDirector: boolean;
  ownerId: number | null;
  mustChangePassword: boolean;
}

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

// Addresses are personal data: the limiter keys on a hash, never the address.
function addressKey(address: string): string {
  return `login:addr:${createHash("sha256").update(address).digest("hex").slice(0, 32)}`;
}
const accountKey = (login: string) => `login:acct:${login}`;

function newSession(db: Tx, userId: number, now: Date): string {
  const token = randomBytes(32).toString("base64url");
  db.insert(sessions)
    .values({ idHash: tokenHash(token), userId, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString() })
    .run();
  return token;
}

/**
 * Checks a login. A failure counts against the account and the address and is
 * audited (actor "anonymous"); past the limit even the right password is
 * refused until the window ends. The password check runs before the write
 * transaction; the counters are re-read inside it.
 *
 * `priorToken` is the session cookie the browser brought to the login, if
 * any: a success ends that session, whoever it belonged to, so a token
 * planted or read before login (session fixation) is dead afterwards and
 * the person gets a new one.
 */
export async function login(db: Db, input: { login: string; password: string; address: string; priorToken?: string | null }, now = new Date()) {
  const user = db.select().from(users).where(eq(users.login, input.login)).get();
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  return writeTx(db, (tx) => {
    const blocked =
      failuresInWindow(tx, accountKey(input.login), LOGIN_LIMITS.account, now) >= LOGIN_LIMITS.account.max ||
      failuresInWindow(tx, addressKey(input.address), LOGIN_LIMITS.address, now) >= LOGIN_LIMITS.address.max;
    const reason = blocked ? "rate_limited" : !user ? "unknown_login" : !passwordOk ? "bad_password" : user.disabled ? "disabled" : null;
    if (reason || !user) {
      countFailure(tx, accountKey(input.login), LOGIN_LIMITS.account, now);
      countFailure(tx, addressKey(input.address), LOGIN_LIMITS.address, now);
      appendAuditEvent(tx, {
        actor: "anonymous", action: "auth.login_failed",
        subject: user ? `user:${user.id}` : "user:unknown",
        data: { reason: reason ?? "unknown_login" },
      }, { now });
      return blocked
        ? { ok: false as const, code: "auth.rateLimited", minutes: minutesUntilReset(LOGIN_LIMITS.account, now) }
        : { ok: false as const, code: "auth.badCredentials", minutes: 0 };
    }
    purgeExpiredSessions(tx, now);
    if (input.priorToken) tx.delete(sessions).where(eq(sessions.idHash, tokenHash(input.priorToken))).run();
    const token = newSession(tx, user.id, now);
    appendAuditEvent(tx, { actor: String(user.id), action: "auth.login", subject: `user:${user.id}`, data: {} }, { now });
    return { ok: true as const, token, user: toSessionUser(user) };
  });
}

export function logout(db: Db, token: string, now = new Date()) {
  return writeTx(db, (tx) => {
    const session = tx.select().from(sessions).where(eq(sessions.idHash, tokenHash(token))).get();
    if (!session) return;
    tx.delete(sessions).where(eq(sessions.idHash, session.idHash)).run();
    appendAuditEvent(tx, { actor: String(session.userId), action: "auth.logout", subject: `user:${session.userId}`, data: {} }, { now });
  });
}

/** The signed-in user of a session token, or null if it ended, expired or the user is disabled. */
export function sessionUser(db: Db, token: string, now = new Date()): SessionUser | null {
  const row = db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, tokenHash(token)), gt(sessions.expiresAt, now.toISOString())))
    .get();
  if (!row || row.user.disabled) return null;
  return toSessionUser(row.user);
}

function toSessionUser(user: typeof users.$inferSelect): SessionUser {
  return {
    id: user.id, displayName: user.displayName, roles: parseRoles(user.roles), isDirector: user.isDirector,
    ownerId: user.ownerId, mustChangePassword: user.mustChangePassword,
  };
}

/**
 * A person changes their own password: every session of theirs ends (a
 * stolen one included), and a fresh one is returned for this browser.
 */
export async function changeOwnPassword(db: Db, userId: number, input: { currentPassword: string; newPassword: string }, now = new Date()) {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new DomainError("errors.currentPasswordWrong", { field: "currentPassword" });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return auditedWrite(db, { actor: String(userId), action: "user.password_change" }, (tx, seq) => {
    const row = tx.update(users).set({ passwordHash, mustChangePassword: false, auditSeq: seq }).where(eq(users.id, userId)).returning().get()!;
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    const token = newSession(tx, userId, now);
    return { result: { token }, subject: `user:${userId}`, rows: { users: [rowViews.users(row)] } };
  });
}

/** Expired sessions are dead weight; removing them changes no history. */
function purgeExpiredSessions(db: Tx, now: Date) {
  db.delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).run();
}
