/**
 * `npm start`: serves a real installation. Migrates the database at
 * DATABASE_PATH, refuses the demo database, and on an empty one says how to
 * create the first admin.
 */
process.env.NODE_ENV ??= "production";

const { ensureBuild } = await import("./lib/build");
const { startServer } = await import("./lib/server");
const { env } = await import("~/env.server");
const { getDb } = await import("~/services/db.server");
const { getCommunity } = await import("~/services/community.server");
const { countUsers } = await import("~/services/users.server");

ensureBuild();
const db = getDb();
if (getCommunity(db)?.isDemo) {
  console.error(`${env().DATABASE_PATH} holds the demo community; a real installation never serves demo data. Set DATABASE_PATH to another file.`);
  process.exit(1);
}
if (countUsers(db) === 0) {
  console.log(`The database ${env().DATABASE_PATH} has no users yet. Create the first admin with:\n  npm run admin:create -- --login admin --name "管理员"\nthen sign in and set up the community.`);
}
await startServer(env().PORT);

export {};
