/**
 * A worker script as a child process speaking JSON Lines on stdin/stdout:
 * `node --import tsx <script>` (tsx resolves the `~` aliases through
 * tsconfig), with the environment minus vitest's own variables — a worker is
 * the app, not a test — and the database it is to write.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { envWithoutVitest } from "../../../scripts/lib/processes";

export interface Child {
  process: ChildProcess;
  /** The next stdout JSON object `accept` takes (lines before it are consumed), or an error after `timeoutMs` or on exit. */
  next<T>(accept: (value: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<T>;
  send(line: string): void;
  /** Everything written to stderr, for a failing test's message. */
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout has ended: every line the worker wrote has been read. */
  drained: Promise<void>;
  /** Every JSON line read so far and not yet taken by `next`. */
  pending(): Record<string, unknown>[];
}

export function spawnWorker(script: string, env: Record<string, string>, args: string[] = []): Child {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("test/support/workers", script), ...args], {
    env: { ...envWithoutVitest(), NODE_ENV: "test", NOTIFY_WORKER: "off", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let errText = "";
  child.stderr!.on("data", (chunk: Buffer) => (errText += chunk.toString()));
  // A write to a worker killed meanwhile must not crash the test process.
  child.stdin!.on("error", () => {});
  const queue: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  const lines = readline.createInterface({ input: child.stdout! });
  lines.on("line", (line) => {
    if (!line.startsWith("{")) return;
    queue.push(JSON.parse(line) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  const drained = new Promise<void>((resolve) => lines.once("close", resolve));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve({ code, signal });
      for (const wake of waiters.splice(0)) wake();
    });
  });
  return {
    process: child,
    stderr: () => errText,
    exited,
    drained,
    pending: () => queue.splice(0),
    send: (line) => void child.stdin!.write(`${line}\n`),
    async next<T>(accept: (value: Record<string, unknown>) => boolean, timeoutMs = 30_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (queue.length > 0) {
          const value = queue.shift()!;
          if (accept(value)) return value as T;
        }
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker ${script} exited (${child.exitCode ?? child.signalCode}):\n${errText}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`worker ${script}: no answer within ${timeoutMs} ms:\n${errText}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}
