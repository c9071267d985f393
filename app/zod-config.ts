import { z } from "zod";

/**
 * In the browser, zod must not compile schemas with `new Function()`: the
 * page's Content-Security-Policy has no 'unsafe-eval', so zod's probe for it
 * would log a CSP violation on every page. It probes as the first object
 * schema is built, so root.tsx imports this module before anything else.
 * The server (no CSP) keeps the faster compiled parsers.
 */
if (typeof document !== "undefined") z.config({ jitless: true });
