import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allowLoopback, copyDemoDb, startAppServer, type AppServer } from "../support/app-server";

/**
 * The session cookie and the life of a session, over real HTTP against the
 * production server on the demo community: its name and attributes over
 * http and https, a new token at every login that ends the one the browser
 * brought (session fixation), and the end of every session of a person who
 * is disabled, changes their password or has it reset, or logs out. A role
 * change takes effect at the person's next request.
 */
const PASSWORD = "mingzhang-demo";
const HTTPS_ORIGIN = "https://mingzhang.example";
let plain: AppServer;
let secure: AppServer;
let db: Database.Database;

beforeAll(async () => {
  const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), name));
  [plain, secure] = await Promise.all([
    startAppServer(copyDemoDb(tmp("mz-sessions-http-"))),
    startAppServer(copyDemoDb(tmp("mz-sessions-https-")), { APP_ORIGIN: HTTPS_ORIGIN }),
  ]);
  db = new Database(plain.databasePath, { readonly: true });
}, 120_000);
afterAll(async () => {
  db?.close();
  await Promise.all([plain?.stop(), secure?.stop()]);
});
beforeEach(() => {
  allowLoopback(plain.base);
  allowLoopback(secure.base);
});

/** A client of one server: the Origin its pages would send, and the session cookie's name there. */
function client(server: () => AppServer, origin: () => string, cookieName: string) {
  const post = async (pathname: string, form: Record<string, string | string[]>, cookie?: string) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
    const response = await fetch(`${server().base}${pathname}`, {
      method: "POST", redirect: "manual", body, headers: { Origin: origin(), ...(cookie ? { Cookie: cookie } : {}) },
    });
    await response.text();
    return response;
  };
  return {
    post,
    /** Signs in and returns the raw Set-Cookie line and the `name=value` pair to send back. */
    async signIn(login: string, options: { password?: string; cookie?: string } = {}) {
      const response = await post("/login", { login, password: options.password ?? PASSWORD }, options.cookie);
      expect(response.status, `login of ${login}: ${server().output().slice(-500)}`).toBe(302);
      const setCookie = response.headers.getSetCookie().find((line) => line.startsWith(`${cookieName}=`));
      expect(setCookie, response.headers.getSetCookie().join("\n")).toBeTruthy();
      return { setCookie: setCookie!, cookie: setCookie!.split(";")[0]!, location: response.headers.get("location") };
    },
    /** Whether the cookie is a live session: a page any signed-in person may open answers 200, else the login page. */
    async isSignedIn(cookie: string): Promise<boolean> {
      const response = await fetch(`${server().base}/account/password`, { redirect: "manual", headers: { Cookie: cookie } });
      await response.text();
      if (response.status === 302) {
        expect(response.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
        return false;
      }
      expect(response.status).toBe(200);
      return true;
    },
  };
}

const http = client(() => plain, () => plain.base, "mz_session");
const https = client(() => secure, () => HTTPS_ORIGIN, "__Host-mz_session");
const userId = (login: string) => (db.prepare("SELECT id FROM users WHERE login = ?").get(login) as { id: number }).id;
const sessionsOf = (login: string) => (db.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(userId(login)) as { n: number }).n;
const attributes = (setCookie: string) => setCookie.split(";").slice(1).map((part) => part.trim().toLowerCase());
let deadCookies = 0;
const expectDead = async (c: typeof http, cookie: string, why: string) => {
  expect(await c.isSignedIn(cookie), why).toBe(false);
  deadCookies += 1;
};

describe("the session cookie", () => {
  it("over https is __Host-mz_session: Secure, Path=/, no Domain, HttpOnly, SameSite=Lax; the plain name is not read there", async () => {
    const { setCookie, cookie } = await https.signIn("manager");
    const attrs = attributes(setCookie);
    expect(attrs).toEqual(expect.arrayContaining(["secure", "path=/", "httponly", "samesite=lax"]));
    expect(attrs.some((a) => a.startsWith("domain"))).toBe(false);
    expect(await https.isSignedIn(cookie)).toBe(true);
    // The same signed value under the plain name (as a plain-http page could plant it) is not a session there.
    expect(await https.isSignedIn(cookie.replace(/^__Host-/, ""))).toBe(false);

    const logout = await https.post("/logout", {}, cookie);
    expect(logout.status).toBe(302);
    const cleared = logout.headers.getSetCookie().find((line) => line.startsWith("__Host-mz_session="))!;
    expect(attributes(cleared)).toEqual(expect.arrayContaining(["secure", "path=/", "httponly", "max-age=0"]));
    await expectDead(https, cookie, "logged out over https");
  });

  it("over plain http is mz_session, HttpOnly, SameSite=Lax, without Secure (browsers refuse __Host- without it)", async () => {
    const { setCookie, cookie } = await http.signIn("manager");
    const attrs = attributes(setCookie);
    expect(attrs).toEqual(expect.arrayContaining(["path=/", "httponly", "samesite=lax"]));
    expect(attrs).not.toContain("secure");
    expect(attrs.some((a) => a.startsWith("domain"))).toBe(false);
    expect(await http.isSignedIn(cookie)).toBe(true);
    expect(await http.isSignedIn(`__Host-${cookie}`)).toBe(false);
  });
});

