/**
 * The fast paths of the audit export and of audit:verify give the answers of
 * their definitions (DESIGN.md §6): a JSON Lines line built by SQLite is the
 * line jsonlLine writes; canonicalText accepts a text only when it is the
 * RFC 8785 form of what it parses to (by the canonicalize library) with no
 * float; sameJson says "same" only when canonical JSON says so.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import canonicalize from "canonicalize";
import { openDatabase } from "~db/connection";
import { canonicalText } from "~/services/audit-verify.server";
import { exportAudit, jsonlLine } from "~/services/audit/export.server";
import { sameJson } from "~/services/audit/verify-rows.server";
import { writeBuffer } from "../support/exports";

const strings = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.constantFrom("", "\"\\", "\u0000\u001f\u007f", "\b\f\n\r\t", "\u2028\u2029", "明账😀", "__proto__", "10", "9"));
const keys = fc.oneof(strings, fc.constantFrom("10", "9", "1", "a", "A", "é", "😀", "\uFFFF"));
const leaves = fc.oneof(strings, fc.integer(), fc.maxSafeInteger(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(-0, 2 ** 53, 1e21, 0.1));
const { json } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: "small" }, leaves, tie("array"), tie("object")),
  array: fc.array(tie("json"), { maxLength: 4 }),
  object: fc.dictionary(keys, tie("json"), { maxKeys: 5 }),
}));
const objects = fc.dictionary(keys, json, { maxKeys: 6 });

function onlySafeIntegers(value: unknown): boolean {
  if (typeof value === "number") return Number.isSafeInteger(value);
  if (Array.isArray(value)) return value.every(onlySafeIntegers);
  if (value && typeof value === "object") return Object.values(value).every(onlySafeIntegers);
  return true;
}

function canonicalOrNull(value: unknown): string | null {
  try {
    return canonicalize(value) ?? null;
  } catch {
    return null; // a lone surrogate
  }
}

describe("canonicalText", () => {
  it("accepts a text only when it is the library's canonical form of its value, without floats", () => {
    let accepted = 0;
    fc.assert(fc.property(objects, fc.boolean(), (value, canonical) => {
      const text = canonical ? canonicalOrNull(value) ?? JSON.stringify(value) : JSON.stringify(value);
      const parsed = JSON.parse(text) as unknown;
      if (canonicalText(text, parsed)) {
        accepted++;
        expect(canonicalOrNull(parsed)).toBe(text);
        expect(onlySafeIntegers(parsed)).toBe(true);
      }
    }), { numRuns: 3000, seed: 8 });
    expect(accepted).toBeGreaterThan(300);
  });

  it("accepts the canonical form of ordinary audit data (the fast path is the common path)", () => {
    const ordinary = fc.dictionary(fc.string({ unit: "grapheme" }), fc.oneof(fc.string({ unit: "grapheme" }), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 8 });
    fc.assert(fc.property(fc.dictionary(fc.string({ unit: "grapheme" }), fc.array(ordinary, { maxLength: 3 }), { maxKeys: 4 }), (value) => {
      const text = canonicalize(value)!;
      fc.pre(!text.includes("\\ud"));
      expect(canonicalText(text, JSON.parse(text))).toBe(true);
    }), { numRuns: 1000, seed: 9 });
  });

  it("refuses other spellings: whitespace, unsorted keys, integer-like keys in V8's order, floats, lone surrogates", () => {
    for (const text of ['{"a": 1}', '{"b":1,"a":2}', '{"9":1,"10":2}', '{"a":1.5}', '{"a":9007199254740993}', '{"a":"\\ud800"}', '[1]', '{"a":1,"a":2}']) {
      expect(canonicalText(text, JSON.parse(text)), text).toBe(false);
    }
    expect(canonicalText('{"10":2,"9":1}', JSON.parse('{"10":2,"9":1}'))).toBe(false); // canonical, but JSON.stringify reorders it: left to the slow path
  });
});

describe("sameJson", () => {
  it("says same only when the canonical JSON texts are equal", () => {
    fc.assert(fc.property(json, json, fc.boolean(), (a, b, copy) => {
      const other = copy ? JSON.parse(JSON.stringify(a) ?? "null") as unknown : b;
      if (sameJson(a, other)) expect(canonicalOrNull(a)).toBe(canonicalOrNull(other));
    }), { numRuns: 3000, seed: 10 });
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson({ a: new Date(0) }, { a: "1970-01-01T00:00:00.000Z" })).toBe(false);
  });
});

describe("JSON Lines built by SQLite", () => {
  it("are byte for byte the lines jsonlLine writes, whatever the fields hold", async () => {
    // The line format only: rows written straight into a scratch table (no chain is verified here).
    const db = openDatabase(":memory:");
    const rows = fc.sample(fc.record({ actor: strings, action: strings, subject: strings, at: strings, data: objects.map((v) => JSON.stringify(v)) }), { numRuns: 300, seed: 11 })
      .map((r, i) => ({ ...r, seq: i + 1, prev: "0".repeat(64), hash: i.toString(16).padStart(64, "0") }))
      // SQLite stores text as UTF-8: a lone surrogate cannot be stored, so it cannot be exported either.
      .filter((r) => [r.actor, r.action, r.subject, r.at, r.data].every((t) => Buffer.from(t, "utf8").toString("utf8") === t));
    const insert = db.$client.prepare("INSERT INTO audit_events (seq, at, actor, action, subject, data, prev, hash) VALUES (@seq, @at, @actor, @action, @subject, @data, @prev, @hash)");
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) insert.run(row);
    const bytes = await writeBuffer((out) => exportAudit(db, out, { format: "jsonl", pageSize: 7 }));
    expect(bytes.toString("utf8")).toBe(rows.map((r) => jsonlLine(r)).join(""));
    db.$client.close();
  });
});
