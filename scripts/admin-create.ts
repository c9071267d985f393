/**
 * `npm run admin:create -- --login admin --name "管理员"`: creates an admin
 * account on the database at DATABASE_PATH with a random one-time password,
 * printed once; it must be changed at first login. Audited as actor "system".
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";

const { values } = parseArgs({ options: { login: { type: "string" }, name: { type: "string" } } });
const args = z.object({ login: z.string().min(3), name: z.string().min(1) }).safeParse(values);
if (!args.success) {
  console.error('usage: npm run admin:create -- --login <login> --name "<display name>"');
  process.exit(2);
}

const { getDb } = await import("~/services/db.server");
const { createUser } = await import("~/services/users.server");
const { isDomainError } = await import("~/domain/errors");
const { createUserFormSchema } = await import("~/domain/users");
const { createI18n } = await import("~/i18n/i18n");
const t = createI18n("zh-CN").t;

const password = randomBytes(12).toString("base64url");
const input = createUserFormSchema.safeParse({ login: args.data.login, displayName: args.data.name, password, roles: ["admin"] });
if (!input.success) {
  console.error(`refused: ${input.error.issues.map((i) => `${i.path.join(".")}: ${t(i.message)}`).join("; ")}`);
  process.exit(2);
}
try {
  const { user } = await createUser(getDb(), input.data, "system", { mustChangePassword: true });
  console.log(`Created admin "${user.login}" (user ${user.id}). One-time password: ${password}\nIt must be changed at first login.`);
} catch (error) {
  if (isDomainError(error)) {
    console.error(`refused: ${t(error.code)} (${error.code})`);
    process.exit(1);
  }
  throw error;
}
