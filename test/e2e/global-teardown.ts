import fs from "node:fs";

/** Removes the run's temporary database directory (made in playwright.config.ts). */
export default function globalTeardown(): void {
  const dir = process.env.MINGZHANG_E2E_DIR;
  if (dir && /mingzhang-e2e-/.test(dir)) fs.rmSync(dir, { recursive: true, force: true });
}
