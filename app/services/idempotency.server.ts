/**
 * Idempotency keys across tabs and processes. A form carries a key; the
 * first request with it writes, every later one gets the first record back.
 * The look-up before the transaction is only a shortcut: the one that counts
 * runs inside the IMMEDIATE write transaction (`throwIfRecorded`), BEFORE the
 * business checks — a second request must not be refused for what the first
 * one already did (an advance already paid, a budget line already used).
 */
export class AlreadyRecorded<T> extends Error {
  constructor(readonly record: T) {
    super("already recorded under this idempotency key");
  }
}

/** Inside the write transaction: abort it (nothing written) when the key already has its record. */
export function throwIfRecorded<T>(key: string | null, find: (key: string) => T | undefined): void {
  if (!key) return;
  const existing = find(key);
  if (existing) throw new AlreadyRecorded(existing);
}

export function isUniqueKeyViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && (error as { code: string }).code === "SQLITE_CONSTRAINT_UNIQUE" && error.message.includes("idempotency_key");
}

/**
 * Runs an idempotent write: the first record for the key, or the one another
 * request already made (found before, inside, or — by the UNIQUE index — after).
 */
export function idempotentWrite<T>(key: string | null, find: (key: string) => T | undefined, write: () => T): { record: T; duplicate: boolean } {
  if (key) {
    const existing = find(key);
    if (existing) return { record: existing, duplicate: true };
  }
  try {
    return { record: write(), duplicate: false };
  } catch (error) {
    if (error instanceof AlreadyRecorded) return { record: error.record as T, duplicate: true };
    if (key && isUniqueKeyViolation(error)) {
      const existing = find(key);
      if (existing) return { record: existing, duplicate: true };
    }
    throw error;
  }
}
