import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, inject, vi } from "vitest";
import { server } from "../mocks";

// Each test file (one process each) gets a fresh copy of the migrated template.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mingzhang-file-"));
process.env.DATABASE_PATH = path.join(dir, "test.db");
process.env.SESSION_SECRET = "test-session-secret-0123456789";
fs.copyFileSync(inject("templateDb"), process.env.DATABASE_PATH);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// An unexpected console.error is a failure, not noise.
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error called: ${args.map(String).join(" ")}`);
  });
});
afterEach(() => vi.restoreAllMocks());
