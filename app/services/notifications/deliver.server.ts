import { and, asc, eq, lte } from "drizzle-orm";
import { writeTx, type Db } from "~db/connection";
import { notificationChannels, notificationOutbox } from "~db/schema";
import { dingtalkSignedUrl } from "~/domain/dingtalk-sign";
import { backoffMs, judgeResponse, MAX_ATTEMPTS, shortError, type DeliveryOutcome } from "~/domain/notifications/delivery";
import { robotPayload } from "~/domain/notifications/messages";
import { env } from "~/env.server";

export const BATCH_SIZE = 50;
export const DEFAULT_TIMEOUT_MS = 5_000;
// A claimed row is hidden from other workers this long past its timeout; if
// the process dies mid-send, the row becomes due again after it.
const LEASE_MARGIN_MS = 60_000;

export const CHANNEL_DISABLED = "channel disabled";

type OutboxRow = typeof notificationOutbox.$inferSelect;
type ChannelRow = typeof notificationChannels.$inferSelect;

export interface DeliverOptions {
  now: Date;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** The public address for absolute links; defaults to env PUBLIC_BASE_URL. */
  baseUrl?: string;
}

export interface DeliverCounts {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number; // claimed by another worker first
}

/**
 * Sends what is due: pending rows whose next attempt has come, oldest first,
 * at most BATCH_SIZE. Each row is claimed in its own IMMEDIATE transaction
 * right before it is sent (a conditional UPDATE on status and attempts, so
 * two workers never send the same row), the POST happens outside any
 * transaction, and the outcome is written after it.
 */
export async function deliverDue(db: Db, options: DeliverOptions): Promise<DeliverCounts> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl = options.fetchImpl ?? fetch;
  const baseUrl = options.baseUrl ?? env().PUBLIC_BASE_URL;
  const nowIso = options.now.toISOString();
  const due = db
    .select({ id: notificationOutbox.id, attempts: notificationOutbox.attempts })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.status, "pending"), lte(notificationOutbox.nextAttemptAt, nowIso)))
    .orderBy(asc(notificationOutbox.nextAttemptAt), asc(notificationOutbox.id))
    .limit(BATCH_SIZE)
    .all();
  const counts: DeliverCounts = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  for (const candidate of due) {
    const claimed = claim(db, candidate, nowIso, new Date(options.now.getTime() + timeoutMs + LEASE_MARGIN_MS));
    if (!claimed) {
      counts.skipped += 1;
      continue;
    }
    // The admin switched the channel off after the message was queued: nothing leaves, and
    // the message is failed at once (the admin may retry it after switching the channel on).
    const outcome = claimed.channel.enabled
      ? await send(claimed.channel, claimed.row, { fetchImpl, timeoutMs, baseUrl, now: options.now })
      : { ok: false as const, error: CHANNEL_DISABLED, final: true };
    const status = record(db, claimed.row, outcome, options.now);
    counts[status] += 1;
  }
  return counts;
}

/**
 * Takes the row for this worker, or returns undefined when another took it
 * first: the UPDATE counts the attempt and moves the next attempt past the
 * lease only if the row is still pending, due and at the attempt count this
 * worker read, so exactly one of two racing workers changes it.
 */
function claim(db: Db, candidate: { id: number; attempts: number }, nowIso: string, leaseUntil: Date): { row: OutboxRow; channel: ChannelRow } | undefined {
  return writeTx(db, (tx) => {
    const result = tx
      .update(notificationOutbox)
      .set({ attempts: candidate.attempts + 1, nextAttemptAt: leaseUntil.toISOString() })
      .where(and(
        eq(notificationOutbox.id, candidate.id),
        eq(notificationOutbox.status, "pending"),
        eq(notificationOutbox.attempts, candidate.attempts),
        lte(notificationOutbox.nextAttemptAt, nowIso),
      ))
      .run();
    if (result.changes !== 1) return undefined;
    const row = tx.select().from(notificationOutbox).where(eq(notificationOutbox.id, candidate.id)).get()!;
    const channel = tx.select().from(notificationChannels).where(eq(notificationChannels.id, row.channelId)).get()!;
    return { row, channel };
  });
}

async function send(
  channel: ChannelRow,
  row: OutboxRow,
  options: { fetchImpl: typeof fetch; timeoutMs: number; baseUrl?: string; now: Date },
): Promise<DeliveryOutcome> {
  const url = channel.kind === "dingtalk" && channel.secret !== "" ? dingtalkSignedUrl(channel.webhookUrl, options.now.getTime(), channel.secret) : channel.webhookUrl;
  const payload = robotPayload(channel.kind, { title: row.title, body: row.body }, options.baseUrl);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await options.fetchImpl(url, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify(payload),
      signal: controller.signal,
    });
    const text = await response.text();
    return judgeResponse(response.status, text);
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, error: "timeout" };
    // Never the URL (it holds the token): the error's own words, without any URL in them.
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    return { ok: false, error: shortError(`network error: ${typeof cause === "string" ? cause : (error as Error).message}`) };
  } finally {
    clearTimeout(timer);
  }
}

function record(db: Db, row: OutboxRow, outcome: DeliveryOutcome & { final?: boolean }, now: Date): "sent" | "retrying" | "failed" {
  const attempts = row.attempts; // counted by the claim
  const nowIso = now.toISOString();
  const values = outcome.ok
    ? { status: "sent" as const, attempts, sentAt: nowIso, lastError: null, nextAttemptAt: nowIso }
    : {
        status: attempts >= MAX_ATTEMPTS || outcome.final ? ("failed" as const) : ("pending" as const),
        attempts,
        lastError: outcome.error,
        nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
      };
  writeTx(db, (tx) => {
    tx.update(notificationOutbox).set(values).where(and(eq(notificationOutbox.id, row.id), eq(notificationOutbox.attempts, row.attempts))).run();
  });
  return outcome.ok ? "sent" : values.status === "failed" ? "failed" : "retrying";
}
