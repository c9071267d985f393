import net from "node:net";

/**
 * The environment for a child process started from a test run: without
 * vitest's variables, which would make the child's vite config leave the
 * Remix plugin out, or its server skip what it does outside tests.
 */
export function envWithoutVitest(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST"))) as NodeJS.ProcessEnv;
}

/** A loopback port free at this moment, for a server about to start. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
