import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against `npm run demo` on a fresh, empty database.
 * The config is evaluated in the runner and again in each worker; the temp
 * directory is created once and handed on through the environment.
 */
process.env.MINGZHANG_E2E_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "mingzhang-e2e-"));
const databasePath = path.join(process.env.MINGZHANG_E2E_DIR, "demo.db");

const PORT = 3210;
const baseURL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "test/e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./test/e2e/global-setup.ts",
  globalTeardown: "./test/e2e/global-teardown.ts",
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 30_000,
  use: {
    baseURL,
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "npm run demo",
    url: `${baseURL}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATABASE_PATH: databasePath,
      PORT: String(PORT),
      SESSION_SECRET: "e2e-secret-0123456789abcdefghijk",
      // 2026Q3 is left for the statement flow test to draft, approve and publish in the browser.
      DEMO_STATEMENTS_THROUGH: "2026Q2",
    },
  },
});
