import fs from "node:fs";
import { isIsoDate } from "~/domain/calendar";

/** Bad usage or an unreadable input: exit code 2, nothing written. */
export class UsageError extends Error {}

/** One subcommand of `npm run export`: its usage line and its run. */
export interface ExportCommand {
  usage: string;
  run(args: string[]): Promise<void>;
}

/** The database at DATABASE_PATH, opened without migrating, so exporting never changes the file. */
export async function openDb() {
  const databasePath = process.env.DATABASE_PATH ?? "./data/mingzhang.db";
  if (!fs.existsSync(databasePath)) throw new UsageError(`cannot read ${databasePath}: no such database (set DATABASE_PATH)`);
  const { openDatabase } = await import("~db/connection");
  return openDatabase(databasePath, { migrate: false });
}

/** Runs an argument parser (node:util parseArgs) so that its errors are usage errors. */
export function parseOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The optional --from/--to dates: valid YYYY-MM-DD, from ≤ to. */
export function dateRange(values: { from?: unknown; to?: unknown }): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {};
  for (const key of ["from", "to"] as const) {
    const value = values[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || !isIsoDate(value)) throw new UsageError(`--${key} must be a date YYYY-MM-DD`);
    range[key] = value;
  }
  if (range.from && range.to && range.from > range.to) throw new UsageError(`--from ${range.from} is after --to ${range.to}`);
  return range;
}

/** The required --format, one of `formats`. */
export function formatOf<F extends string>(value: unknown, formats: readonly F[]): F {
  const format = formats.find((f) => f === value);
  if (!format) throw new UsageError(`--format must be one of ${formats.join(", ")}`);
  return format;
}

export function outOf(value: unknown): string {
  if (typeof value !== "string" || value === "") throw new UsageError("--out FILE is required");
  return value;
}
