/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal
 * (so logs and pipes stay clean). At most ~10 redraws a second.
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(message?: string): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr, width = 30): Progress {
  const enabled = stream.isTTY === true;
  let lastDrawMs = 0;
  const draw = (done: number, total: number) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    const percent = Math.floor(ratio * 100);
    stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(percent).padStart(3)}% ${done}/${total}`);
  };
  return {
    update(done, total) {
      if (!enabled) return;
      const nowMs = Date.now();
      if (nowMs - lastDrawMs < 100 && done < total) return;
      lastDrawMs = nowMs;
      draw(done, total);
    },
    finish(message) {
      if (enabled) stream.write("\r\x1b[2K");
      if (message) stream.write(`${message}\n`);
    },
  };
}
