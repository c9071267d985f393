/**
 * The production server (scripts/lib/server.ts, on the built app) for the
 * HTTP tests: unlike `npm start` it serves the demo database it is given.
 */
process.env.NODE_ENV = "production";
const { startServer } = await import("../../scripts/lib/server");
await startServer(Number(process.env.PORT));

export {};
