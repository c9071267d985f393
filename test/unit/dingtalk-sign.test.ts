import { describe, expect, it } from "vitest";
import { dingtalkSignature, dingtalkSignedUrl } from "../../app/domain/dingtalk-sign";
import { DINGTALK_TEST_SECRET, dingtalkMessages } from "../mocks/dingtalk";

const WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=test-token";

describe("DingTalk robot signature", () => {
  it("matches the vector of VECTORS.md", () => {
    expect(dingtalkSignature(1700000000000, "SECa1b2c3d4e5f60718293a4b5c6d7e8f9")).toBe("C4FCHxQfk8oADuiGnXTFQriLqecf4WoYnsNg0tGzPxU=");
    expect(dingtalkSignedUrl(WEBHOOK, 1700000000000, "SECa1b2c3d4e5f60718293a4b5c6d7e8f9"))
      .toContain("timestamp=1700000000000&sign=C4FCHxQfk8oADuiGnXTFQriLqecf4WoYnsNg0tGzPxU%3D");
  });

  it("is accepted by the robot with the right secret and refused (errcode 310000) with another", async () => {
    const body = { msgtype: "text", text: { content: "明账测试" } };
    const post = (url: string) => fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const good = await post(dingtalkSignedUrl(WEBHOOK, 1700000000000, DINGTALK_TEST_SECRET));
    expect(await good.json()).toEqual({ errcode: 0, errmsg: "ok" });
    expect(dingtalkMessages.at(-1)).toEqual(body);
    const bad = await post(dingtalkSignedUrl(WEBHOOK, 1700000000000, "SECwrong"));
    expect(bad.status).toBe(200);
    expect(await bad.json()).toMatchObject({ errcode: 310000 });
  });
});
