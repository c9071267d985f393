import type { Writable } from "node:stream";

/**
 * Waits until `out` can take more (its buffer below the high-water mark);
 * throws when it was closed first (a download the client gave up on), so
 * the export stops instead of waiting for ever.
 */
export async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new Error("the output was closed");
  if (!out.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off("drain", onDrain);
      out.off("close", onClose);
      out.off("error", settle);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error("the output was closed"));
    out.on("drain", onDrain);
    out.on("close", onClose);
    out.on("error", settle);
  });
}

/** Buffers text and writes it in chunks, honoring the stream's backpressure. */
export class ChunkWriter {
  private buffer: string[] = [];
  private size = 0;
  constructor(private readonly out: Writable, private readonly chunkChars = 64 * 1024) {}
  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= this.chunkChars) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.size = 0;
    this.out.write(chunk, "utf8");
    await drained(this.out);
  }
}
