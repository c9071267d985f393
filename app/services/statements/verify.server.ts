import { asc, eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { auditEvents, publishedStatements } from "~db/schema";
import { firstDifference } from "~/domain/statements/publishing";
import { parsePeriod, previousPeriod, type StatementSnapshot } from "~/domain/statements/snapshot";
import { canonicalSnapshot, snapshotHash } from "~/domain/statements/snapshot-hash";
import { statementFigures } from "./figures.server";

export type StatementProblemCode =
  | "hashMismatch" | "notCanonical" | "figuresDiffer" | "headMissing" | "headMismatch" | "previousMissing" | "supersedesMissing";

export interface StatementProblem {
  publishedId: number;
  period: string;
  revision: number;
  code: StatementProblemCode;
  detail: string;
}

type Row = typeof publishedStatements.$inferSelect;

function parseSnapshot(text: string): StatementSnapshot | null {
  try {
    return JSON.parse(text) as StatementSnapshot;
  } catch {
    return null;
  }
}

/** The first place the figures recomputed as of the audit head differ from the snapshot's, or null. */
function recomputedDifference(db: Db, row: Row, snapshot: StatementSnapshot): string | null {
  try {
    // From the ledger alone: the checkpoints are a cache an auditor does not trust.
    const recomputed = statementFigures(db, parsePeriod(row.period)!, row.auditHeadSeq, { checkpoints: false });
    const difference = firstDifference(JSON.parse(canonicalSnapshot({ ...snapshot, figures: recomputed })).figures, snapshot.figures);
    return difference ? `${difference} (recomputed ≠ published)` : null;
  } catch (error) {
    // The ledger itself no longer adds up (e.g. a posting altered so its entry does not balance).
    return `cannot recompute: ${(error as Error).message}`;
  }
}

function checkRow(db: Db, row: Row, all: Row[]): Omit<StatementProblem, "publishedId" | "period" | "revision">[] {
  const out: Omit<StatementProblem, "publishedId" | "period" | "revision">[] = [];
  const actual = snapshotHash(row.snapshot);
  if (actual !== row.hash) out.push({ code: "hashMismatch", detail: `sha256 of the snapshot is ${actual}, the row records ${row.hash}` });
  const snapshot = parseSnapshot(row.snapshot);
  if (!snapshot) return [...out, { code: "notCanonical", detail: "the snapshot is not JSON" }];
  if (canonicalSnapshot(snapshot) !== row.snapshot) out.push({ code: "notCanonical", detail: "the snapshot text is not its RFC 8785 canonical form" });
  if (!parsePeriod(row.period)) return [...out, { code: "figuresDiffer", detail: `period ${row.period} does not parse` }];
  const difference = recomputedDifference(db, row, snapshot);
  if (difference) out.push({ code: "figuresDiffer", detail: difference });
  const head = db.select({ hash: auditEvents.hash }).from(auditEvents).where(eq(auditEvents.seq, row.auditHeadSeq)).get();
  if (row.auditHeadSeq > 0 && !head) out.push({ code: "headMissing", detail: `no audit event at seq ${row.auditHeadSeq}` });
  else if (head && head.hash !== row.auditHeadHash) out.push({ code: "headMismatch", detail: `event ${row.auditHeadSeq} has hash ${head.hash}, the statement records ${row.auditHeadHash}` });
  if (snapshot.auditHead.seq !== row.auditHeadSeq || snapshot.auditHead.hash !== row.auditHeadHash) {
    out.push({ code: "headMismatch", detail: "the snapshot's audit head differs from the row's" });
  }
  if (row.previousHash !== null) {
    const previous = all.find((r) => r.hash === row.previousHash);
    if (!previous || previous.period !== previousPeriod(row.period) || previous.id >= row.id) {
      out.push({ code: "previousMissing", detail: `no earlier publication of ${previousPeriod(row.period)} has hash ${row.previousHash}` });
    }
  }
  if (row.revision > 1 || row.supersedesHash !== null) {
    const superseded = all.find((r) => r.period === row.period && r.revision === row.revision - 1);
    if (!superseded || superseded.hash !== row.supersedesHash || snapshot.supersedes?.hash !== row.supersedesHash) {
      out.push({ code: "supersedesMissing", detail: `revision ${row.revision - 1} of ${row.period} is not the one it supersedes (${row.supersedesHash ?? "none"})` });
    }
  }
  return out;
}

/**
 * Every published revision checked (DESIGN.md §9.7): its hash, its canonical
 * form, its figures recomputed from what was recorded up to its audit head,
 * the head itself, and the hashes it chains to.
 */
export function verifyStatements(db: Db): { ok: boolean; checked: number; problems: StatementProblem[] } {
  const all = db.select().from(publishedStatements).orderBy(asc(publishedStatements.id)).all();
  const problems = all.flatMap((row) => checkRow(db, row, all).map((p) => ({ publishedId: row.id, period: row.period, revision: row.revision, ...p })));
  return { ok: problems.length === 0, checked: all.length, problems };
}
