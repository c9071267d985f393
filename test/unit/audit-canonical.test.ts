import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertAuditData, buildEvent, buildEventWithJson, canonicalAuditJson, canonicalJson, hashEvent, type JsonObject, type JsonValue } from "../../app/domain/audit-chain";

// The write path canonicalises with canonicalAuditJson; the chain's format is the library's (RFC 8785).
// Both must give the same bytes for every value audit data may hold.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }), // every code unit, lone surrogates included
  fc.constantFrom("", "1栋-0101", "\u2028\u2029", '"\\\n\t\u0000\u001f\u007f', "😀", "\uD83D", "\uDE00", "a\uDE00\uD83D", "é", "e\u0301"),
);
const json: fc.Arbitrary<JsonValue> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(0, -0, 1, -1, 2 ** 53 - 1),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(text, tie("value"), { maxKeys: 6 }),
  ),
})).value as fc.Arbitrary<JsonValue>;

function outcome(fn: () => string): string {
  try {
    return fn();
  } catch {
    return "<throws>";
  }
}

describe("canonicalAuditJson", () => {
  it("gives the library's bytes, or throws where it throws (lone surrogates)", () => {
    fc.assert(fc.property(json, (value) => {
      expect(outcome(() => canonicalAuditJson(value))).toBe(outcome(() => canonicalJson(value)));
    }), { numRuns: 3000 });
  });

  it("sorts keys by UTF-16 code units, as RFC 8785 says", () => {
    const value = { "\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\u0080": 5, "\ud83d\ude00": 6, "\u00f6": 7 };
    expect(canonicalAuditJson(value)).toBe(canonicalJson(value));
  });

  it("hashes an event exactly as the verifier does", () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), json, { maxKeys: 4 }), fc.string({ minLength: 1 }), (data, actor) => {
      const previous = { seq: 41, hash: "a".repeat(64), at: "2026-11-21T05:33:10.123Z" };
      const fields = { actor, action: "test.step", subject: "test:1", data: data as JsonObject };
      let built;
      try {
        built = buildEventWithJson(previous, fields, new Date(Date.UTC(2026, 10, 21)));
      } catch {
        // Refused as before: not plain audit data (a null-prototype object), or a lone surrogate.
        expect(() => {
          assertAuditData(data);
          canonicalJson(data);
        }).toThrow();
        return;
      }
      expect(built.event.hash).toBe(hashEvent(built.event));
      expect(built.dataJson).toBe(canonicalJson(built.event.data));
      expect(buildEvent(previous, fields, new Date(Date.UTC(2026, 10, 21)))).toEqual(built.event);
    }), { numRuns: 1000 });
  });
});
