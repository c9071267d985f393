import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { progressBar } from "../progress";
import { openDb, outOf, parseOptions, type ExportCommand } from "./common";

export const bundle: ExportCommand = {
  usage: `bundle --out FILE.zip [--with-attachments]
         the audit bundle: audit.jsonl, ledger.journal, published statements, the attachment manifest
         (and the files with --with-attachments), verifier scripts, SHA256SUMS and a README saying how to check it`,
  async run(args) {
    const values = parseOptions(() => parseArgs({ args, options: { out: { type: "string" }, "with-attachments": { type: "boolean", default: false } } }).values);
    const out = outOf(values.out);
    const { writeBundle } = await import("~/services/audit/bundle.server");
    const { attachmentsDir } = await import("~db/connection");
    const db = await openDb();
    // Written under a temporary name and renamed at the end: a failed export leaves nothing behind.
    const partial = `${out}.partial`;
    const stream = fs.createWriteStream(partial);
    const bar = progressBar("bundle");
    try {
      const written = await writeBundle(db, stream, {
        withAttachments: values["with-attachments"] === true,
        attachmentsDir: attachmentsDir(process.env.DATABASE_PATH ?? "./data/mingzhang.db"),
        zipName: path.basename(out),
      }, (done, total) => bar.update(done, total));
      fs.renameSync(partial, out);
      bar.finish(`wrote ${out}: ${written.files} files, ${written.events} audit events`);
    } catch (error) {
      bar.finish();
      stream.destroy();
      fs.rmSync(partial, { force: true });
      throw error;
    } finally {
      db.$client.close();
    }
  },
};
