import { and, asc, desc, eq, inArray, like, ne } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { auditEvents, owners, sessions, users } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { normalizeRoles, type Role } from "~/domain/roles";
import { checkUserRoles, type CreateUserInput, type UpdateUserInput } from "~/domain/users";
import type { Actor } from "./audit.server";
import { newPiiSalt, rowViews } from "./audit-rows.server";
import { auditedWrite } from "./audited-write.server";
import { hashPassword } from "./passwords.server";

export type UserRow = typeof users.$inferSelect;

export function parseRoles(json: string): Role[] {
  return normalizeRoles(JSON.parse(json) as Role[]);
}

function checkUser(tx: Tx, input: { roles: Role[]; isDirector: boolean; ownerId?: number | null }, exceptId?: number) {
  const problem = checkUserRoles(input);
  if (problem) throw new DomainError(problem, { field: problem === "errors.ownerNeedsRecord" ? "ownerId" : "roles" });
  if (input.ownerId && !tx.select({ id: owners.id }).from(owners).where(eq(owners.id, input.ownerId)).get()) {
    throw new DomainError("errors.ownerRequired", { field: "ownerId" });
  }
  if (input.isDirector) {
    const other = tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.isDirector, true), eq(users.disabled, false), exceptId ? ne(users.id, exceptId) : undefined))
      .get();
    if (other) throw new DomainError("errors.oneDirector", { field: "isDirector", status: 409 });
  }
}

/** Hashing is async, so it runs before the one synchronous write transaction. */
export async function createUser(db: Db, input: CreateUserInput, actor: Actor, options: { mustChangePassword?: boolean } = {}) {
  const passwordHash = await hashPassword(input.password);
  const roles = normalizeRoles(input.roles);
  return auditedWrite(db, { actor, action: "user.create" }, (tx, seq) => {
    checkUser(tx, { ...input, roles });
    if (tx.select({ id: users.id }).from(users).where(eq(users.login, input.login)).get()) {
      throw new DomainError("errors.loginTaken", { field: "login", status: 409 });
    }
    const row = tx
      .insert(users)
      .values({
        login: input.login, displayName: input.displayName, passwordHash, roles: JSON.stringify(roles),
        isDirector: input.isDirector, ownerId: input.ownerId ?? null, piiSalt: newPiiSalt(), auditSeq: seq,
        // An account the admin creates starts with a password someone else knows.
        mustChangePassword: options.mustChangePassword ?? actor !== "system",
      })
      .returning()
      .get();
    return { result: { user: row }, subject: `user:${row.id}`, rows: { users: [rowViews.users(row)] }, extra: { roles } };
  });
}

export function updateUser(db: Db, id: number, input: UpdateUserInput, actor: Actor) {
  const roles = normalizeRoles(input.roles);
  return auditedWrite(db, { actor, action: "user.update" }, (tx, seq) => {
    const before = tx.select().from(users).where(eq(users.id, id)).get();
    if (!before) throw new DomainError("errors.notFound", { status: 404 });
    checkUser(tx, { ...input, roles }, id);
    if (String(id) === actor && before.roles.includes("admin") && !roles.includes("admin")) {
      throw new DomainError("errors.keepOwnAdmin", { field: "roles" });
    }
    const row = tx
      .update(users)
      .set({ displayName: input.displayName, roles: JSON.stringify(roles), isDirector: input.isDirector, ownerId: input.ownerId ?? null, auditSeq: seq })
      .where(eq(users.id, id))
      .returning()
      .get()!;
    const rolesBefore = parseRoles(before.roles);
    return {
      result: { user: row }, subject: `user:${id}`, rows: { users: [rowViews.users(row)] },
      extra: { rolesBefore, roles, directorBefore: before.isDirector },
    };
  });
}

/** The admin sets a temporary password; the user must choose a new one at next login. */
export async function resetPassword(db: Db, id: number, password: string, actor: Actor) {
  const passwordHash = await hashPassword(password);
  return auditedWrite(db, { actor, action: "user.password_reset" }, (tx, seq) => {
    const row = tx.update(users).set({ passwordHash, mustChangePassword: true, auditSeq: seq }).where(eq(users.id, id)).returning().get();
    if (!row) throw new DomainError("errors.notFound", { status: 404 });
    tx.delete(sessions).where(eq(sessions.userId, id)).run();
    return { result: {}, subject: `user:${id}`, rows: { users: [rowViews.users(row)] } };
  });
}

export function setUserDisabled(db: Db, id: number, disabled: boolean, actor: Actor) {
  if (disabled && String(id) === actor) throw new DomainError("errors.cannotDisableSelf");
  return auditedWrite(db, { actor, action: disabled ? "user.disable" : "user.enable" }, (tx, seq) => {
    const before = tx.select().from(users).where(eq(users.id, id)).get();
    if (!before) throw new DomainError("errors.notFound", { status: 404 });
    // A former director coming back must not make a second active director.
    if (!disabled) checkUser(tx, { roles: parseRoles(before.roles), isDirector: before.isDirector, ownerId: before.ownerId }, id);
    const row = tx.update(users).set({ disabled, auditSeq: seq }).where(eq(users.id, id)).returning().get()!;
    if (disabled) tx.delete(sessions).where(eq(sessions.userId, id)).run();
    return { result: {}, subject: `user:${id}`, rows: { users: [rowViews.users(row)] } };
  });
}

export function getUser(db: Db, id: number) {
  return db.select().from(users).where(eq(users.id, id)).get() ?? null;
}

export function listUsers(db: Db, options: { q?: string } = {}) {
  return db
    .select({
      id: users.id, login: users.login, displayName: users.displayName, roles: users.roles,
      isDirector: users.isDirector, disabled: users.disabled, ownerId: users.ownerId, mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .where(options.q ? like(users.displayName, `%${options.q}%`) : undefined)
    .orderBy(asc(users.id))
    .all()
    .map((u) => ({ ...u, roles: parseRoles(u.roles) }));
}

export function countUsers(db: Db): number {
  return db.select({ id: users.id }).from(users).all().length;
}

export const ACCOUNT_ACTIONS = ["user.create", "user.update", "user.password_reset", "user.disable", "user.enable"] as const;

/** Account changes, newest first, for the committee and auditors (DESIGN.md §2). */
export function listAccountChanges(db: Db, options: { limit?: number; offset?: number } = {}) {
  const events = db
    .select()
    .from(auditEvents)
    .where(inArray(auditEvents.action, [...ACCOUNT_ACTIONS]))
    .orderBy(desc(auditEvents.seq))
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .all();
  const names = new Map(db.select({ id: users.id, displayName: users.displayName }).from(users).all().map((u) => [String(u.id), u.displayName]));
  return events.map((e) => {
    const data = JSON.parse(e.data) as { roles?: Role[]; rolesBefore?: Role[] };
    const subjectId = e.subject.split(":")[1] ?? "";
    return {
      seq: e.seq, at: e.at, action: e.action,
      actorName: names.get(e.actor) ?? e.actor,
      subjectName: names.get(subjectId) ?? e.subject,
      subjectId: Number(subjectId),
      rolesBefore: data.rolesBefore ?? null,
      roles: data.roles ?? null,
    };
  });
}
