/**
 * Whole-page cache for anonymous readers of the public statement pages: the
 * notice on the board sends hundreds of owners to the same few pages at once.
 *
 * A cached page is served only while nothing it could show has changed:
 * every state change appends an audit event (DESIGN.md §6), so the chain
 * head's seq, with today's date in Shanghai (overdue questions and the
 * posting window are judged by the day), versions everything the page
 * reads. The key adds the URL, the language cookie and Accept-Language. A
 * request carrying a session cookie is never cached: its page shows the
 * person's own navigation, and a session can end without an event.
 *
 * A page carries its response's CSP nonce (in the header and on every
 * script); a cached page is stored cut at each copy of that nonce and
 * served with a fresh one, so no two responses share a nonce.
 */
import type { NextFunction, Request, Response } from "express";
import type { Db } from "~db/connection";
import { shanghaiDate } from "~/domain/calendar";
import { newNonce, nonceOf } from "~/services/security-headers.server";

const CACHEABLE_PATH = /^\/statements(?:\/\d+(?:\/print)?)?\/?$/;
const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?mz_session=/;
const MAX_ENTRIES = 256;
const MAX_BODY_BYTES = 2 * 2 ** 20;
const KEPT_HEADERS = ["content-type", "etag", "cache-control", "vary", "content-language"];

interface CachedPage {
  version: string;
  headers: [string, string][];
  /** The policy and the body, cut where the nonce they were made with stood. */
  csp: string[] | null;
  body: Buffer[];
}

export function pageCache(db: Db) {
  const pages = new Map<string, CachedPage>();
  const head = db.$client.prepare("SELECT coalesce(max(seq), 0) AS seq FROM audit_events");
  const versionNow = () => `${(head.get() as { seq: number }).seq}@${shanghaiDate(new Date())}`;

  return function servePageCache(req: Request, res: Response, next: NextFunction) {
    if (req.method !== "GET" || !CACHEABLE_PATH.test(req.path) || SESSION_COOKIE.test(req.get("cookie") ?? "")) return next();
    const key = `${req.originalUrl}\n${/mz_lang=[^;]*/.exec(req.get("cookie") ?? "")?.[0] ?? ""}\n${req.get("accept-language") ?? ""}`;
    const version = versionNow();
    const hit = pages.get(key);
    if (hit && hit.version === version) {
      // Refresh its place: the Map's order is the eviction order.
      pages.delete(key);
      pages.set(key, hit);
      for (const [name, value] of hit.headers) res.setHeader(name, value);
      res.setHeader("x-page-cache", "hit");
      const etag = hit.headers.find(([name]) => name === "etag")?.[1];
      // A 304 sends no policy: the browser keeps the one stored with its copy, whose nonce that copy carries.
      if (etag && req.get("if-none-match") === etag) return res.status(304).end();
      const nonce = (res.locals.cspNonce as string | undefined) ?? newNonce();
      if (hit.csp) res.setHeader("content-security-policy", hit.csp.join(nonce));
      return res.status(200).end(joinWith(hit.body, Buffer.from(nonce)));
    }
    captureInto(res, (body) => {
      if (res.statusCode !== 200 || body.length > MAX_BODY_BYTES || res.getHeader("set-cookie")) return;
      const headers = KEPT_HEADERS.flatMap((name) => {
        const value = res.getHeader(name);
        return value === undefined ? [] : [[name, String(value)] as [string, string]];
      });
      const policy = res.getHeader("content-security-policy");
      const nonce = policy === undefined ? null : nonceOf(String(policy));
      const csp = policy === undefined ? null : nonce ? String(policy).split(nonce) : [String(policy)];
      pages.delete(key);
      pages.set(key, { version, headers, csp, body: nonce ? splitAt(body, Buffer.from(`nonce="${nonce}"`), Buffer.from('nonce="')) : [body] });
      while (pages.size > MAX_ENTRIES) pages.delete(pages.keys().next().value!);
    });
    next();
  };
}

/** Collects what Remix writes to the response, and hands the whole body over once it has ended. */
function captureInto(res: Response, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer = Buffer.isBuffer(chunk) ? chunk
      : typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  };
  res.write = ((...args: unknown[]) => {
    keep(args[0], args[1]);
    return write(...args);
  }) as Response["write"];
  res.end = ((...args: unknown[]) => {
    keep(args[0], args[1]);
    if (size <= MAX_BODY_BYTES) done(Buffer.concat(chunks));
    return end(...args);
  }) as Response["end"];
}

/**
 * `body` cut at each `marker`; the pieces keep `keep` (the attribute's
 * start) and its closing quote, so joining them with a nonce rebuilds it.
 */
function splitAt(body: Buffer, marker: Buffer, keep: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(marker); at !== -1; at = body.indexOf(marker, from)) {
    pieces.push(Buffer.concat([body.subarray(from, at), keep]));
    from = at + marker.length - 1; // back onto the closing quote
  }
  pieces.push(body.subarray(from));
  return pieces;
}

function joinWith(pieces: Buffer[], separator: Buffer): Buffer {
  if (pieces.length === 1) return pieces[0]!;
  return Buffer.concat(pieces.flatMap((piece, index) => (index === 0 ? [piece] : [separator, piece])));
}
