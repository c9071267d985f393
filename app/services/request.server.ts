import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { createCookie, data, redirect } from "@remix-run/node";
import { env } from "~/env.server";
import { hasAnyRole, type Role } from "~/domain/roles";
import { isDomainError } from "~/domain/errors";
import type { SubmissionResult } from "@conform-to/react";
import { LOCALES, DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { sessionUser, type SessionUser } from "./auth.server";
import { getDb } from "./db.server";
import { isSameOriginWrite } from "./origin.server";

/**
 * The HTTP edge's shared checks: who is asking, in which language, from
 * where. Every loader and action starts with `requireUser` (or, for the
 * login page, `assertSameOrigin`), so no route can forget the role or the
 * origin check.
 */
function sessionSecret(): string {
  const configured = env().SESSION_SECRET;
  if (configured) return configured;
  const file = path.join(path.dirname(path.resolve(env().DATABASE_PATH)), "session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return fs.readFileSync(file, "utf8").trim();
}

/**
 * Over https the session cookie is `__Host-mz_session`: the browser then
 * insists on Secure, Path=/ and no Domain, so a sibling subdomain or a
 * plain-http page cannot plant or overwrite it. Browsers refuse that prefix
 * without Secure, so plain http (a LAN install, the tests) keeps
 * `mz_session`. Only the name matching the scheme is read.
 */
const cookies = new Map<boolean, ReturnType<typeof createCookie>>();
function sessionCookie(request: Request) {
  const https = isHttps(request);
  let cookie = cookies.get(https);
  if (!cookie) {
    cookie = createCookie(https ? "__Host-mz_session" : "mz_session", {
      httpOnly: true, sameSite: "lax", path: "/", secure: https, secrets: [sessionSecret()], maxAge: 7 * 24 * 3600,
    });
    cookies.set(https, cookie);
  }
  return cookie;
}

export const localeCookie = createCookie("mz_lang", { sameSite: "lax", path: "/", maxAge: 365 * 24 * 3600 });

function isHttps(request: Request): boolean {
  const configured = env().APP_ORIGIN;
  return configured ? configured.startsWith("https:") : new URL(request.url).protocol === "https:";
}

export async function commitSession(request: Request, token: string): Promise<string> {
  return sessionCookie(request).serialize(token);
}

export async function destroySession(request: Request): Promise<string> {
  return sessionCookie(request).serialize("", { maxAge: 0 });
}

export async function sessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie(request).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  const token = await sessionToken(request);
  return token ? sessionUser(getDb(), token) : null;
}

export async function getLocale(request: Request): Promise<Locale> {
  const value: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  return LOCALES.includes(value as Locale) ? (value as Locale) : DEFAULT_LOCALE;
}

/** Refuses a state-changing request that does not come from the app's own pages (CSRF). */
export function assertSameOrigin(request: Request): void {
  const expected = env().APP_ORIGIN ?? new URL(request.url).origin;
  const headers = { origin: request.headers.get("Origin"), referer: request.headers.get("Referer") };
  if (!isSameOriginWrite(request.method, headers, expected)) throw forbidden("errors.crossOrigin");
}

/**
 * The posted form, or a 400 when the body is not one (a truncated or
 * malformed multipart, a JSON body): undici throws a TypeError there, which
 * would otherwise reach Remix as a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new Response(JSON.stringify({ code: "errors.badForm" }), { status: 400, headers: { "Content-Type": "application/json" } });
  }
}

export function forbidden(code = "errors.forbidden"): Response {
  return new Response(JSON.stringify({ code }), { status: 403, headers: { "Content-Type": "application/json" } });
}

export function notFound(code = "errors.notFound"): Response {
  return new Response(JSON.stringify({ code }), { status: 404, headers: { "Content-Type": "application/json" } });
}

/**
 * The signed-in user, with one of `roles` if given. Sends a visitor to the
 * login page, a user who must change a reset password to that page, and
 * answers 403 to anyone else without the role. Also checks the origin of
 * every non-GET request.
 */
export async function requireUser(request: Request, roles?: readonly Role[]): Promise<SessionUser> {
  assertSameOrigin(request);
  const user = await getUser(request);
  const url = new URL(request.url);
  if (!user) {
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  if (user.mustChangePassword && url.pathname !== "/account/password" && url.pathname !== "/logout") {
    throw redirect("/account/password");
  }
  if (roles && !hasAnyRole(user.roles, roles)) throw forbidden();
  return user;
}

/** A safe place to go back to after login: a path on this site only. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

/**
 * Turns a service's refusal into the form's error (status 400, or the one
 * the error names), or rethrows anything that is not a refusal.
 */
export function refuse(submission: { reply: (options: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult }, error: unknown) {
  if (!isDomainError(error)) throw error;
  const field = error.options.field;
  const lastResult = submission.reply(field ? { fieldErrors: { [field]: [error.code] } } : { formErrors: [error.code] });
  // The params (an amount owed, a line number) let the page's message name them.
  return data({ lastResult, params: error.options.params ?? null }, { status: error.options.status ?? 400 });
}

export function invalid(submission: { reply: () => SubmissionResult }) {
  return data({ lastResult: submission.reply() }, { status: 400 });
}

/** The peer address as the server saw it (express `req.ip`, proxy-aware only when TRUST_PROXY is set). */
export function clientAddress(context: { clientAddress?: string } | undefined): string {
  return context?.clientAddress ?? "unknown";
}

const idSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A numeric id from the URL, or a 404 for anything else. */
export function parseId(value: string | undefined): number {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

const listQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  building: z.string().trim().max(20).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0),
});

/** Search and paging parameters of a list page; bad values fall back to defaults. */
export function parseListQuery(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return listQuerySchema.parse(params);
}
