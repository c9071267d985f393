import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { MAX_ATTACHMENT_BYTES, MAX_FILES_PER_FORM } from "~/domain/attachments";
import { MAX_STATEMENT_BYTES } from "~/services/bank/files.server";

/**
 * The largest body any form may post: the acceptance form's ten photos of
 * at most 10 MB each, or a bank statement (5 MB; the unit register import
 * takes 5 MB too), plus 1 MiB for the other fields and the multipart framing.
 * Each route still refuses its own smaller limit with a field error.
 */
export const MAX_REQUEST_BYTES = Math.max(MAX_FILES_PER_FORM * MAX_ATTACHMENT_BYTES, MAX_STATEMENT_BYTES) + 1024 * 1024;

const TOO_LARGE_HTML = `<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>413</title>
<h1>提交的内容太大 · Request too large</h1>
<p>提交的内容超过了本站接受的大小，未做任何更改。单个附件不能超过 10 MB。</p>
<p lang="en">The request is larger than this site accepts; nothing was changed. Each file may be at most 10 MB.</p>
<p><a href="/">明账 Mingzhang</a></p></html>`;

const TOO_LARGE_JSON = JSON.stringify({
  error: "request-too-large",
  message: { "zh-CN": "提交的内容太大，未做任何更改。", en: "The request is too large; nothing was changed." },
});

/**
 * Refuses a request body larger than `maxBytes` before anything parses it:
 * Remix's `request.formData()` buffers the whole body, so without this a
 * 2 GB POST would be read into memory. A declared Content-Length is judged
 * at once (Node's parser never delivers more than it declares); a chunked
 * body is counted as it streams and the request is destroyed past the limit.
 */
export function bodyLimit(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const declared = req.headers["content-length"];
    if (declared !== undefined) {
      if (!/^\d+$/.test(declared) || Number(declared) > maxBytes) return refuse(req, res);
      return next();
    }
    if (req.headers["transfer-encoding"] === undefined) return next();
    // Paused first, so that adding a listener does not start the flow before
    // the reader downstream is attached: Remix's body reader resumes the
    // stream when it pulls (so does pipe(); a late plain listener must too).
    req.pause();
    let seenBytes = 0;
    const count = (chunk: Buffer) => {
      seenBytes += chunk.length;
      if (seenBytes <= maxBytes) return;
      // Starve the reader downstream (it never sees another byte), then answer or cut.
      for (const listener of req.listeners("data")) req.off("data", listener as (chunk: Buffer) => void);
      if (res.headersSent) req.destroy();
      else refuse(req, res);
    };
    req.on("data", count);
    next();
  };
}

/**
 * How long the connection stays after the 413 is out. Closing a socket with
 * unread bytes makes the kernel send a reset, which throws away the answer the
 * client has not read yet; so the rest of the body is discarded (never kept)
 * for this long, which a client that stops sending on the answer never reaches.
 */
const LINGER_MS = 1000;

/** Answers 413, drops the rest of the body unread, and closes the connection soon after. */
function refuse(req: IncomingMessage, res: ServerResponse): void {
  const wantsJson = (req.headers.accept ?? "").includes("application/json") || (req.url ?? "").split("?")[0]!.endsWith(".data");
  const body = wantsJson ? TOO_LARGE_JSON : TOO_LARGE_HTML;
  res.writeHead(413, {
    "Content-Type": wantsJson ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
  });
  // Written but not ended: ending would let Node close the socket at once (and reset it).
  res.write(body);
  req.on("end", () => res.end());
  req.resume();
  setTimeout(() => { if (!res.writableEnded) req.socket.destroy(); }, LINGER_MS).unref();
}
