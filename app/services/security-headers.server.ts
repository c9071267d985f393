import { randomBytes } from "node:crypto";

/**
 * The browser-side defences every response carries (issue 9 §6). The page
 * policy lets a script run only if it carries this response's nonce or was
 * loaded by one that does ('strict-dynamic': the route chunks, the lazy
 * exceljs and echarts imports); styles stay 'unsafe-inline' because the
 * server-rendered ECharts SVG and the QR code carry style attributes.
 */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Referrer-Policy same-origin: the app's URLs name statements, users and
 * units, and no other site needs them; same-site requests keep the Referer
 * the cross-site check falls back on.
 */
export const BASELINE_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

/** The policy of an HTML page rendered by Remix. Vite's dev server also needs its HMR websocket. */
export function pageCsp(nonce: string, options: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    options.dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}

/** For any other HTML the server sends (the cross-site refusal, a resource route's error page): nothing runs, nothing loads. */
export const LOCKED_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** The nonce named by a page policy, or null. */
export function nonceOf(csp: string): string | null {
  return /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp)?.[1] ?? null;
}
