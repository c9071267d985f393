import { http, HttpResponse } from "msw";

/**
 * WeCom's group-robot webhook as the vendor documents it: `key` in the query
 * names the robot; a known key answers HTTP 200 `{"errcode":0,"errmsg":"ok"}`,
 * an unknown one HTTP 200 with errcode 93000 (invalid webhook url).
 */
export const WECOM_TEST_KEY = "wecom-test-key-0123";
export const wecomMessages: unknown[] = [];

export const wecomHandlers = [
  http.post("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", async ({ request }) => {
    const key = new URL(request.url).searchParams.get("key");
    if (key !== WECOM_TEST_KEY) {
      return HttpResponse.json({ errcode: 93000, errmsg: "invalid webhook url, hint: [1700000000_1_abc]" });
    }
    wecomMessages.push(await request.json());
    return HttpResponse.json({ errcode: 0, errmsg: "ok" });
  }),
];
