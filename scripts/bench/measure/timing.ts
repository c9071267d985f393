// Timing helpers: a figure is median/min/max over `runs` runs after one warm-up run,
// timed with performance.now() (monotonic, sub-millisecond).

export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarise(samples: readonly number[]): Timing {
  if (samples.length === 0) throw new Error("summarise: no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** Runs `fn` once to warm caches (not counted), then `runs` times; returns milliseconds. */
export async function timeRuns(runs: number, fn: () => unknown): Promise<Timing> {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`timeRuns: runs must be a positive integer, got ${runs}`);
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarise(samples);
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
