import { execFileSync } from "node:child_process";
import fs from "node:fs";

/**
 * The browser and the CJK fonts are system packages (Debian), not npm ones.
 * A missing one fails the run with the command that installs it: a skipped
 * end-to-end suite would look like a passing one.
 */
export default function globalSetup(): void {
  const missing: string[] = [];
  if (!fs.existsSync("/usr/bin/chromium")) {
    missing.push("chromium is missing (/usr/bin/chromium not found). Install it with: apt-get install -y chromium");
  }
  let zhFonts = "";
  try {
    zhFonts = execFileSync("fc-list", [":lang=zh"], { encoding: "utf8" }).trim();
  } catch {
    zhFonts = "";
  }
  if (zhFonts === "") {
    missing.push("No Chinese font found (`fc-list :lang=zh` printed nothing). Install it with: apt-get install -y fonts-noto-cjk");
  }
  if (missing.length > 0) throw new Error(`End-to-end tests need system packages:\n  ${missing.join("\n  ")}`);
}