describe("login rotates the session", () => {
  it("ends the session the browser brought, whoever it belonged to; the new token is new", async () => {
    // An attacker signs in and plants their own cookie in the victim's browser.
    const planted = await http.signIn("owner");
    const victim = await http.signIn("director", { cookie: planted.cookie });
    expect(victim.cookie).not.toBe(planted.cookie);
    await expectDead(http, planted.cookie, "the planted token after the victim's login");
    expect(await http.isSignedIn(victim.cookie)).toBe(true);

    // The same person signing in again in the same browser: the old token ends too.
    const before = sessionsOf("owner2");
    const first = await http.signIn("owner2");
    const second = await http.signIn("owner2", { cookie: first.cookie });
    expect(second.cookie).not.toBe(first.cookie);
    await expectDead(http, first.cookie, "owner2's token from before the second login");
    expect(await http.isSignedIn(second.cookie)).toBe(true);
    expect(sessionsOf("owner2")).toBe(before + 1);
  });

  it("also over https", async () => {
    const first = await https.signIn("auditor");
    const second = await https.signIn("auditor", { cookie: first.cookie });
    await expectDead(https, first.cookie, "the auditor's token from before the second login (https)");
    expect(await https.isSignedIn(second.cookie)).toBe(true);
  });
});

describe("sessions end", () => {
  it("when the admin disables the user: the next request gets the login page, and login is refused", async () => {
    const admin = await http.signIn("admin");
    const session = await http.signIn("committee4");
    expect(await http.isSignedIn(session.cookie)).toBe(true);
    const disable = await http.post(`/admin/users/${userId("committee4")}`, { intent: "disable" }, admin.cookie);
    expect(disable.status).toBe(302);
    await expectDead(http, session.cookie, "disabled user's session");
    expect(sessionsOf("committee4")).toBe(0);
    expect((await http.post("/login", { login: "committee4", password: PASSWORD })).status).toBe(401);
  });

  it("when the user changes their password: every session of theirs, a new one for this browser", async () => {
    const here = await http.signIn("committee1");
    const elsewhere = await http.signIn("committee1");
    const newPassword = "a-new-password-2026";
    const change = await http.post("/account/password", { currentPassword: PASSWORD, newPassword, confirmPassword: newPassword }, here.cookie);
    expect(change.status).toBe(302);
    const fresh = change.headers.getSetCookie().find((line) => line.startsWith("mz_session="))!.split(";")[0]!;
    expect(fresh).not.toBe(here.cookie);
    await expectDead(http, here.cookie, "committee1's session that changed the password");
    await expectDead(http, elsewhere.cookie, "committee1's other session");
    expect(await http.isSignedIn(fresh)).toBe(true);
    expect((await http.post("/login", { login: "committee1", password: PASSWORD })).status).toBe(401);
    await http.signIn("committee1", { password: newPassword });
  });

  it("when the admin resets the password: the old cookie is dead, the new password leads to the change page", async () => {
    const admin = await http.signIn("admin");
    const session = await http.signIn("committee2");
    const reset = await http.post(`/admin/users/${userId("committee2")}`, { intent: "reset", password: "temporary-2026-pass" }, admin.cookie);
    expect(reset.status).toBe(302);
    await expectDead(http, session.cookie, "committee2's session after the reset");
    const again = await http.signIn("committee2", { password: "temporary-2026-pass" });
    expect(again.location).toBe("/account/password");
  });

  it("at logout", async () => {
    const session = await http.signIn("accountant");
    const logout = await http.post("/logout", {}, session.cookie);
    expect(logout.status).toBe(302);
    expect(logout.headers.get("location")).toBe("/login");
    expect(logout.headers.getSetCookie().find((line) => line.startsWith("mz_session="))).toMatch(/max-age=0/i);
    await expectDead(http, session.cookie, "logged out");
  });
});

describe("a role change by the admin", () => {
  it("takes effect at the person's next request, without a new login", async () => {
    const admin = await http.signIn("admin");
    const session = await http.signIn("committee3");
    const committeePage = async () => {
      const response = await fetch(`${plain.base}/committee`, { redirect: "manual", headers: { Cookie: session.cookie } });
      await response.text();
      return response.status;
    };
    expect(await committeePage()).toBe(200);
    const user = db.prepare("SELECT id, display_name AS displayName, owner_id AS ownerId FROM users WHERE login = 'committee3'").get() as { id: number; displayName: string; ownerId: number };
    const update = await http.post(`/admin/users/${user.id}`, { intent: "update", displayName: user.displayName, roles: ["owner"], ownerId: String(user.ownerId) }, admin.cookie);
    expect(update.status).toBe(302);
    expect(await committeePage()).toBe(403);
    expect(await http.isSignedIn(session.cookie)).toBe(true);
    console.log(`[figure] sessions: ${deadCookies} ended sessions refused at the next request (rotation, disable, password change, reset, logout), __Host- cookie over https, role change effective at once`);
  });
});
