import { createHmac } from "node:crypto";

/**
 * DingTalk custom-robot signature (加签): HMAC-SHA256 keyed with the secret
 * over "timestamp\nsecret", base64 — sent URL-encoded as `sign` beside
 * `timestamp` (VECTORS.md).
 */
export function dingtalkSignature(timestampMs: number, secret: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

export function dingtalkSignedUrl(webhookUrl: string, timestampMs: number, secret: string): string {
  const url = new URL(webhookUrl);
  url.searchParams.set("timestamp", String(timestampMs));
  url.searchParams.set("sign", dingtalkSignature(timestampMs, secret));
  return url.toString();
}
