import type { AppServer } from "./app-server";

/**
 * Browsers clicking at once on two app servers that share one database
 * (issue 9 §3 end to end). Each request goes to one of the servers with that
 * server's own Origin (its cross-site guard compares against its own host);
 * the session cookie works on both, as sessions live in the database. Half of
 * the requests are plain document POSTs (a browser without JavaScript), half
 * go to `/path.data` as Remix's single fetch sends them from a hydrated page.
 */
export const DEMO_PASSWORD = "mingzhang-demo";

export type Outcome =
  /** The action redirected: `location` is where to (document: 302 + Location; single fetch: 202 and the redirect in its body). */
  | { kind: "redirect"; status: number; location: string; server: number; viaData: boolean }
  /** The action answered with the form's refusal (4xx); `body` holds the error code somewhere in it. */
  | { kind: "refused"; status: number; body: string; server: number; viaData: boolean }
  /** Anything else: a 5xx, a 200 where a write was expected. Always a failure of the race. */
  | { kind: "other"; status: number; body: string; server: number; viaData: boolean };

function form(fields: Record<string, string>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return body;
}

/** Signs `login` in on `server` and returns the `name=value` cookie pair. */
export async function signIn(server: AppServer, login: string): Promise<string> {
  const response = await fetch(`${server.base}/login`, {
    method: "POST", redirect: "manual", body: form({ login, password: DEMO_PASSWORD }), headers: { Origin: server.base },
  });
  await response.text();
  const line = response.headers.getSetCookie().find((l) => l.startsWith("mz_session="));
  if (response.status !== 302 || !line) throw new Error(`login of ${login} answered ${response.status}: ${server.output().slice(-800)}`);
  return line.split(";")[0]!;
}

/** A page's HTML as the signed-in person sees it (must be 200). */
export async function page(server: AppServer, pathname: string, cookie: string): Promise<string> {
  const response = await fetch(`${server.base}${pathname}`, { redirect: "manual", headers: { Cookie: cookie } });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET ${pathname} answered ${response.status}`);
  return html;
}

/** One form POST to `server`, classified. */
export async function post(servers: AppServer[], index: number, pathname: string, fields: Record<string, string>, cookie: string, viaData: boolean): Promise<Outcome> {
  const server = servers[index % servers.length]!;
  const url = `${server.base}${viaData ? `${pathname}.data` : pathname}`;
  const response = await fetch(url, { method: "POST", redirect: "manual", body: form(fields), headers: { Origin: server.base, Cookie: cookie } });
  const body = await response.text();
  const at = { server: index % servers.length, viaData };
  if (!viaData && response.status === 302) return { kind: "redirect", status: 302, location: response.headers.get("location") ?? "", ...at };
  const dataRedirect = viaData && response.status === 202 ? singleFetchRedirect(body) : null;
  if (dataRedirect) return { kind: "redirect", status: 202, location: dataRedirect, ...at };
  if (response.status >= 400 && response.status < 500) return { kind: "refused", status: response.status, body, ...at };
  return { kind: "other", status: response.status, body: body.slice(0, 2000), ...at };
}

/**
 * The target of a single-fetch action redirect. Remix answers 202 with a
 * turbo-stream body whose first line is a flat JSON array: the root object
 * maps "_<index of a key>" to the index of its value, e.g.
 * [{"_1":2,"_3":4},"redirect","/billing/units/1","status",302].
 */
export function singleFetchRedirect(body: string): string | null {
  let flat: unknown;
  try {
    flat = JSON.parse(body.split("\n")[0]!);
  } catch {
    return null;
  }
  if (!Array.isArray(flat) || typeof flat[0] !== "object" || flat[0] === null) return null;
  for (const [key, valueIndex] of Object.entries(flat[0] as Record<string, number>)) {
    if (flat[Number(key.slice(1))] === "redirect" && typeof flat[valueIndex] === "string") return flat[valueIndex] as string;
  }
  return null;
}

export interface Race {
  outcomes: Outcome[];
  elapsedMs: number;
  /** Whether a request to one server was still unanswered when one to the other had been sent (seen from the client). */
  overlapped: boolean;
}

/**
 * `requests` copies of the same POST at once: request i goes to server i mod 2,
 * and as a document POST or a single-fetch POST by turns of two (so each server
 * gets both kinds). Fields may differ per request (`fieldsOf`), the cookie too.
 */
export async function race(servers: AppServer[], requests: number, pathname: string, fieldsOf: (i: number) => Record<string, string>, cookieOf: (i: number) => string): Promise<Race> {
  const started = performance.now();
  const spans: { server: number; fromMs: number; toMs: number }[] = [];
  const outcomes = await Promise.all(Array.from({ length: requests }, async (_, i) => {
    const fromMs = performance.now();
    const outcome = await post(servers, i, pathname, fieldsOf(i), cookieOf(i), Math.floor(i / 2) % 2 === 1);
    spans.push({ server: outcome.server, fromMs, toMs: performance.now() });
    return outcome;
  }));
  const overlapped = spans.some((a) => spans.some((b) => a.server !== b.server && a.fromMs < b.toMs && b.fromMs < a.toMs));
  return { outcomes, elapsedMs: performance.now() - started, overlapped };
}

export const redirects = (r: Race) => r.outcomes.filter((o): o is Extract<Outcome, { kind: "redirect" }> => o.kind === "redirect");
export const refusals = (r: Race) => r.outcomes.filter((o): o is Extract<Outcome, { kind: "refused" }> => o.kind === "refused");
export const others = (r: Race) => r.outcomes.filter((o) => o.kind === "other");
/** Whether every refusal names `code` (in the HTML's serialized action data or the turbo-stream body). */
export const allRefusedWith = (r: Race, code: string) => refusals(r).every((o) => o.body.includes(code));

/** The value of a hidden input in a page's HTML. */
export function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html) ?? new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html);
  if (!match) throw new Error(`no hidden input ${name} in the page`);
  return match[1]!;
}
