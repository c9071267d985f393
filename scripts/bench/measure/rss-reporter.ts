// Loaded into a measured child process with `node --import tsx --import <this file>`: at exit, writes
// the process's peak resident set size (KB, process.resourceUsage().maxRSS) to $BENCH_RSS_FILE.
import fs from "node:fs";

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on("exit", () => {
    fs.writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}
