import fs from "node:fs";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import { progressBar } from "../progress";
import { dateRange, formatOf, openDb, outOf, parseOptions, type ExportCommand } from "./common";

export const audit: ExportCommand = {
  usage: `audit --format jsonl|csv|xlsx --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]
         the audit chain: JSON Lines (npm run audit:verify -- --file FILE), CSV, or XLSX (sheets of 1,000,000 events);
         --from/--to select the events written on those days (Asia/Shanghai)`,
  async run(args) {
    const values = parseOptions(() => parseArgs({ args, options: { format: { type: "string" }, out: { type: "string" }, from: { type: "string" }, to: { type: "string" } } }).values);
    const { AUDIT_FORMATS, exportAudit } = await import("~/services/audit/export.server");
    const format = formatOf(values.format, AUDIT_FORMATS);
    const out = outOf(values.out);
    const range = dateRange(values);
    const db = await openDb();
    const bar = progressBar(`audit ${format}`);
    const written = await writeAtomically(out, (stream) => exportAudit(db, stream, { format, ...range }, (done, total) => bar.update(done, total)));
    bar.finish(`wrote ${out}: ${written.events} events`);
  },
};

/**
 * Writes FILE.partial through `write` and renames it to FILE when complete,
 * so that a failed export leaves nothing behind (the partial is deleted).
 * The XLSX writers end the stream themselves; the others are ended here.
 */
export async function writeAtomically<T>(file: string, write: (stream: Writable) => Promise<T>): Promise<T> {
  const partial = `${file}.partial`;
  const stream = fs.createWriteStream(partial, { encoding: "utf8" });
  try {
    const result = await write(stream);
    if (!stream.writableEnded) stream.end();
    await finished(stream);
    fs.renameSync(partial, file);
    return result;
  } catch (error) {
    stream.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
