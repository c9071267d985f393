/**
 * Automatic matching of bank lines to ledger entries (pure). A candidate has
 * exactly the line's amount on the bank account and a date within
 * MATCH_WINDOW_DAYS; the best one mentions the line's reference in its memo
 * or source, then has the closest date. A pair is made only when each is the
 * other's single best choice; ties stay unmatched for a person to decide.
 */
export const MATCH_WINDOW_DAYS = 3;

export interface MatchLine { id: number; txnDate: string; amountFen: number; reference: string }
export interface MatchEntry { id: number; businessDate: string; bankAmountFen: number; memo: string; sourceId: string | null }

export function daysBetween(a: string, b: string): number {
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
  return Math.abs(day(a) - day(b));
}

/** Lower is better: [reference missing (0/1), days apart]. */
function score(line: MatchLine, entry: MatchEntry): [number, number] | null {
  if (line.amountFen !== entry.bankAmountFen) return null;
  const days = daysBetween(line.txnDate, entry.businessDate);
  if (days > MATCH_WINDOW_DAYS) return null;
  const ref = line.reference.trim();
  const mentions = ref !== "" && (entry.memo.includes(ref) || (entry.sourceId ?? "").includes(ref));
  return [mentions ? 0 : 1, days];
}

const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];

/** The single best of `items` by score, or null when none or a tie at the top. */
function uniqueBest<T>(items: readonly T[], scoreOf: (item: T) => [number, number] | null): T | null {
  let best: T | null = null;
  let bestScore: [number, number] | null = null;
  let tied = false;
  for (const item of items) {
    const s = scoreOf(item);
    if (!s) continue;
    const c = bestScore ? compare(s, bestScore) : -1;
    if (c < 0) {
      best = item;
      bestScore = s;
      tied = false;
    } else if (c === 0) tied = true;
  }
  return tied ? null : best;
}

export function autoMatchPairs(lines: readonly MatchLine[], entries: readonly MatchEntry[]): { lineId: number; entryId: number }[] {
  const pairs: { lineId: number; entryId: number }[] = [];
  let openLines = [...lines];
  let openEntries = [...entries];
  for (;;) {
    const round: { line: MatchLine; entry: MatchEntry }[] = [];
    for (const line of openLines) {
      const entry = uniqueBest(openEntries, (e) => score(line, e));
      if (!entry) continue;
      const back = uniqueBest(openLines, (l) => score(l, entry));
      if (back === line) round.push({ line, entry });
    }
    if (round.length === 0) return pairs;
    for (const { line, entry } of round) pairs.push({ lineId: line.id, entryId: entry.id });
    const usedLines = new Set(round.map((p) => p.line.id));
    const usedEntries = new Set(round.map((p) => p.entry.id));
    openLines = openLines.filter((l) => !usedLines.has(l.id));
    openEntries = openEntries.filter((e) => !usedEntries.has(e.id));
  }
}
