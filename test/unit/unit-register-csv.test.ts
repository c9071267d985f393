import { describe, expect, it } from "vitest";
import { decodeRegisterBytes, parseUnitRegisterCsv } from "../../app/domain/unit-register-csv";

const HEADER = "building,unit,area,kind,owner,phone";

describe("parseUnitRegisterCsv", () => {
  it("reads good lines exactly, areas as hundredths of m²", () => {
    const result = parseUnitRegisterCsv(`${HEADER}\n1栋,0101,89.37,residential,张伟,13800001234\n商铺,S01,120,商业,某某公司,02100000001`);
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 2, building: "1栋", number: "0101", areaCentiM2: 8937, kind: "residential", ownerName: "张伟", ownerPhone: "13800001234", ownerKind: "person" },
        { line: 3, building: "商铺", number: "S01", areaCentiM2: 12000, kind: "commercial", ownerName: "某某公司", ownerPhone: "02100000001", ownerKind: "person" },
      ],
    });
  });

  it("accepts Chinese column names, a BOM and CRLF line ends", () => {
    const result = parseUnitRegisterCsv("\uFEFF楼栋,房号,面积,类型,业主,电话\r\n2栋,0202,100.5,住宅,李娜,\r\n");
    expect(result.ok && result.rows[0]).toMatchObject({ building: "2栋", areaCentiM2: 10050, kind: "residential", ownerPhone: "" });
  });

  it("gives developer units to a developer owner by default", () => {
    const result = parseUnitRegisterCsv(`${HEADER}\n5栋,1801,90,developer_unsold,某置业公司,`);
    expect(result.ok && result.rows[0]?.ownerKind).toBe("developer");
  });

  it("lists every bad line with its reason and returns no rows", () => {
    const csv = [
      HEADER,
      "1栋,0101,89.37,residential,张伟,13800001234",
      "1栋,0102,12.345,residential,王芳,13800001235",
      "1栋,0103,80,villa,李强,13800001236",
      "1栋,0104,80,residential,,13800001237",
      "1栋,0105,80,residential,赵敏,12345",
      "1栋,0101,70,residential,孙丽,13800001238",
      "1栋,0106,80",
    ].join("\n");
    const result = parseUnitRegisterCsv(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(expect.arrayContaining([
      { line: 3, field: "area", code: "errors.area.too_many_decimals" },
      { line: 4, field: "kind", code: "errors.unitKind" },
      { line: 5, field: "owner", code: "errors.required" },
      { line: 6, field: "phone", code: "errors.phone" },
      { line: 7, field: "unit", code: "import.duplicateUnit" },
      { line: 8, field: null, code: "import.columnCount" },
    ]));
    expect(result.errors.some((e) => e.line === 2)).toBe(false);
  });

  it("refuses a developer unit held by anyone but the developer, and the reverse", () => {
    const csv = `${HEADER},owner_kind\n5栋,1801,90,developer_unsold,周杰,13800001239,个人\n1栋,0101,90,residential,某置业公司,,开发商`;
    expect(parseUnitRegisterCsv(csv)).toEqual({
      ok: false,
      errors: [{ line: 2, field: "kind", code: "errors.developerUnitOwner" }, { line: 3, field: "kind", code: "errors.developerUnitOwner" }],
    });
  });

  it("refuses a file without the required columns, or without rows", () => {
    expect(parseUnitRegisterCsv("building,unit,area\n1,2,3")).toEqual({
      ok: false,
      errors: [
        { line: 1, field: "kind", code: "import.missingColumn" },
        { line: 1, field: "owner", code: "import.missingColumn" },
      ],
    });
    expect(parseUnitRegisterCsv(HEADER)).toEqual({ ok: false, errors: [{ line: 1, field: null, code: "import.noRows" }] });
    expect(parseUnitRegisterCsv("")).toEqual({ ok: false, errors: [{ line: 1, field: null, code: "import.empty" }] });
  });
});

describe("decodeRegisterBytes", () => {
  it("reads UTF-8, and GB18030 when the bytes are not UTF-8", () => {
    expect(decodeRegisterBytes(new TextEncoder().encode("楼栋,房号"))).toBe("楼栋,房号");
    // 楼栋 in GB18030 (as Excel in China saves CSV).
    expect(decodeRegisterBytes(new Uint8Array([0xc2, 0xa5, 0xb6, 0xb0]))).toBe("楼栋");
  });
});
