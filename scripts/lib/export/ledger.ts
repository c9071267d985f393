import fs from "node:fs";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import { progressBar } from "../progress";
import { dateRange, formatOf, openDb, outOf, parseOptions, type ExportCommand } from "./common";

export const ledger: ExportCommand = {
  usage: `ledger --format journal|csv --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]
         the ledger as an hledger/ledger-cli journal, or CSV (one row per posting)`,
  async run(args) {
    const values = parseOptions(() => parseArgs({ args, options: { format: { type: "string" }, out: { type: "string" }, from: { type: "string" }, to: { type: "string" } } }).values);
    const { EXPORT_FORMATS, exportLedger } = await import("~/services/ledger/export.server");
    const format = formatOf(values.format, EXPORT_FORMATS);
    const out = outOf(values.out);
    const range = dateRange(values);
    const db = await openDb();
    const stream = fs.createWriteStream(out, { encoding: "utf8" });
    const bar = progressBar(`ledger ${format}`);
    const written = await exportLedger(db, stream, { format, ...range, generatedAt: new Date().toISOString() }, (done, total) => bar.update(done, total));
    stream.end();
    await finished(stream);
    bar.finish(`wrote ${out}: ${written.entries} entries, ${written.postings} postings`);
  },
};
