/**
 * Serves the built app (scripts/lib/server.ts) on DATABASE_PATH at PORT,
 * whatever database that is: the bench and the HTTP tests serve communities
 * that `npm start` would refuse (a demo).
 */
process.env.NODE_ENV = "production";
const { startServer } = await import("./server");
const { env } = await import("~/env.server");
await startServer(env().PORT);

export {};
