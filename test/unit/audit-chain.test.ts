import { describe, expect, it } from "vitest";
import {
  assertAuditData, buildEvent, canonicalJson, ChainVerifier, GENESIS_PREV, hashEvent, nextAt, type ChainedEvent,
} from "../../app/domain/audit-chain";

// Computed independently with Python: json.dumps(sort_keys, compact, ensure_ascii=False) + hashlib.sha256,
// which equals RFC 8785 for objects of strings and integers.
const VECTOR = {
  event: {
    seq: 1, at: "2026-11-21T05:33:10.123Z", actor: "system", action: "unit.create", subject: "unit:1",
    data: { rows: { units: [{ id: 1, building: "1栋", number: "0101", area: "89.37", kind: "residential", ownerId: 1 }] } },
    prev: GENESIS_PREV,
  },
  canonical: '{"action":"unit.create","actor":"system","at":"2026-11-21T05:33:10.123Z","data":{"rows":{"units":[{"area":"89.37","building":"1栋","id":1,"kind":"residential","number":"0101","ownerId":1}]}},"prev":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"subject":"unit:1"}',
  hash: "a7dfcbb9f22a71d16278c6704f4da51f3cfd73a5cc68447649cde5da559a9c85",
};

function chain(length: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  for (let i = 0; i < length; i++) {
    const previous = events.at(-1) ?? null;
    events.push(buildEvent(previous, { actor: "system", action: "test.step", subject: `test:${i}`, data: { i } }, new Date(Date.UTC(2026, 10, 21, 0, 0, i))));
  }
  return events;
}

describe("canonical JSON and the event hash", () => {
  it("matches an independently computed vector", () => {
    expect(canonicalJson(VECTOR.event)).toBe(VECTOR.canonical);
    expect(hashEvent(VECTOR.event)).toBe(VECTOR.hash);
  });

  it("does not depend on key order", () => {
    const reordered = { prev: VECTOR.event.prev, data: VECTOR.event.data, subject: "unit:1", action: "unit.create", actor: "system", at: VECTOR.event.at, seq: 1 };
    expect(hashEvent(reordered)).toBe(VECTOR.hash);
  });

  it("changes with any field", () => {
    expect(hashEvent({ ...VECTOR.event, actor: "1" })).not.toBe(VECTOR.hash);
    expect(hashEvent({ ...VECTOR.event, seq: 2 })).not.toBe(VECTOR.hash);
  });
});

describe("audit data", () => {
  it("accepts strings, safe integers, booleans, null, arrays and plain objects", () => {
    expect(() => assertAuditData({ a: "x", b: 1, c: true, d: null, e: [1, "2"], f: { g: -5 } })).not.toThrow();
  });

  it.each([[{ amount: 1.5 }], [{ big: 2 ** 60 }], [{ nan: Number.NaN }], [{ u: undefined }], [{ d: new Date() }]])("refuses %j", (data) => {
    expect(() => assertAuditData(data)).toThrow(TypeError);
  });
});

describe("building events", () => {
  it("starts at seq 1 with the genesis prev and links each event to the one before", () => {
    const events = chain(3);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[0]!.prev).toBe(GENESIS_PREV);
    expect(events[1]!.prev).toBe(events[0]!.hash);
    expect(events[2]!.prev).toBe(events[1]!.hash);
  });

  it("never lets at go back, even when the clock does", () => {
    expect(nextAt("2026-11-21T05:00:00.000Z", new Date("2026-11-21T04:00:00.000Z"))).toBe("2026-11-21T05:00:00.000Z");
    expect(nextAt("2026-11-21T05:00:00.000Z", new Date("2026-11-21T06:00:00.000Z"))).toBe("2026-11-21T06:00:00.000Z");
    expect(nextAt(null, new Date("2026-11-21T06:00:00.000Z"))).toBe("2026-11-21T06:00:00.000Z");
  });

  it("refuses a malformed action or subject", () => {
    expect(() => buildEvent(null, { actor: "system", action: "nodot", subject: "x:1", data: {} }, new Date())).toThrow(TypeError);
    expect(() => buildEvent(null, { actor: "system", action: "a.b", subject: "no-colon", data: {} }, new Date())).toThrow(TypeError);
  });
});

describe("ChainVerifier", () => {
  it("accepts an intact chain and reports its head", () => {
    const verifier = new ChainVerifier();
    const events = chain(5);
    for (const e of events) expect(verifier.push(e)).toBeNull();
    expect(verifier.head).toEqual({ seq: 5, hash: events[4]!.hash });
  });

  it("names the first event whose content was changed", () => {
    const events = chain(5);
    events[2] = { ...events[2]!, data: { i: 99 } };
    const verifier = new ChainVerifier();
    const problems = events.map((e) => verifier.push(e));
    expect(problems[2]).toEqual({ code: "hash_mismatch", seq: 3 });
    expect(verifier.firstProblem).toEqual({ code: "hash_mismatch", seq: 3 });
  });

  it("finds a gap, a broken link and a backwards clock", () => {
    const events = chain(4);
    const gap = new ChainVerifier();
    gap.push(events[0]);
    expect(gap.push(events[2])).toEqual({ code: "seq_gap", seq: 3, expected: 2 });

    const rehashed = { ...events[1]!, prev: "f".repeat(64) };
    const link = new ChainVerifier();
    link.push(events[0]);
    expect(link.push({ ...rehashed, hash: hashEvent(rehashed) })).toEqual({ code: "prev_mismatch", seq: 2 });

    const early = { ...events[1]!, at: "2000-01-01T00:00:00.000Z" };
    const clock = new ChainVerifier();
    clock.push(events[0]);
    expect(clock.push({ ...early, hash: hashEvent(early) })).toEqual({ code: "at_decreasing", seq: 2 });
  });

  it("refuses events with missing, extra or mistyped fields", () => {
    const [first] = chain(1);
    const { hash: _hash, ...noHash } = first!;
    expect(new ChainVerifier().push(noHash)?.code).toBe("format");
    expect(new ChainVerifier().push({ ...first!, extra: 1 })?.code).toBe("format");
    expect(new ChainVerifier().push({ ...first!, at: "2026-11-21 05:33" })?.code).toBe("format");
    expect(new ChainVerifier().push({ ...first!, data: { x: 0.5 } })?.code).toBe("format");
    expect(new ChainVerifier().push("not an event")?.code).toBe("format");
  });
});
