import { describe, expect, it } from "vitest";
import { channelFormSchema, maskSecret, maskWebhookUrl, outboxActionSchema } from "../../app/domain/notifications/channels";
import { backoffMs, judgeResponse, MAX_BACKOFF_MS, shortError } from "../../app/domain/notifications/delivery";
import { absoluteLinks, MAX_CONTENT_BYTES, robotPayload, truncateUtf8 } from "../../app/domain/notifications/messages";

const bytes = (text: string) => new TextEncoder().encode(text).length;
const DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789";
const WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

describe("robot messages", () => {
  it("builds DingTalk's and WeCom's markdown bodies", () => {
    const message = { title: "待表决：更换钢丝绳", body: "金额 ¥12,800.00 [查看](/spending/12)" };
    expect(robotPayload("dingtalk", message)).toEqual({
      msgtype: "markdown", markdown: { title: "待表决：更换钢丝绳", text: "#### 待表决：更换钢丝绳\n\n金额 ¥12,800.00 [查看](/spending/12)" },
    });
    expect(robotPayload("wecom", message, "https://zhang.example.org/")).toEqual({
      msgtype: "markdown", markdown: { content: "**待表决：更换钢丝绳**\n\n金额 ¥12,800.00 [查看](https://zhang.example.org/spending/12)" },
    });
  });

  it("makes only relative link targets absolute", () => {
    const text = "[方案](/spending/12) [外部](https://example.com/x) [协议相对](//evil.example/x) (/not-a-link)";
    expect(absoluteLinks(text, "https://zhang.example.org")).toBe(
      "[方案](https://zhang.example.org/spending/12) [外部](https://example.com/x) [协议相对](//evil.example/x) (/not-a-link)",
    );
    expect(absoluteLinks(text)).toBe(text);
  });

  it("cuts long text within the byte limit, between characters", () => {
    expect(truncateUtf8("短", 10)).toBe("短");
    const cut = truncateUtf8("明账".repeat(10), 10); // 3 bytes each; "…" is 3
    expect(cut).toBe("明账…");
    expect(bytes(cut)).toBeLessThanOrEqual(10);
    const emoji = truncateUtf8("a😀😀😀", 10); // 😀 is 4 bytes (a surrogate pair in JS): 1 + 4 + 3 fits, one more does not
    expect(emoji).toBe("a😀…");
    expect(new TextDecoder().decode(new TextEncoder().encode(emoji))).toBe(emoji); // no lone surrogate (it would turn into U+FFFD)
    const long = robotPayload("wecom", { title: "t", body: "业".repeat(5_000) });
    expect(bytes((long.markdown as { content: string }).content)).toBeLessThanOrEqual(MAX_CONTENT_BYTES);
  });
});

describe("delivery rules", () => {
  it("counts as sent only HTTP 2xx with errcode 0", () => {
    expect(judgeResponse(200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
    expect(judgeResponse(200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({ ok: false, error: "errcode 310000: sign not match" });
    expect(judgeResponse(200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toEqual({ ok: false, error: "errcode 93000: invalid webhook url" });
    expect(judgeResponse(500, '{"errcode":0}')).toEqual({ ok: false, error: "HTTP 500" });
    expect(judgeResponse(200, "<html>")).toEqual({ ok: false, error: "not JSON" });
    expect(judgeResponse(200, "{}")).toEqual({ ok: false, error: "errcode undefined" });
    expect(judgeResponse(200, "null")).toEqual({ ok: false, error: "errcode undefined" });
  });

  it("waits 30 s, doubling, capped at an hour", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(7)).toBe(1_920_000);
    expect(backoffMs(8)).toBe(MAX_BACKOFF_MS); // 3,840,000 ms would pass the cap
    expect(backoffMs(100)).toBe(MAX_BACKOFF_MS);
  });

  it("keeps errors short and free of URLs", () => {
    expect(shortError(`fetch failed ${DINGTALK}&sign=x`)).toBe("fetch failed <url>");
    expect(shortError("x".repeat(500)).length).toBe(160);
  });
});

describe("channel form", () => {
  const parse = (value: Record<string, unknown>) => channelFormSchema.safeParse({ name: "业委会群", enabled: true, ...value });
  const issues = (value: Record<string, unknown>) => {
    const result = parse(value);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
  };

  it("accepts each vendor's own webhook and a SEC secret for DingTalk", () => {
    expect(parse({ kind: "dingtalk", webhookUrl: DINGTALK, secret: "SECa1b2c3d4e5f60718293a4b5c6d7e8f9" }).success).toBe(true);
    expect(parse({ kind: "wecom", webhookUrl: WECOM }).success).toBe(true);
    // On edit both may be left empty: the stored ones are kept.
    expect(parse({ kind: "dingtalk" }).success).toBe(true);
  });

  it("refuses other addresses, a bad secret and a secret for WeCom", () => {
    expect(issues({ kind: "dingtalk", webhookUrl: "http://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789" })).toEqual(["webhookUrl:notifications.errors.webhookUrl.dingtalk"]);
    expect(issues({ kind: "dingtalk", webhookUrl: "https://oapi.dingtalk.com.evil.example/robot/send?access_token=abcdef0123456789" })).toEqual(["webhookUrl:notifications.errors.webhookUrl.dingtalk"]);
    expect(issues({ kind: "dingtalk", webhookUrl: WECOM })).toEqual(["webhookUrl:notifications.errors.webhookUrl.dingtalk"]);
    expect(issues({ kind: "wecom", webhookUrl: DINGTALK })).toEqual(["webhookUrl:notifications.errors.webhookUrl.wecom"]);
    expect(issues({ kind: "dingtalk", secret: "abc123456789" })).toEqual(["secret:notifications.errors.secret"]);
    expect(issues({ kind: "wecom", secret: "SECabcdefgh1234" })).toEqual(["secret:notifications.errors.secretWecom"]);
    expect(issues({ kind: "slack" })).toEqual(["kind:notifications.errors.kind"]);
    expect(issues({ kind: "wecom", name: " " })).toEqual(["name:notifications.errors.nameRequired"]);
  });

  it("shows a secret and a token by their last 2 characters only", () => {
    expect(maskSecret("SECa1b2c3d4e5f60718293a4b5c6d7e8f9")).toBe("SEC…f9");
    expect(maskSecret("")).toBe("");
    expect(maskWebhookUrl(DINGTALK)).toBe("https://oapi.dingtalk.com/robot/send?access_token=…89");
    expect(maskWebhookUrl(WECOM)).toBe("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…aa");
    expect(maskWebhookUrl("nonsense")).toBe("…");
  });

  it("parses the page's buttons", () => {
    expect(outboxActionSchema.safeParse({ intent: "retry", id: 3 }).success).toBe(true);
    expect(outboxActionSchema.safeParse({ intent: "delete", id: 3 }).success).toBe(false);
    expect(outboxActionSchema.safeParse({ intent: "test", id: -1 }).success).toBe(false);
  });
});
