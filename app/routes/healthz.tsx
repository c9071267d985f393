/**
 * GET /healthz: a constant answer, no session and no database, for
 * monitoring (is the process up and serving?) and as the trivial route the
 * bench compares the statement page with. A resource route: no document,
 * no root loader.
 */
export function loader() {
  return new Response("ok\n", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
