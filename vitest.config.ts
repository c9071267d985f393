import os from "node:os";
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    // better-sqlite3 is a native module: one process per test file, one per core at a time.
    // Said explicitly: on these 2-core machines vitest otherwise ran a single fork (368 s instead of 215 s).
    pool: "forks",
    maxWorkers: os.availableParallelism(),
    globalSetup: ["test/setup/global-setup.ts"],
    setupFiles: ["test/setup/setup-test-env.ts"],
    testTimeout: 20_000,
  },
});
