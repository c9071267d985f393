import { z } from "zod";

/** The environment, read and checked once (STYLE.md §15). */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1).default("./data/mingzhang.db"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Signs the session cookie. When unset, a random one is kept beside the database.
  SESSION_SECRET: z.string().min(16).optional(),
  // The public origin (https://zhang.example.org) when behind a proxy; else the request's own.
  APP_ORIGIN: z.url().optional(),
  // The address owners reach the app at, for absolute links in group-robot messages.
  PUBLIC_BASE_URL: z.url().optional(),
  // "off" keeps the serving process from delivering notifications (another process does, or none).
  NOTIFY_WORKER: z.enum(["on", "off"]).optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= envSchema.parse(process.env);
  return cached;
}
