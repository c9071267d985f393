import { describe, expect, it } from "vitest";
import { writeTx } from "~db/connection";
import { assertAuditData, GENESIS_PREV, hashEvent, type JsonObject } from "~/domain/audit-chain";
import { DomainError } from "~/domain/errors";
import { appendAuditEvent, chainHead } from "~/services/audit.server";
import { rowViews } from "~/services/audit-rows.server";
import { auditedWrite } from "~/services/audited-write.server";
import { createOwner, insertOwner } from "~/services/owners.server";
import { createUnit } from "~/services/units.server";
import { count, domainErrorOf, maxSeq, ownerInput, unitInput } from "../support/builders";
import { testDb } from "../support/db";

type EventRow = { seq: number; at: string; actor: string; action: string; subject: string; data: string; prev: string; hash: string };
function allEvents(): EventRow[] {
  return testDb().$client.prepare("SELECT * FROM audit_events ORDER BY seq").all() as EventRow[];
}

describe("auditedWrite / appendAuditEvent", () => {
  it("writes one event per change, seq 1,2,3… without gaps, each linked to the previous hash", () => {
    const db = testDb();
    expect(maxSeq(db)).toBe(0);
    const a = createOwner(db, ownerInput({ kind: "organisation", name: "甲公司" }), "system");
    const b = createOwner(db, ownerInput({ kind: "organisation", name: "乙公司" }), "system");
    const u = createUnit(db, unitInput({ building: "1栋", number: "0101", area: "50", kind: "commercial", ownerId: a.owner.id }), "system");

    const events = allEvents();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events.map((e) => e.action)).toEqual(["owner.create", "owner.create", "unit.create"]);
    expect(events[0]!.prev).toBe(GENESIS_PREV);
    expect(events[1]!.prev).toBe(events[0]!.hash);
    expect(events[2]!.prev).toBe(events[1]!.hash);
    // Each stored hash is the hash of the stored content.
    for (const e of events) {
      expect(hashEvent({ ...e, data: JSON.parse(e.data) as JsonObject })).toBe(e.hash);
    }
    // The rows carry the seq of the event that wrote them, and the event their chain form.
    expect(a.owner.auditSeq).toBe(1);
    expect(b.owner.auditSeq).toBe(2);
    expect(u.unit.auditSeq).toBe(3);
    expect(JSON.parse(events[2]!.data)).toEqual({ rows: { units: [rowViews.units(u.unit)] } });
    expect(u.event.seq).toBe(3);
    expect(chainHead(db)).toEqual({ seq: 3, hash: events[2]!.hash });
  });

  it("rolls back the write and its event together when the write callback throws", () => {
    const db = testDb();
    const ownersBefore = count(db, "owners");
    const seqBefore = maxSeq(db);
    expect(() =>
      auditedWrite(db, { actor: "system", action: "owner.create" }, (tx, seq) => {
        insertOwner(tx, { kind: "organisation", name: "回滚公司", phone: "" }, seq);
        throw new Error("boom after the insert");
      }),
    ).toThrow("boom after the insert");
    expect(count(db, "owners")).toBe(ownersBefore);
    expect(db.$client.prepare("SELECT count(*) AS n FROM owners WHERE name = '回滚公司'").get()).toEqual({ n: 0 });
    expect(maxSeq(db)).toBe(seqBefore);
  });

  it("rolls back when the event itself cannot be written (float in the data)", () => {
    const db = testDb();
    const ownersBefore = count(db, "owners");
    const seqBefore = maxSeq(db);
    expect(() =>
      auditedWrite(db, { actor: "system", action: "owner.create" }, (tx, seq) => {
        const row = insertOwner(tx, { kind: "organisation", name: "浮点公司", phone: "" }, seq);
        return { result: {}, subject: `owner:${row.id}`, rows: { owners: [rowViews.owners(row)] }, extra: { ratio: 1.5 } };
      }),
    ).toThrow(TypeError);
    expect(count(db, "owners")).toBe(ownersBefore);
    expect(maxSeq(db)).toBe(seqBefore);
  });

  it("a service refusal inside the transaction writes nothing", async () => {
    const db = testDb();
    const seqBefore = maxSeq(db);
    const unitsBefore = count(db, "units");
    const ownerId = (db.$client.prepare("SELECT id FROM owners LIMIT 1").get() as { id: number }).id;
    const error = await domainErrorOf(() =>
      createUnit(db, unitInput({ building: "1栋", number: "0101", area: "60", kind: "commercial", ownerId }), "system"),
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe("errors.unitExists");
    expect(count(db, "units")).toBe(unitsBefore);
    expect(maxSeq(db)).toBe(seqBefore);
  });

  it("SQLite triggers abort UPDATE and DELETE of audit_events", () => {
    const db = testDb();
    const before = allEvents();
    expect(before.length).toBeGreaterThan(0);
    expect(() => db.$client.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare("DELETE FROM audit_events WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare("DELETE FROM audit_events").run()).toThrow(/append-only/);
    expect(allEvents()).toEqual(before);
  });

  it("`at` never decreases even when the clock goes back", () => {
    const db = testDb();
    const later = new Date("2031-06-01T12:00:00.000Z");
    const earlier = new Date("2020-01-01T00:00:00.000Z");
    const first = writeTx(db, (tx) => appendAuditEvent(tx, { actor: "system", action: "test.clock", subject: "test:1", data: {} }, { now: later }));
    const second = writeTx(db, (tx) => appendAuditEvent(tx, { actor: "system", action: "test.clock", subject: "test:2", data: {} }, { now: earlier }));
    expect(first.at).toBe("2031-06-01T12:00:00.000Z");
    expect(second.at).toBe(first.at);
    expect(second.seq).toBe(first.seq + 1);
    const stored = allEvents();
    for (let i = 1; i < stored.length; i++) expect(stored[i]!.at >= stored[i - 1]!.at).toBe(true);
    // A later real time moves it forward again.
    const third = writeTx(db, (tx) => appendAuditEvent(tx, { actor: "system", action: "test.clock", subject: "test:3", data: {} }, { now: new Date("2031-06-01T12:00:00.001Z") }));
    expect(third.at).toBe("2031-06-01T12:00:00.001Z");
  });

  it("event data never holds floats", () => {
    expect(() => assertAuditData({ amount: 1.5 })).toThrow(TypeError);
    expect(() => assertAuditData({ nested: [{ x: 0.1 }] })).toThrow(/not a safe integer/);
    expect(() => assertAuditData({ fen: 150, area: "1.50", ok: true, none: null })).not.toThrow();
    const db = testDb();
    const seqBefore = maxSeq(db);
    expect(() =>
      writeTx(db, (tx) => appendAuditEvent(tx, { actor: "system", action: "test.float", subject: "test:1", data: { amount: 1.5 } })),
    ).toThrow(TypeError);
    expect(maxSeq(db)).toBe(seqBefore);
    const stored = allEvents();
    for (const e of stored) expect(e.data).not.toMatch(/\d\.\d+(?=[,}\]])/);
  });
});
