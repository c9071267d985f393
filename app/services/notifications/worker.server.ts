import type { Db } from "~db/connection";
import { deliverDue } from "./deliver.server";

export const DEFAULT_INTERVAL_MS = 15_000;

/**
 * Delivers the outbox in the background of the serving process: every
 * `intervalMs` it calls deliverDue, never while the previous round is still
 * running, on an unref'd timer (it never keeps the process alive). Returns
 * the stop function. Other processes may run it too: claims keep a message
 * from being sent twice.
 */
export function startNotificationWorker(db: Db, options: { intervalMs?: number; timeoutMs?: number; fetchImpl?: typeof fetch } = {}): () => void {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await deliverDue(db, { now: new Date(), timeoutMs: options.timeoutMs, fetchImpl: options.fetchImpl });
    } catch (error) {
      // The next round tries again; a message, not the stack (which might quote a row).
      console.warn(`notification worker: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
