/**
 * A snapshot's bytes and hash (DESIGN.md §8): RFC 8785 canonical JSON and its
 * SHA-256. Kept apart from snapshot.ts, which the browser imports, because
 * hashing uses node:crypto.
 */
import canonicalize from "canonicalize";
import { sha256Hex, type JsonObject } from "../audit-chain";
import type { StatementSnapshot } from "./snapshot";

/** The exact bytes the hash covers: RFC 8785 canonical JSON. */
export function canonicalSnapshot(snapshot: StatementSnapshot): string {
  const text = canonicalize(snapshot as unknown as JsonObject);
  if (text === undefined) throw new TypeError("snapshot is not serialisable");
  return text;
}

export function snapshotHash(canonical: string): string {
  return sha256Hex(canonical);
}
