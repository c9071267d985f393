import { z } from "zod";

/**
 * A group robot the community posts to, as the admin types it. The webhook
 * URL must be the vendor's own (so a mistyped or hostile URL never receives
 * the community's messages); the DingTalk 加签 secret starts with "SEC".
 * On edit, an empty URL or secret keeps the stored one: the page never shows
 * them back.
 */
export const CHANNEL_KINDS = ["dingtalk", "wecom"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const WEBHOOK_PATTERNS: Record<ChannelKind, RegExp> = {
  dingtalk: /^https:\/\/oapi\.dingtalk\.com\/robot\/send\?access_token=[A-Za-z0-9_-]{8,128}$/,
  wecom: /^https:\/\/qyapi\.weixin\.qq\.com\/cgi-bin\/webhook\/send\?key=[A-Za-z0-9_-]{8,128}$/,
};

const SECRET_PATTERN = /^SEC[A-Za-z0-9]{8,128}$/;

export function isValidWebhookUrl(kind: ChannelKind, url: string): boolean {
  return WEBHOOK_PATTERNS[kind].test(url);
}

export function isValidSecret(secret: string): boolean {
  return SECRET_PATTERN.test(secret);
}

// Conform turns an empty field into undefined, a checked box into true.
const optionalText = (max: number) => z.string().trim().max(max, { error: "notifications.errors.tooLong" }).optional();

export const channelFormSchema = z
  .object({
    kind: z.enum(CHANNEL_KINDS, { error: "notifications.errors.kind" }),
    name: z.string({ error: "notifications.errors.nameRequired" }).trim().min(1, { error: "notifications.errors.nameRequired" }).max(60, { error: "notifications.errors.tooLong" }),
    webhookUrl: optionalText(300),
    secret: optionalText(200),
    enabled: z.boolean({ error: "notifications.errors.invalid" }).default(false),
  })
  .superRefine((value, ctx) => {
    if (value.webhookUrl !== undefined && value.webhookUrl !== "" && !isValidWebhookUrl(value.kind, value.webhookUrl)) {
      ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: `notifications.errors.webhookUrl.${value.kind}` });
    }
    if (value.secret !== undefined && value.secret !== "") {
      if (value.kind === "wecom") ctx.addIssue({ code: "custom", path: ["secret"], message: "notifications.errors.secretWecom" });
      else if (!isValidSecret(value.secret)) ctx.addIssue({ code: "custom", path: ["secret"], message: "notifications.errors.secret" });
    }
  });
export type ChannelFormInput = z.infer<typeof channelFormSchema>;

/** "SEC…f9": enough to recognise a secret, never enough to use it. */
export function maskSecret(secret: string): string {
  if (secret === "") return "";
  return `${secret.slice(0, 3)}…${secret.slice(-2)}`;
}

/** The webhook with its token cut to the last 2 characters. */
export function maskWebhookUrl(url: string): string {
  const match = /^(.*[?&](?:access_token|key)=)(.*)$/.exec(url);
  if (!match) return "…";
  return `${match[1]}…${match[2]!.slice(-2)}`;
}

/** The buttons of the notifications page: test a channel, retry a failed message. */
export const outboxActionSchema = z.object({
  intent: z.enum(["test", "retry"], { error: "notifications.errors.invalid" }),
  id: z.number({ error: "notifications.errors.invalid" }).int({ error: "notifications.errors.invalid" }).positive({ error: "notifications.errors.invalid" }),
});
