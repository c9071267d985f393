import type { ChannelKind } from "./channels";

/**
 * The JSON a group robot receives. Both vendors take markdown; both cut or
 * refuse long content (WeCom: 4096 bytes of UTF-8), so the text is capped at a
 * character boundary.
 */
export const MAX_CONTENT_BYTES = 4000;
const ELLIPSIS = "…";

export type RobotPayload =
  | { msgtype: "markdown"; markdown: { title: string; text: string } }
  | { msgtype: "markdown"; markdown: { content: string } };

export interface MessageText {
  title: string;
  body: string; // markdown with relative links, "[查看](/spending/12)"
}

export function robotPayload(kind: ChannelKind, message: MessageText, baseUrl?: string): RobotPayload {
  const title = truncateUtf8(message.title.replace(/\s+/g, " ").trim(), 200);
  const body = absoluteLinks(message.body, baseUrl);
  if (kind === "dingtalk") {
    return { msgtype: "markdown", markdown: { title, text: truncateUtf8(`#### ${title}\n\n${body}`, MAX_CONTENT_BYTES) } };
  }
  return { msgtype: "markdown", markdown: { content: truncateUtf8(`**${title}**\n\n${body}`, MAX_CONTENT_BYTES) } };
}

/** "(/spending/12)" → "(https://zhang.example.org/spending/12)" when the public address is known. */
export function absoluteLinks(markdown: string, baseUrl?: string): string {
  if (!baseUrl) return markdown;
  const base = baseUrl.replace(/\/+$/, "");
  return markdown.replace(/\]\((\/(?!\/)[^)\s]*)\)/g, (_, path: string) => `](${base}${path})`);
}

/**
 * At most `maxBytes` of UTF-8, cut between characters (never inside a
 * character or a surrogate pair), ending in "…" when cut.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  const budget = maxBytes - encoder.encode(ELLIPSIS).length;
  let used = 0;
  let out = "";
  for (const char of text) {
    const size = encoder.encode(char).length;
    if (used + size > budget) break;
    used += size;
    out += char;
  }
  return out + ELLIPSIS;
}
