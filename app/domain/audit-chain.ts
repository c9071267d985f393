import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** The hashed fields of an event, in DESIGN.md §6's order. */
export interface AuditEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: JsonObject;
  prev: string;
}
export interface ChainedEvent extends AuditEvent {
  hash: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export const GENESIS_PREV = "0".repeat(64);
const AT_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HASH_FORMAT = /^[0-9a-f]{64}$/;
const SUBJECT_FORMAT = /^[a-z_]+:[^\s]+$/;
const ACTION_FORMAT = /^[a-z_]+(\.[a-z_]+)+$/;

/** RFC 8785 (JCS) canonical JSON. */
export function canonicalJson(value: JsonValue): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value cannot be canonicalized");
  return text;
}

const SURROGATE = /[\uD800-\uDFFF]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function jcsString(text: string): string {
  if (SURROGATE.test(text) && LONE_SURROGATE.test(text)) throw new Error("Lone surrogate is not allowed");
  return JSON.stringify(text);
}

/**
 * RFC 8785 for audit data (strings, safe integers, booleans, null, arrays and
 * plain objects — assertAuditData has checked it): the same bytes as
 * canonicalJson, several times faster, for the write path, where a bill run's
 * event holds some 20,000 rows. The library checks every string for lone
 * surrogates char by char in JS; a regex does it here. JCS serialises strings
 * and numbers as ES JSON.stringify does and sorts keys by UTF-16 code units
 * (Array.prototype.sort's default). test/unit/audit-canonical.test.ts checks it
 * against the library.
 */
export function canonicalAuditJson(value: JsonValue): string {
  if (typeof value === "string") return jcsString(value);
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`${value} is not allowed`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + canonicalAuditJson(value[i]!);
    return `${out}]`;
  }
  let out = "{";
  let first = true;
  for (const key of Object.keys(value).sort()) {
    const item = value[key];
    if (item === undefined) continue;
    out += `${first ? "" : ","}${jcsString(key)}:${canonicalAuditJson(item)}`;
    first = false;
  }
  return `${out}}`;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function hashEvent(event: AuditEvent): string {
  const { seq, at, actor, action, subject, data, prev } = event;
  return sha256Hex(canonicalJson({ seq, at, actor, action, subject, data, prev }));
}

/**
 * The same bytes as canonicalJson of the seven fields, given the canonical
 * JSON of `data` (which the event row stores anyway), so a big event — a bill
 * run holds thousands of rows — is canonicalised once, not twice. JCS sorts
 * the keys by UTF-16 code units: action, actor, at, data, prev, seq, subject.
 */
function canonicalEventText(event: AuditEvent, dataJson: string): string {
  const c = canonicalAuditJson;
  return `{"action":${c(event.action)},"actor":${c(event.actor)},"at":${c(event.at)},"data":${dataJson},"prev":${c(event.prev)},"seq":${c(event.seq)},"subject":${c(event.subject)}}`;
}

/**
 * Audit data carries integers and strings only: a float in the chain would be
 * a float somewhere in the money (DESIGN.md §4, §9.1). Throws on a programming
 * error; never reached by user input, which services have already parsed.
 */
