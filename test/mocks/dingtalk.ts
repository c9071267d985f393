import { http, HttpResponse } from "msw";
import { dingtalkSignature } from "../../app/domain/dingtalk-sign";

/**
 * DingTalk's custom-robot webhook as the vendor documents it: the request
 * carries `timestamp` and `sign` (HMAC-SHA256 of "timestamp\nsecret", base64);
 * a bad signature answers HTTP 200 with errcode 310000 (VECTORS.md).
 */
export const DINGTALK_TEST_SECRET = "SECa1b2c3d4e5f60718293a4b5c6d7e8f9";
export const dingtalkMessages: unknown[] = [];

export const dingtalkHandlers = [
  http.post("https://oapi.dingtalk.com/robot/send", async ({ request }) => {
    const url = new URL(request.url);
    const timestamp = url.searchParams.get("timestamp") ?? "";
    if (!/^\d+$/.test(timestamp) || url.searchParams.get("sign") !== dingtalkSignature(Number(timestamp), DINGTALK_TEST_SECRET)) {
      return HttpResponse.json({ errcode: 310000, errmsg: "sign not match" });
    }
    dingtalkMessages.push(await request.json());
    return HttpResponse.json({ errcode: 0, errmsg: "ok" });
  }),
];
