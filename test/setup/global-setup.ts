import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/connection";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}

/** Migrates one template database; each test file then works on its own copy. */
export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mingzhang-test-"));
  const templateDb = path.join(dir, "template.db");
  const db = openDatabase(templateDb);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  project.provide("templateDb", templateDb);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
