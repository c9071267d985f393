import net from "node:net";

/**
 * A POST written by hand on a plain TCP socket, so a test controls exactly
 * how much of the body goes out and when (fetch and msw's interception both
 * buffer bodies). It keeps writing `chunkBytes` until `totalBytes` are sent
 * or the server answers or closes; it reports how far it got.
 */
export interface RawPostResult {
  status: number | null;
  head: string;
  body: string;
  sentBytes: number;
}

export async function rawPost(base: string, path: string, options: {
  headers: Record<string, string>;
  totalBytes: number;
  chunked?: boolean;
  chunkBytes?: number;
  fill?: (offset: number, chunk: Buffer) => void;
}): Promise<RawPostResult> {
  const url = new URL(base);
  const socket = net.connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const headers = { Host: url.host, Connection: "close", ...options.headers, ...(options.chunked ? { "Transfer-Encoding": "chunked" } : {}) };
  socket.write(`POST ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n`);

  let received = Buffer.alloc(0);
  let closed = false;
  socket.on("data", (data: Buffer) => { received = Buffer.concat([received, data]); });
  socket.on("error", () => { closed = true; });
  socket.on("close", () => { closed = true; });
  const answered = () => closed || received.includes("\r\n\r\n");

  let sentBytes = 0;
  while (sentBytes < options.totalBytes && !answered()) {
    const size = Math.min(chunkBytes, options.totalBytes - sentBytes);
    const chunk = Buffer.alloc(size, 0x61);
    options.fill?.(sentBytes, chunk);
    const framed = options.chunked ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk;
    const flushed = socket.write(framed);
    sentBytes += size;
    if (!flushed) await drainOrClose(socket);
    else await new Promise<void>((resolve) => setImmediate(resolve)); // let the answer arrive between writes
  }
  if (options.chunked && sentBytes >= options.totalBytes && !closed) socket.write("0\r\n\r\n");
  await new Promise<void>((resolve) => {
    if (closed) return resolve();
    socket.once("close", () => resolve());
    setTimeout(() => { socket.destroy(); resolve(); }, 15_000).unref();
  });
  const text = received.toString("utf8");
  const split = text.indexOf("\r\n\r\n");
  const head = split === -1 ? text : text.slice(0, split);
  const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
  return { status: status ? Number(status) : null, head, body: split === -1 ? "" : text.slice(split + 4), sentBytes };
}

function drainOrClose(socket: net.Socket): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => { socket.off("drain", done); socket.off("close", done); resolve(); };
    socket.on("drain", done);
    socket.on("close", done);
  });
}
