import { getDb } from "~/services/db.server";
import * as loginRoute from "~/routes/login";

export const ORIGIN = "http://localhost";
export const CONTEXT = { clientAddress: "127.0.0.1" };

export function formBody(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  }
  return form;
}

/** A request as a browser (or an attacker) would send it. */
export function makeRequest(
  pathAndQuery: string,
  options: { method?: string; form?: Record<string, string | string[]> | FormData; cookie?: string; origin?: string | null; referer?: string } = {},
): Request {
  const method = options.method ?? (options.form ? "POST" : "GET");
  const headers = new Headers();
  if (options.cookie) headers.set("Cookie", options.cookie);
  if (method !== "GET" && options.origin !== null) headers.set("Origin", options.origin ?? ORIGIN);
  if (options.referer) headers.set("Referer", options.referer);
  const body = options.form ? (options.form instanceof FormData ? options.form : formBody(options.form)) : undefined;
  return new Request(new URL(pathAndQuery, ORIGIN), { method, headers, body });
}

/** Calls a loader or action and returns what it returned or threw (Responses are thrown for redirects and 403s). */
export async function settle(promise: Promise<unknown> | unknown): Promise<{ threw: boolean; value: unknown }> {
  try {
    return { threw: false, value: await promise };
  } catch (value) {
    return { threw: true, value };
  }
}

export function isDataWithInit(value: unknown): value is { type: "DataWithResponseInit"; data: FormReply; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: string }).type === "DataWithResponseInit";
}

/** What the app's form actions put in `data(...)`: conform's reply (and, for login, the minutes of a block). */
export interface FormReply {
  lastResult: { error?: Record<string, string[] | null> | null } & Record<string, unknown>;
  minutes?: number;
}

/** Signs in through the login action and returns the Cookie header to send afterwards. */
export async function signIn(login: string, password: string, redirectTo?: string): Promise<{ cookie: string; location: string }> {
  const form: Record<string, string> = { login, password };
  if (redirectTo !== undefined) form.redirectTo = redirectTo;
  const result = await loginRoute.action({ request: makeRequest("/login", { form }), params: {}, context: CONTEXT });
  if (!(result instanceof Response)) throw new Error(`login of ${login} failed: ${JSON.stringify(result)}`);
  const setCookie = result.headers.get("Set-Cookie");
  if (!setCookie) throw new Error(`login of ${login} set no cookie`);
  return { cookie: setCookie.split(";")[0]!, location: result.headers.get("Location") ?? "" };
}

export { getDb };
