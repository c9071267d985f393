import { parseArgs } from "node:util";
import { progressBar } from "../progress";
import { dateRange, formatOf, openDb, outOf, parseOptions, type ExportCommand } from "./common";
import { writeAtomically } from "./audit";

export const statements: ExportCommand = {
  usage: `statements --format json|csv|xlsx --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]
         every published statement revision: JSON (with the exact snapshot text: sha256 of it = the hash),
         or CSV/XLSX with one row per line; --from/--to select the periods ending within them`,
  async run(args) {
    const values = parseOptions(() => parseArgs({ args, options: { format: { type: "string" }, out: { type: "string" }, from: { type: "string" }, to: { type: "string" } } }).values);
    const { STATEMENT_EXPORT_FORMATS, exportStatements } = await import("~/services/statements/export.server");
    const format = formatOf(values.format, STATEMENT_EXPORT_FORMATS);
    const out = outOf(values.out);
    const range = dateRange(values);
    const db = await openDb();
    const bar = progressBar(`statements ${format}`);
    const written = await writeAtomically(out, (stream) => exportStatements(db, stream, { format, ...range }, (done, total) => bar.update(done, total)));
    bar.finish(`wrote ${out}: ${written.statements} statements`);
  },
};
