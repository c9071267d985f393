import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { http as mswHttp, passthrough } from "msw";
import { inject } from "vitest";
import { waitForBuild } from "../../scripts/lib/build";
import { envWithoutVitest, freePort } from "../../scripts/lib/processes";
import { server as msw } from "../mocks";

/**
 * The real app over real HTTP: the built Remix app behind the production
 * express server, in a child process, on a copy of the full demo community.
 * Requests go through everything a browser's (or an attacker's) would:
 * express, the cross-site guard, the page cache, Remix's single fetch.
 */
export interface AppServer {
  /** http://127.0.0.1:PORT */
  base: string;
  databasePath: string;
  /** Everything the server printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/** A copy of the full demo database (with its attachments) in `dir`, which must be empty or new. */
export function copyDemoDb(dir: string): string {
  const source = inject("demoDb");
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, path.basename(source));
  fs.copyFileSync(source, target);
  const attachments = path.join(path.dirname(source), "attachments");
  if (fs.existsSync(attachments)) fs.cpSync(attachments, path.join(dir, "attachments"), { recursive: true });
  return target;
}

/** Starts the server on `databasePath` and waits until /healthz answers. */
export async function startAppServer(databasePath: string, extraEnv: Record<string, string> = {}): Promise<AppServer> {
  // Another test run may be rebuilding the app this moment.
  waitForBuild();
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/lib/serve-built.ts")], {
    env: { ...envWithoutVitest(), DATABASE_PATH: databasePath, PORT: String(port), NOTIFY_WORKER: "off", SESSION_SECRET: "http-test-session-secret-0123456789", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app server exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the app server did not answer /healthz within 60 s:\n${output}`);
    }
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base,
    databasePath,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

/**
 * msw refuses unknown requests (test/setup): let this loopback server's
 * through. Handlers are reset after each test, so call it in `beforeEach`.
 */
export function allowLoopback(base: string): void {
  msw.use(mswHttp.all(`${base}/*`, () => passthrough()));
}
