/**
 * Whether a request may change state: GET and HEAD always; anything else only
 * when its Origin (or, lacking one, its Referer) is the app's own origin.
 * Browsers send Origin on every cross-site POST, so a forged form is refused.
 */
export function isSameOriginWrite(method: string, headers: { origin?: string | null; referer?: string | null }, expectedOrigin: string): boolean {
  if (method === "GET" || method === "HEAD") return true;
  let source = headers.origin && headers.origin !== "null" ? headers.origin : null;
  if (!source && headers.referer) {
    try {
      source = new URL(headers.referer).origin;
    } catch {
      source = null;
    }
  }
  return source === expectedOrigin;
}
