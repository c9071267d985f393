import type { Db } from "~db/connection";
import { eventBySeq } from "../audit.server";
import { getPublished, latestPublished, publishedByHash } from "../statements/published.server";

export type StatementHashCheck =
  | { found: false }
  | {
    found: true;
    period: string;
    periodKind: "quarter" | "year";
    revision: number;
    publishedAt: string;
    latest: boolean;
    publishedId: number;
    /** The event at the recorded head's seq still exists and has the recorded hash. */
    headInChain: boolean;
    head: { seq: number; hash: string };
  };

const HASH = /^[0-9a-f]{64}$/;

/**
 * Whether `hash` is the SHA-256 of one of this community's published
 * statements, and whether the audit head it recorded at publication is still
 * in today's chain (DESIGN.md §6). Reads only (public page: not audited).
 * A hash that is not 64 lowercase hex digits is simply not found.
 */
export function checkStatementHash(db: Db, hash: string): StatementHashCheck {
  if (!HASH.test(hash)) return { found: false };
  const row = publishedByHash(db, hash);
  if (!row) return { found: false };
  const latestRevision = latestPublished(db, row.period)?.revision ?? row.revision;
  const event = eventBySeq(db, row.auditHeadSeq);
  return {
    found: true,
    period: row.period,
    periodKind: row.periodKind,
    revision: row.revision,
    publishedAt: row.publishedAt,
    latest: row.revision === latestRevision,
    publishedId: row.id,
    headInChain: event !== undefined && event.hash === row.auditHeadHash,
    head: { seq: row.auditHeadSeq, hash: row.auditHeadHash },
  };
}

export type VerifyQuery =
  | { kind: "empty" }
  | { kind: "bad"; input: string }
  | { kind: "hash"; input: string; hash: string };

/**
 * What a visitor typed or scanned into /verify: a statement hash (any case,
 * spaces around it), a /verify?hash= address, or a pasted statement address
 * (…/statements/12, its print page…) whose published hash is then looked up.
 */
export function parseVerifyQuery(db: Db, raw: string | null): VerifyQuery {
  const input = (raw ?? "").trim();
  if (input === "") return { kind: "empty" };
  const bare = input.toLowerCase();
  if (HASH.test(bare)) return { kind: "hash", input, hash: bare };
  const inParam = /[?&]hash=([0-9a-fA-F]{64})(?:[&#]|$)/.exec(input);
  if (inParam) return { kind: "hash", input, hash: inParam[1]!.toLowerCase() };
  const statement = /(?:^|\/)statements\/(\d{1,9})(?:[/?#]|$)/.exec(input);
  if (statement) {
    const published = getPublished(db, Number(statement[1]));
    // An address of no published statement: answered like an unknown hash, with nothing more.
    return { kind: "hash", input, hash: published?.row.hash ?? "" };
  }
  return { kind: "bad", input };
}
