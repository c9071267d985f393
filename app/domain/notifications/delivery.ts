/**
 * The delivery rules of the outbox, without the network: what counts as
 * sent, how long to wait before the next attempt, when to give up.
 */
export const MAX_ATTEMPTS = 8;
export const BASE_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 3_600_000;

/** Wait after the n-th failed attempt: 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(exponent, 20));
}

export type DeliveryOutcome = { ok: true } | { ok: false; error: string };

/**
 * Both vendors answer HTTP 200 with `{"errcode":0,"errmsg":"ok"}` on success,
 * and report a refusal (DingTalk 310000 "sign not match", WeCom 93000
 * "invalid webhook url") as HTTP 200 with another errcode: only both together
 * mean sent.
 */
export function judgeResponse(status: number, bodyText: string): DeliveryOutcome {
  if (status < 200 || status > 299) return { ok: false, error: `HTTP ${status}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return { ok: false, error: "not JSON" };
  }
  const errcode = typeof parsed === "object" && parsed !== null ? (parsed as { errcode?: unknown }).errcode : undefined;
  if (errcode === 0) return { ok: true };
  const errmsg = (parsed as { errmsg?: unknown } | null)?.errmsg;
  return { ok: false, error: shortError(`errcode ${String(errcode)}${typeof errmsg === "string" ? `: ${errmsg}` : ""}`) };
}

/** A last error fit to show: short, and with any URL (which would hold the token) removed. */
export function shortError(text: string): string {
  const clean = text.replace(/https?:\/\/\S+/g, "<url>").replace(/\s+/g, " ").trim();
  return clean.length > 160 ? `${clean.slice(0, 159)}…` : clean;
}
