import { createHmac } from "node:crypto";
import { http, HttpResponse } from "msw";

/**
 * DingTalk's custom-robot webhook as the vendor documents it: the request
 * carries `timestamp` and `sign` (HMAC-SHA256 of "timestamp\nsecret", base64);
 * a bad signature answers HTTP 200 with errcode 310000 (VECTORS.md).
 */
export const DINGTALK_TEST_SECRET = "SECa1b2c3d4e5f60718293a4b5c6d7e8f9";
export const dingtalkMessages: unknown[] = [];

export function dingtalkSign(timestamp: string, secret: string): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
}

export const dingtalkHandlers = [
  http.post("https://oapi.dingtalk.com/robot/send", async ({ request }) => {
    const url = new URL(request.url);
    const timestamp = url.searchParams.get("timestamp") ?? "";
    if (url.searchParams.get("sign") !== dingtalkSign(timestamp, DINGTALK_TEST_SECRET)) {
      return HttpResponse.json({ errcode: 310000, errmsg: "sign not match" });
    }
    dingtalkMessages.push(await request.json());
    return HttpResponse.json({ errcode: 0, errmsg: "ok" });
  }),
];
