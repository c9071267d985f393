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

  it("URL-encodes the signature's +, / and = and keeps the access token", () => {
    const signature = dingtalkSignature(1700000000004, "SECa1b2c3d4e5f60718293a4b5c6d7e8f9");
    expect(signature).toBe("maGyZsfQNqA/haDZx0f6mMDhz0buie2+jgoePmALqF8=");
    const url = dingtalkSignedUrl(WEBHOOK, 1700000000004, "SECa1b2c3d4e5f60718293a4b5c6d7e8f9");
    expect(url).toBe("https://oapi.dingtalk.com/robot/send?access_token=test-token&timestamp=1700000000004&sign=maGyZsfQNqA%2FhaDZx0f6mMDhz0buie2%2BjgoePmALqF8%3D");
    expect(new URL(url).searchParams.get("sign")).toBe(signature);
    // Signing twice replaces the old timestamp and signature instead of adding a second pair.
    const again = new URL(dingtalkSignedUrl(url, 1700000000000, "SECa1b2c3d4e5f60718293a4b5c6d7e8f9"));
    expect(again.searchParams.getAll("sign")).toEqual(["C4FCHxQfk8oADuiGnXTFQriLqecf4WoYnsNg0tGzPxU="]);
    expect(again.searchParams.getAll("timestamp")).toEqual(["1700000000000"]);
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
