import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of this response. entry.server sets it
 * around the whole render so root.tsx can give it to Remix's inline scripts.
 * In the browser it is "": browsers hide a nonce attribute from script after
 * load, and React must not put a different one back while hydrating.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
