import { describe, expect, it } from "vitest";
import * as schemaModule from "~db/schema";
import { decodeRegisterBytes } from "~/domain/unit-register-csv";
import { rowViews } from "~/services/audit-rows.server";
import { importUnitRegister } from "~/services/unit-import.server";
import { count, freshDb, maxSeq } from "../support/builders";
import { testDb } from "../support/db";

/** GB18030 has no TextEncoder: build the reverse of the decoder's two-byte table. */
function gb18030Encoder() {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder("gb18030");
  for (let b1 = 0x81; b1 <= 0xfe; b1++) {
    for (let b2 = 0x40; b2 <= 0xfe; b2++) {
      if (b2 === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([b1, b2]));
      if (ch.length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, [b1, b2]);
    }
  }
  return (text: string) => {
    const bytes: number[] = [];
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) bytes.push(code);
      else {
        const pair = table.get(ch);
        if (!pair) throw new Error(`no two-byte GB18030 code for ${ch}`);
        bytes.push(...pair);
      }
    }
    return new Uint8Array(bytes);
  };
}

const GOOD = [
  "building,unit,area,kind,owner,phone,owner_kind",
  "A栋,0101,89.37,residential,张三丰,13800001111,person",
  "A栋,0102,90,residential,张三丰,13800001111,person",
  "A栋,0201,75.5,residential,李四,13800002222,person",
  "B栋,0101,88.00,residential,张三丰,13800001111,person",
  "商铺,S01,120,commercial,湖畔商贸有限公司,02100000009,organisation",
  "B栋,1801,130.25,developer_unsold,湖畔置业,,developer",
].join("\n");

