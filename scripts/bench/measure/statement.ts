/**
 * The quarterly statement of both books (statementFigures, as the statement
 * page computes it) against the limit: one raw SQL GROUP BY over the same
 * quarter's postings, with the best plan SQLite finds on the indexes that
 * exist. Then the same statement on the community after its first year: with
 * checkpoints of published quarters its cost must not grow with history.
 *
 * Also reported, not targets: the statement as it stood just before its
 * quarter was published (no checkpoint of its own yet: one pass over the
 * quarter's postings, carried in from the quarter before), and once, the
 * auditor's recomputation from the ledger alone (statements:verify's way).
 */
import { openDatabase, type Db } from "~db/connection";
import { parsePeriod, type StatementPeriod } from "~/domain/statements/snapshot";
import { statementFigures } from "~/services/statements/figures.server";
import type { BenchContext, Figure, Ratio } from "./types";
import { round, summarise, type Timing } from "./timing";

const REFERENCE_SQL = `SELECT p.book, p.account_code, SUM(p.amount_fen) FROM journal_entries e JOIN postings p ON p.entry_id = e.id
  WHERE e.business_date BETWEEN ? AND ? GROUP BY p.book, p.account_code`;

interface Timed {
  name: string;
  fn: () => unknown;
  samples: number[];
}

/** One warm-up each, then `runs` rounds taking each in turn, so a noisy moment on a shared machine hits all alike. */
function interleaved(runs: number, items: readonly Omit<Timed, "samples">[]): Map<string, Timing> {
  const timed: Timed[] = items.map((item) => ({ ...item, samples: [] }));
  for (const item of timed) item.fn();
  for (let run = 0; run < runs; run += 1) {
    for (const item of timed) {
      const start = performance.now();
      item.fn();
      item.samples.push(performance.now() - start);
    }
  }
  return new Map(timed.map((item) => [item.name, summarise(item.samples)]));
}

function periodOf(label: string): StatementPeriod {
  const period = parsePeriod(label);
  if (!period || period.kind !== "quarter") throw new Error(`not a quarter: ${label}`);
  return period;
}

/** The audit head just before the quarter's checkpoint was made (its publication), or null without one. */
function headBeforeCheckpoint(db: Db, label: string): number | null {
  const row = db.$client.prepare("SELECT audit_seq AS seq FROM statement_checkpoints WHERE quarter = ? AND kind = 'made'").get(label) as { seq: number } | undefined;
  return row ? row.seq - 1 : null;
}

function figure(key: string, label: string, timing: Timing, extra?: Figure["extra"]): Figure {
  return { key, label, unit: "ms", median: round(timing.median), min: round(timing.min), max: round(timing.max), runs: timing.runs, ...(extra ? { extra } : {}) };
}

function ratio(key: string, label: string, value: number, bound: number, note: string): Ratio {
  return { key, label, value: round(value, 3), bound, op: "<=", met: value <= bound, note };
}

export async function measureStatement(ctx: BenchContext): Promise<{ figures: Figure[]; ratios: Ratio[] }> {
  const db = openDatabase(ctx.dbPath);
  const oneYear = openDatabase(ctx.oneYearDbPath);
  try {
    const period = periodOf(ctx.quarter);
    const oneYearPeriod = periodOf(ctx.oneYearQuarter);
    const reference = db.$client.prepare(REFERENCE_SQL);
    const postings = (db.$client.prepare(`SELECT COUNT(*) AS n FROM journal_entries e JOIN postings p ON p.entry_id = e.id
      WHERE e.business_date BETWEEN ? AND ?`).get(period.startDate, period.endDate) as { n: number }).n;
    const openHead = headBeforeCheckpoint(db, ctx.quarter);
    ctx.log(`statement: ${ctx.quarter} (${postings} postings), ${openHead === null ? "no checkpoint of its own" : "from its checkpoint"}; one year: ${ctx.oneYearQuarter}`);
    const items: Omit<Timed, "samples">[] = [
      { name: "statement", fn: () => statementFigures(db, period) },
      { name: "sql", fn: () => reference.all(period.startDate, period.endDate) },
      { name: "one_year", fn: () => statementFigures(oneYear, oneYearPeriod) },
    ];
    if (openHead !== null) items.push({ name: "open", fn: () => statementFigures(db, period, openHead) });
    const t = interleaved(ctx.runs, items);
    const statement = t.get("statement")!;
    const sql = t.get("sql")!;
    const oneYearTiming = t.get("one_year")!;
    const ledgerOnlyStart = performance.now();
    statementFigures(db, period, undefined, { checkpoints: false });
    const ledgerOnlyMs = performance.now() - ledgerOnlyStart;

    const figures: Figure[] = [
      figure("statement", `Quarterly statement, both books (${ctx.quarter})`, statement, { postings, source: openHead === null ? "live" : "checkpoint" }),
      figure("statement.sql_groupby", "Reference: one SQL GROUP BY over the quarter's postings", sql, { postings }),
      figure("statement.one_year", `Quarterly statement after one year (${ctx.oneYearQuarter})`, oneYearTiming),
    ];
    const open = t.get("open");
    if (open) {
      figures.push(figure("statement.open", "Statement before its quarter was published (one pass over the quarter)", open, { ratioToSql: round(open.median / sql.median, 3) }));
    }
    figures.push(figure("statement.ledger_only", "Statement from the ledger alone, no checkpoints (statements:verify), once", summarise([ledgerOnlyMs])));
    const ratios: Ratio[] = [
      ratio("statement/sql_groupby", "Statement ÷ raw SQL GROUP BY", statement.median / sql.median, 1.5, "medians, same run"),
      ratio("statement/one_year", "Statement with ten years ÷ with one year", statement.median / oneYearTiming.median, 1.2, "medians, same run; cost must not grow with history"),
    ];
    return { figures, ratios };
  } finally {
    db.$client.close();
    oneYear.$client.close();
  }
}
