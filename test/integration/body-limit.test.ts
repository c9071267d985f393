import { createHash } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimit, MAX_REQUEST_BYTES } from "../../scripts/lib/body-limit";
import { MAX_ATTACHMENT_BYTES } from "~/domain/attachments";
import { rawPost } from "../support/raw-http";

/**
 * The request-size limit in front of Remix (scripts/lib/body-limit.ts), on a
 * tiny express app whose handler reads the body slowly and reports what it got.
 * The client is a hand-written POST on a TCP socket (test/support/raw-http.ts),
 * so we know how much of a body went out before the answer came.
 */
const LIMIT_BYTES = 1024 * 1024;
let server: Server;
let base = "";
let handled = 0;

beforeAll(async () => {
  const app = express();
  app.use(bodyLimit(LIMIT_BYTES));
  app.post("*", (req, res) => {
    handled += 1;
    // Attach the reader late, as an async handler does: nothing may be lost meanwhile.
    setTimeout(() => {
      const hash = createHash("sha256");
      let bytes = 0;
      req.on("data", (chunk: Buffer) => { bytes += chunk.length; hash.update(chunk); });
      req.on("end", () => res.json({ bytes, sha256: hash.digest("hex") }));
      req.on("error", () => {});
      req.resume(); // as Remix's body reader does when it pulls
    }, 20);
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function expectedSha(totalBytes: number): string {
  return createHash("sha256").update(Buffer.alloc(totalBytes, 0x61)).digest("hex");
}

describe("bodyLimit", () => {
  it("leaves room for the largest form: ten 10 MB photos and their fields", () => {
    expect(MAX_REQUEST_BYTES).toBe(10 * MAX_ATTACHMENT_BYTES + 1024 * 1024);
  });

  it("passes bodies within the limit whole, declared or chunked", async () => {
    const declared = await rawPost(base, "/x", { headers: { "Content-Length": String(LIMIT_BYTES) }, totalBytes: LIMIT_BYTES });
    expect(declared.status).toBe(200);
    expect(JSON.parse(declared.body)).toEqual({ bytes: LIMIT_BYTES, sha256: expectedSha(LIMIT_BYTES) });
    const chunked = await rawPost(base, "/x", { headers: {}, chunked: true, totalBytes: LIMIT_BYTES, chunkBytes: 10_000 });
    expect(chunked.status).toBe(200);
    expect(chunked.body).toContain(`"bytes":${LIMIT_BYTES}`);
    expect(chunked.body).toContain(expectedSha(LIMIT_BYTES));
  });

  it("answers 413 to a declared length over the limit before the body is sent, without calling the handler", async () => {
    const before = handled;
    const total = 50 * LIMIT_BYTES;
    const result = await rawPost(base, "/x", { headers: { "Content-Length": String(total) }, totalBytes: total });
    expect(result.status).toBe(413);
    expect(result.body).toContain("提交的内容太大");
    expect(result.body).toContain("Request too large");
    expect(result.head.toLowerCase()).toContain("connection: close");
    expect(handled).toBe(before);
    // The answer came while the client was still writing: the body was never read.
    expect(result.sentBytes).toBeLessThan(total / 2);
    const junk = await rawPost(base, "/x", { headers: { "Content-Length": "12abc" }, totalBytes: 0 });
    expect(junk.status).toBe(400); // Node's own parser refuses a malformed length first
  });

  it("counts a chunked body as it streams and stops it past the limit", async () => {
    const total = 50 * LIMIT_BYTES;
    const result = await rawPost(base, "/x.data", { headers: { Accept: "*/*" }, chunked: true, totalBytes: total });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ error: "request-too-large" });
    expect(result.sentBytes).toBeLessThan(total / 2);
    console.log(`[figure] body limit: a ${total / LIMIT_BYTES} MiB chunked body stopped after ${Math.round(result.sentBytes / 1024)} KiB sent (limit 1024 KiB)`);
  });
});