describe("importUnitRegister", () => {
  it("imports a good CSV in one unit.import event, one owner per (kind, name, phone)", () => {
    const db = testDb();
    const seqBefore = maxSeq(db);
    const outcome = importUnitRegister(db, GOOD, "system");
    expect(outcome).toMatchObject({ ok: true, unitCount: 6, newOwnerCount: 4, seq: seqBefore + 1 });
    expect(maxSeq(db)).toBe(seqBefore + 1);
    expect(count(db, "units")).toBe(6);
    expect(count(db, "owners")).toBe(4);

    const zhang = db.$client.prepare("SELECT o.id, count(u.id) AS n FROM owners o JOIN units u ON u.owner_id = o.id WHERE o.name = '张三丰' GROUP BY o.id").all();
    expect(zhang).toHaveLength(1);
    expect(zhang[0]).toMatchObject({ n: 3 });

    const event = db.$client.prepare("SELECT action, subject, data FROM audit_events WHERE seq = ?").get(seqBefore + 1) as { action: string; subject: string; data: string };
    expect(event.action).toBe("unit.import");
    expect(event.subject).toBe(`import:${seqBefore + 1}`);
    const data = JSON.parse(event.data);
    expect(data.lineCount).toBe(6);
    expect(data.rows.units).toHaveLength(6);
    expect(data.rows.owners).toHaveLength(4);
    const unitRows = db.$client.prepare("SELECT * FROM units ORDER BY id").all() as Record<string, unknown>[];
    expect(unitRows.every((u) => u.audit_seq === seqBefore + 1)).toBe(true);
    const first = db.select().from(schemaModule.units).all().find((u) => u.number === "0101" && u.building === "A栋")!;
    expect(first.areaCentiM2).toBe(8937);
    expect(data.rows.units).toContainEqual(rowViews.units(first));
    expect(event.data).not.toContain("张三丰");
    expect(event.data).not.toContain("13800001111");
  });

  it("refuses a CSV with several bad rows, writes nothing and lists every bad line", () => {
    const db = testDb();
    const before = { units: count(db, "units"), owners: count(db, "owners"), seq: maxSeq(db) };
    const csv = [
      "building,unit,area,kind,owner,phone",
      "C栋,0101,12.345,residential,王五,13800003333", // line 2: bad area
      "C栋,0102,80,villa,王五,13800003333", // line 3: unknown kind
      "C栋,0103,80,residential,,13800003333", // line 4: missing owner
      "C栋,0104,80,residential,赵六,12345", // line 5: bad phone
      "C栋,0105,80,residential,钱七,13800004444", // line 6: good
      "C栋,0105,81,residential,钱七,13800004444", // line 7: duplicate unit
      "C栋,0106,80,residential", // line 8: wrong column count
    ].join("\n");
    const outcome = importUnitRegister(db, csv, "system");
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const byLine = (line: number) => outcome.errors.filter((e) => e.line === line).map((e) => e.code);
    expect(byLine(2)).toContain("errors.area.too_many_decimals");
    expect(byLine(3)).toContain("errors.unitKind");
    expect(byLine(4)).toContain("errors.required");
    expect(byLine(5)).toContain("errors.phone");
    expect(byLine(6)).toEqual([]);
    expect(byLine(7)).toContain("import.duplicateUnit");
    expect(byLine(8)).toContain("import.columnCount");
    expect(new Set(outcome.errors.map((e) => e.line))).toEqual(new Set([2, 3, 4, 5, 7, 8]));
    expect({ units: count(db, "units"), owners: count(db, "owners"), seq: maxSeq(db) }).toEqual(before);
  });

  it("refuses a CSV whose unit already exists and names that line", () => {
    const db = testDb();
    const before = { units: count(db, "units"), owners: count(db, "owners"), seq: maxSeq(db) };
    const csv = [
      "building,unit,area,kind,owner,phone",
      "D栋,0101,60,residential,新业主,13800005555",
      "A栋,0102,60,residential,新业主,13800005555", // exists since the first test
    ].join("\n");
    const outcome = importUnitRegister(db, csv, "system");
    expect(outcome).toEqual({ ok: false, errors: [{ line: 3, field: "unit", code: "errors.unitExists" }] });
    expect({ units: count(db, "units"), owners: count(db, "owners"), seq: maxSeq(db) }).toEqual(before);
  });

  it("accepts a Chinese header and Chinese kind words, reusing an existing owner", () => {
    const db = testDb();
    const ownersBefore = count(db, "owners");
    const csv = ["楼栋,房号,面积,类型,业主,电话", "E栋,0101,66.6,住宅,张三丰,13800001111", "E栋,0102,70㎡,住宅,新面孔,13800006666"].join("\n");
    const outcome = importUnitRegister(db, csv, "system");
    expect(outcome).toMatchObject({ ok: true, unitCount: 2, newOwnerCount: 1 });
    expect(count(db, "owners")).toBe(ownersBefore + 1);
    const row = db.$client.prepare("SELECT area_centi_m2 AS a, kind FROM units WHERE building = 'E栋' AND number = '0102'").get();
    expect(row).toEqual({ a: 7000, kind: "residential" });
  });

  it("never creates a second developer owner, even when the developer's phone differs between lines", () => {
    // Its own database, so the outcome cannot affect the other tests.
    const { db } = freshDb();
    expect(importUnitRegister(db, "building,unit,area,kind,owner,phone,owner_kind\nG栋,1701,100,developer_unsold,湖畔置业,,developer", "system")).toMatchObject({ ok: true });
    const csv = [
      "building,unit,area,kind,owner,phone,owner_kind",
      "G栋,1801,100,developer_unsold,湖畔置业,02100000001,developer", // the same developer, now with a phone
      "G栋,1802,100,developer_unsold,湖畔置业,02100000002,developer",
    ].join("\n");
    importUnitRegister(db, csv, "system");
    const developers = db.$client.prepare("SELECT count(*) AS n FROM owners WHERE kind = 'developer'").get() as { n: number };
    expect(developers.n).toBe(1);
  });

  it("decodes a GB18030 file (what Excel in China saves) and imports it", () => {
    const header = new Uint8Array([0xc2, 0xa5, 0xb6, 0xb0]); // 楼栋
    expect(decodeRegisterBytes(header)).toBe("楼栋");
    const encode = gb18030Encoder();
    expect([...encode("楼栋")]).toEqual([0xc2, 0xa5, 0xb6, 0xb0]);
    const text = "楼栋,房号,面积,类型,业主,电话\r\nF栋,0101,77.70,住宅,欧阳锋,13800007777\r\n";
    const bytes = encode(text);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const decoded = decodeRegisterBytes(bytes);
    expect(decoded).toBe(text);
    const outcome = importUnitRegister(testDb(), decoded, "system");
    expect(outcome).toMatchObject({ ok: true, unitCount: 1 });
    // UTF-8 (with a BOM) still decodes as UTF-8.
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("楼栋,房号")]);
    expect(decodeRegisterBytes(utf8).replace(/^\uFEFF/, "")).toBe("楼栋,房号");
  });
});