export function assertAuditData(value: unknown, path = "data"): asserts value is JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new TypeError(`${path} is not a safe integer: ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertAuditData(item, `${path}[${i}]`));
    return;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) throw new TypeError(`${path}.${key} is undefined`);
      assertAuditData(item, `${path}.${key}`);
    }
    return;
  }
  throw new TypeError(`${path} is not plain JSON`);
}

/** `at` never decreases along the chain, even if the clock steps back. */
export function nextAt(previousAt: string | null, now: Date): string {
  const iso = now.toISOString();
  return previousAt !== null && previousAt > iso ? previousAt : iso;
}

export function buildEvent(
  previous: { seq: number; hash: string; at: string } | null,
  fields: { actor: string; action: string; subject: string; data: JsonObject },
  now: Date,
): ChainedEvent {
  return buildEventWithJson(previous, fields, now).event;
}

/** buildEvent, also returning the canonical JSON of `data` as the event row stores it. */
export function buildEventWithJson(
  previous: { seq: number; hash: string; at: string } | null,
  fields: { actor: string; action: string; subject: string; data: JsonObject },
  now: Date,
): { event: ChainedEvent; dataJson: string } {
  assertAuditData(fields.data);
  if (!ACTION_FORMAT.test(fields.action)) throw new TypeError(`bad action ${fields.action}`);
  if (!SUBJECT_FORMAT.test(fields.subject)) throw new TypeError(`bad subject ${fields.subject}`);
  const event: AuditEvent = {
    seq: previous ? previous.seq + 1 : 1,
    at: nextAt(previous?.at ?? null, now),
    actor: fields.actor,
    action: fields.action,
    subject: fields.subject,
    data: fields.data,
    prev: previous ? previous.hash : GENESIS_PREV,
  };
  const dataJson = canonicalAuditJson(event.data);
  return { event: { ...event, hash: sha256Hex(canonicalEventText(event, dataJson)) }, dataJson };
}

export type ChainProblem =
  | { code: "format"; seq: number | null; detail: string }
  | { code: "seq_gap"; seq: number; expected: number }
  | { code: "prev_mismatch"; seq: number }
  | { code: "hash_mismatch"; seq: number }
  | { code: "at_decreasing"; seq: number };

export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * Walks a chain one event at a time (constant memory, so it also serves
 * streamed exports) and stops at the first problem.
 */
export class ChainVerifier {
  private last: ChainedEvent | null = null;
  private problem: ChainProblem | null = null;

  /** Returns the problem this event shows, if any; after one, ignores the rest. */
  push(event: unknown): ChainProblem | null {
    if (this.problem) return this.problem;
    const found = this.check(event);
    if (found) this.problem = found;
    else this.last = event as ChainedEvent;
    return found;
  }

  get firstProblem(): ChainProblem | null {
    return this.problem;
  }

  get head(): ChainHead | null {
    return this.last ? { seq: this.last.seq, hash: this.last.hash } : null;
  }

  private check(event: unknown): ChainProblem | null {
    const formatProblem = describeFormatProblem(event);
    const seq = seqOf(event);
    if (formatProblem) return { code: "format", seq, detail: formatProblem };
    const e = event as ChainedEvent;
    const expected = this.last ? this.last.seq + 1 : 1;
    if (e.seq !== expected) return { code: "seq_gap", seq: e.seq, expected };
    if (e.prev !== (this.last ? this.last.hash : GENESIS_PREV)) return { code: "prev_mismatch", seq: e.seq };
    if (this.last && e.at < this.last.at) return { code: "at_decreasing", seq: e.seq };
    if (hashEvent(e) !== e.hash) return { code: "hash_mismatch", seq: e.seq };
    return null;
  }
}

function seqOf(event: unknown): number | null {
  if (typeof event === "object" && event !== null && "seq" in event && Number.isSafeInteger(event.seq)) {
    return event.seq as number;
  }
  return null;
}

const EVENT_KEYS = ["action", "actor", "at", "data", "hash", "prev", "seq", "subject"];

function describeFormatProblem(event: unknown): string | null {
  if (typeof event !== "object" || event === null || Array.isArray(event)) return "not an object";
  const keys = Object.keys(event).sort();
  if (keys.join() !== EVENT_KEYS.join()) return `fields are ${keys.join(",")}, expected ${EVENT_KEYS.join(",")}`;
  const e = event as Record<string, unknown>;
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) return "seq is not a positive integer";
  if (typeof e.at !== "string" || !AT_FORMAT.test(e.at)) return "at is not RFC 3339 UTC with milliseconds";
  if (typeof e.actor !== "string" || e.actor === "") return "actor is not a string";
  if (typeof e.action !== "string" || !ACTION_FORMAT.test(e.action)) return "action is not a dotted verb";
  if (typeof e.subject !== "string" || !SUBJECT_FORMAT.test(e.subject)) return "subject is not kind:id";
  if (typeof e.data !== "object" || e.data === null || Array.isArray(e.data)) return "data is not an object";
  if (typeof e.prev !== "string" || !HASH_FORMAT.test(e.prev)) return "prev is not a SHA-256 hex";
  if (typeof e.hash !== "string" || !HASH_FORMAT.test(e.hash)) return "hash is not a SHA-256 hex";
  try {
    assertAuditData(e.data);
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}
