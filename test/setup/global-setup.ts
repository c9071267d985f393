import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/connection";
import { ensureBuild } from "../../scripts/lib/build";
import { envWithoutVitest } from "../../scripts/lib/processes";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
    demoDb: string;
  }
}

/**
 * Migrates one template database; each test file then works on its own copy.
 * Also builds the app (when its sources changed) and the full demo community
 * once, for the tests that talk to the real server over HTTP.
 */
export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mingzhang-test-"));
  const templateDb = path.join(dir, "template.db");
  const db = openDatabase(templateDb);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  project.provide("templateDb", templateDb);

  ensureBuild();
  const demoDir = path.join(dir, "demo");
  fs.mkdirSync(demoDir);
  const demoDb = path.join(demoDir, "demo.db");
  execFileSync(process.execPath, ["--import", "tsx", path.resolve("test/support/make-demo-db.ts"), demoDb], { stdio: "inherit", env: { ...envWithoutVitest(), NOTIFY_WORKER: "off" } });
  project.provide("demoDb", demoDb);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
