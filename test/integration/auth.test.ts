import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~db/connection";
import { DomainError } from "~/domain/errors";
import { changeOwnPassword, login, logout, sessionUser } from "~/services/auth.server";
import { resetPassword, setUserDisabled } from "~/services/users.server";
import { buildUser, count, domainErrorOf, maxSeq, TEST_PASSWORD } from "../support/builders";
import { testDb } from "../support/db";

type EventRow = { seq: number; actor: string; action: string; subject: string; data: string };
function eventsAfter(db: Db, seq: number): EventRow[] {
  return db.$client.prepare("SELECT seq, actor, action, subject, data FROM audit_events WHERE seq > ? ORDER BY seq").all(seq) as EventRow[];
}
function sessionsOf(db: Db, userId: number): number {
  return (db.$client.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(userId) as { n: number }).n;
}

// Distinct fixed windows (15 min each) so the rate-limit tests do not share counters.
const T = (minute: number) => new Date(Date.UTC(2031, 0, 1, 0, minute, 30));
let admin: Awaited<ReturnType<typeof buildUser>>;

beforeAll(async () => {
  admin = await buildUser(testDb(), { login: "admin1", roles: ["admin"] });
});

describe("login", () => {
  it("succeeds with the right password: token, session, auth.login event", async () => {
    const db = testDb();
    const user = await buildUser(db, { login: "alice", displayName: "爱丽丝" });
    const before = maxSeq(db);
    const outcome = await login(db, { login: "alice", password: TEST_PASSWORD, address: "10.0.0.1" }, T(1));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(sessionUser(db, outcome.token)).toMatchObject({ id: user.id, roles: ["manager"] });
    expect(sessionUser(db, "not-a-token")).toBeNull();
    const events = eventsAfter(db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auth.login", actor: String(user.id), subject: `user:${user.id}` });
    // The db keeps only a hash of the token.
    const stored = db.$client.prepare("SELECT id_hash FROM sessions").all() as { id_hash: string }[];
    expect(stored.map((s) => s.id_hash)).not.toContain(outcome.token);
  });

  it("refuses a wrong password: auth.badCredentials, an anonymous auth.login_failed event, no session", async () => {
    const db = testDb();
    const user = await buildUser(db, { login: "bob" });
    const before = maxSeq(db);
    const outcome = await login(db, { login: "bob", password: "wrong-password-1", address: "10.0.0.2" }, T(1));
    expect(outcome).toMatchObject({ ok: false, code: "auth.badCredentials" });
    const events = eventsAfter(db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auth.login_failed", actor: "anonymous", subject: `user:${user.id}` });
    expect(JSON.parse(events[0]!.data)).toEqual({ reason: "bad_password" });
    expect(sessionsOf(db, user.id)).toBe(0);
  });

  it("an unknown login fails the same way", async () => {
    const db = testDb();
    const before = maxSeq(db);
    const outcome = await login(db, { login: "nobody-here", password: TEST_PASSWORD, address: "10.0.0.3" }, T(1));
    expect(outcome).toMatchObject({ ok: false, code: "auth.badCredentials" });
    expect(eventsAfter(db, before)).toMatchObject([{ action: "auth.login_failed", actor: "anonymous", subject: "user:unknown" }]);
  });

  it("after 5 failures of one account in 15 minutes refuses even the right password; other accounts unaffected", async () => {
    const db = testDb();
    const carol = await buildUser(db, { login: "carol" });
    await buildUser(db, { login: "dave" });
    for (let i = 0; i < 5; i++) {
      const outcome = await login(db, { login: "carol", password: `wrong-${i}-xxxxxx`, address: `10.1.0.${i}` }, T(16 + i));
      expect(outcome).toMatchObject({ ok: false, code: "auth.badCredentials" });
    }
    const blocked = await login(db, { login: "carol", password: TEST_PASSWORD, address: "10.1.0.99" }, T(22));
    expect(blocked).toMatchObject({ ok: false, code: "auth.rateLimited" });
    if (!blocked.ok) expect(blocked.minutes).toBeGreaterThan(0);
    expect(sessionsOf(db, carol.id)).toBe(0);
    const other = await login(db, { login: "dave", password: TEST_PASSWORD, address: "10.1.0.1" }, T(22));
    expect(other.ok).toBe(true);
    // The next window lets carol in again.
    const later = await login(db, { login: "carol", password: TEST_PASSWORD, address: "10.1.0.99" }, T(31));
    expect(later.ok).toBe(true);
  });

  it("20 failures from one address block that address for any account", async () => {
    const db = testDb();
    const erin = await buildUser(db, { login: "erin" });
    for (let i = 0; i < 20; i++) {
      const outcome = await login(db, { login: `ghost${i}`, password: "whatever-pass", address: "203.0.113.7" }, T(46));
      expect(outcome.ok).toBe(false);
    }
    const blocked = await login(db, { login: "erin", password: TEST_PASSWORD, address: "203.0.113.7" }, T(47));
    expect(blocked).toMatchObject({ ok: false, code: "auth.rateLimited" });
    expect(sessionsOf(db, erin.id)).toBe(0);
    const elsewhere = await login(db, { login: "erin", password: TEST_PASSWORD, address: "203.0.113.8" }, T(47));
    expect(elsewhere.ok).toBe(true);
    // The address itself is never stored.
    const keys = db.$client.prepare("SELECT key FROM rate_limits").all() as { key: string }[];
    expect(keys.map((k) => k.key).join()).not.toContain("203.0.113.7");
  });
});

describe("sessions and account changes", () => {
  async function signedIn(loginName: string, at = T(61)) {
    const db = testDb();
    const outcome = await login(db, { login: loginName, password: TEST_PASSWORD, address: "10.2.0.1" }, at);
    if (!outcome.ok) throw new Error(`login failed: ${outcome.code}`);
    return outcome.token;
  }

  it("logout ends the session and is audited", async () => {
    const db = testDb();
    const user = await buildUser(db, { login: "frank" });
    const token = await signedIn("frank");
    expect(sessionUser(db, token)?.id).toBe(user.id);
    const before = maxSeq(db);
    logout(db, token);
    expect(sessionUser(db, token)).toBeNull();
    expect(sessionsOf(db, user.id)).toBe(0);
    expect(eventsAfter(db, before)).toMatchObject([{ action: "auth.logout", actor: String(user.id) }]);
  });

  it("setUserDisabled ends every session and blocks login", async () => {
    const db = testDb();
    const user = await buildUser(db, { login: "grace" });
    const t1 = await signedIn("grace");
    const t2 = await signedIn("grace");
    expect(sessionsOf(db, user.id)).toBe(2);
    setUserDisabled(db, user.id, true, String(admin.id));
    expect(sessionsOf(db, user.id)).toBe(0);
    expect(sessionUser(db, t1)).toBeNull();
    expect(sessionUser(db, t2)).toBeNull();
    const refused = await login(db, { login: "grace", password: TEST_PASSWORD, address: "10.2.0.2" }, T(62));
    expect(refused).toMatchObject({ ok: false, code: "auth.badCredentials" });
    expect(sessionsOf(db, user.id)).toBe(0);
    const last = eventsAfter(db, maxSeq(db) - 1)[0]!;
    expect(last).toMatchObject({ action: "auth.login_failed" });
    expect(JSON.parse(last.data)).toEqual({ reason: "disabled" });
  });

  it("resetPassword sets mustChangePassword and ends sessions; the new password works", async () => {
    const db = testDb();
    const user = await buildUser(db, { login: "heidi" });
    const token = await signedIn("heidi");
    await resetPassword(db, user.id, "temporary-pass-1", String(admin.id));
    expect(sessionUser(db, token)).toBeNull();
    expect(sessionsOf(db, user.id)).toBe(0);
    const row = db.$client.prepare("SELECT must_change_password AS m FROM users WHERE id = ?").get(user.id) as { m: number };
    expect(row.m).toBe(1);
    const old = await login(db, { login: "heidi", password: TEST_PASSWORD, address: "10.2.0.3" }, T(63));
    expect(old.ok).toBe(false);
    const fresh = await login(db, { login: "heidi", password: "temporary-pass-1", address: "10.2.0.3" }, T(63));
    expect(fresh.ok).toBe(true);
    if (fresh.ok) expect(fresh.user.mustChangePassword).toBe(true);
  });

  it("changeOwnPassword refuses a wrong current password, else ends old sessions and returns a working token", async () => {
    const db = testDb();
    const user = await buildUser(db, { login: "ivan" });
    const t1 = await signedIn("ivan");
    const t2 = await signedIn("ivan");
    const before = maxSeq(db);
    const error = await domainErrorOf(() => changeOwnPassword(db, user.id, { currentPassword: "not-my-password", newPassword: "brand-new-pass-1" }));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe("errors.currentPasswordWrong");
    expect(maxSeq(db)).toBe(before);
    expect(sessionUser(db, t1)?.id).toBe(user.id);

    const { token, event } = await changeOwnPassword(db, user.id, { currentPassword: TEST_PASSWORD, newPassword: "brand-new-pass-1" });
    expect(event).toMatchObject({ action: "user.password_change", actor: String(user.id) });
    expect(sessionUser(db, t1)).toBeNull();
    expect(sessionUser(db, t2)).toBeNull();
    expect(sessionUser(db, token)?.id).toBe(user.id);
    expect(sessionsOf(db, user.id)).toBe(1);
    expect((await login(db, { login: "ivan", password: TEST_PASSWORD, address: "10.2.0.4" }, T(64))).ok).toBe(false);
    expect((await login(db, { login: "ivan", password: "brand-new-pass-1", address: "10.2.0.4" }, T(64))).ok).toBe(true);
    expect(count(db, "sessions")).toBeGreaterThan(0);
  });
});
