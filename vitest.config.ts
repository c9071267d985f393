import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    // better-sqlite3 is a native module: one process per test file.
    pool: "forks",
    globalSetup: ["test/setup/global-setup.ts"],
    setupFiles: ["test/setup/setup-test-env.ts"],
    testTimeout: 20_000,
  },
});
