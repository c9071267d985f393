// Shared shapes of the bench: every measure* returns figures and ratios in these types,
// scripts/bench/index.ts passes a BenchContext, report.ts prints them.

export interface BenchContext {
  dbPath: string; // the ten-year (or N-year) database, built and closed; measurements open it read-only where they can
  oneYearDbPath: string; // the same community after its first year
  quarter: string; // the quarter to measure, e.g. "2026Q3" (the last built quarter); oneYearQuarter e.g. "2017Q4"
  oneYearQuarter: string;
  runs: number; // repetitions per timed figure (median/min/max); 5 full, 3 small
  workDir: string; // scratch folder for exports, journals, servers (.bench/work)
  toolTimeLimitMs: number; // for ledger-cli / hledger, e.g. 120_000
  log: (line: string) => void;
}

export interface Figure {
  key: string; // stable id: "statement", "statement.sql_groupby", "ledger.first_page", ...
  label: string; // one line for the table
  unit: "ms" | "events/s" | "MB" | "req/s" | "postings/s" | "s";
  median: number;
  min: number;
  max: number;
  runs: number;
  extra?: Record<string, number | string>; // e.g. p50/p99 latency, peak RSS, event count
}

export interface Ratio {
  // a target: figure / reference compared with a bound
  key: string;
  label: string;
  value: number;
  bound: number;
  op: "<=" | ">=";
  met: boolean;
  note?: string;
}
