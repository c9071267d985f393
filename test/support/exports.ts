/** Shared helpers of the export tests (section H2): the demo database, files, the CLI. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough, type Writable } from "node:stream";
import type { Db } from "~db/connection";
import { ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { ensureDemoStatements } from "~/services/demo/statements.server";
import { run } from "./hledger";

/** The demo community, its two years of ledger and its published statements. */
export async function demoWithStatements(db: Db): Promise<void> {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
  await ensureDemoStatements(db);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs `write` into a file and waits until the file is complete (whoever ends the stream). */
export async function writeFile<T>(file: string, write: (out: Writable) => Promise<T>): Promise<T> {
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  const result = await write(out);
  if (!out.writableEnded) out.end();
  await done;
  return result;
}

/** Runs `write` into memory and returns the bytes. */
export async function writeBuffer(write: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => out.on("end", resolve));
  await write(out);
  if (!out.writableEnded) out.end();
  await ended;
  return Buffer.concat(chunks);
}

/** `npm run export -- …` against this test file's database. */
export function exportCli(args: string[]) {
  return run(path.resolve("node_modules/.bin/tsx"), ["scripts/export.ts", ...args], { ...process.env, DATABASE_PATH: process.env.DATABASE_PATH });
}

/** Lines of a text file without the trailing empty one. */
export function linesOf(text: string, separator = "\n"): string[] {
  const lines = text.split(separator);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
