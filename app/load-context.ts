declare module "@remix-run/node" {
  interface AppLoadContext {
    clientAddress?: string;
    // This response's Content-Security-Policy nonce (scripts/lib/server.ts).
    cspNonce?: string;
  }
}
export {};
