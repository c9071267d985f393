import Papa from "papaparse";
import { parseArea } from "./area";
import { isDeveloperUnitKind, PHONE_PATTERN, type OwnerKind, type UnitKind } from "./register";

/** One valid line of the unit register, ready for the service to write. */
export interface RegisterRow {
  line: number;
  building: string;
  number: string;
  areaCentiM2: number;
  kind: UnitKind;
  ownerName: string;
  ownerPhone: string;
  ownerKind: OwnerKind;
}

export interface RegisterRowError {
  line: number;
  field: string | null;
  code: string;
}

export const MAX_REGISTER_ROWS = 20_000;

// Column names in English or Chinese; the first line must name them.
type Field = "building" | "unit" | "area" | "kind" | "owner" | "phone" | "ownerKind";
const COLUMNS: Record<string, Field> = {
  building: "building", 楼栋: "building", 楼号: "building",
  unit: "unit", 房号: "unit", 单元房号: "unit",
  area: "area", 面积: "area", 建筑面积: "area", 专有面积: "area",
  kind: "kind", 类型: "kind", 房屋类型: "kind",
  owner: "owner", 业主: "owner", 业主姓名: "owner",
  phone: "phone", 电话: "phone", 联系电话: "phone",
  owner_kind: "ownerKind", 业主类型: "ownerKind",
};
const REQUIRED = ["building", "unit", "area", "kind", "owner"] as const;

const UNIT_KIND_WORDS: Record<string, UnitKind> = {
  residential: "residential", 住宅: "residential",
  commercial: "commercial", 商业: "commercial", 商铺: "commercial",
  developer_unsold: "developer_unsold", 开发商未售: "developer_unsold", 未售: "developer_unsold",
  developer_undelivered: "developer_undelivered", 开发商未交付: "developer_undelivered", 已售未交付: "developer_undelivered",
};
const OWNER_KIND_WORDS: Record<string, OwnerKind> = {
  person: "person", 个人: "person",
  organisation: "organisation", organization: "organisation", 单位: "organisation",
  developer: "developer", 开发商: "developer",
};

export type RegisterParse =
  | { ok: true; rows: RegisterRow[] }
  | { ok: false; errors: RegisterRowError[] };

/**
 * Reads the unit register (building, unit, area, kind, owner, phone[, owner_kind]).
 * All or nothing: any bad line makes the whole file refused, with every bad
 * line listed and its reason, so the person can fix the file in one pass.
 */
export function parseUnitRegisterCsv(text: string): RegisterParse {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const lines = parsed.data;
  const header = lines[0];
  if (!header) return { ok: false, errors: [{ line: 1, field: null, code: "import.empty" }] };
  const columns = header.map((name) => COLUMNS[name.trim().toLowerCase()] ?? COLUMNS[name.trim()] ?? null);
  const missing = REQUIRED.filter((field) => !columns.includes(field));
  if (missing.length > 0) {
    return { ok: false, errors: missing.map((field) => ({ line: 1, field, code: "import.missingColumn" })) };
  }
  if (lines.length - 1 > MAX_REGISTER_ROWS) return { ok: false, errors: [{ line: 1, field: null, code: "import.tooManyRows" }] };
  if (lines.length === 1) return { ok: false, errors: [{ line: 1, field: null, code: "import.noRows" }] };

  const rows: RegisterRow[] = [];
  const errors: RegisterRowError[] = [];
  const seen = new Map<string, number>();
  lines.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const value = (field: string) => {
      const at = columns.indexOf(field as Field);
      return at >= 0 ? (cells[at] ?? "").trim() : "";
    };
    const rowErrors = validateLine(line, value, cells.length === header.length);
    const key = `${value("building")}\u0000${value("unit")}`;
    const firstLine = seen.get(key);
    if (firstLine !== undefined) rowErrors.errors.push({ line, field: "unit", code: "import.duplicateUnit" });
    else seen.set(key, line);
    if (rowErrors.errors.length > 0 || !rowErrors.row) errors.push(...rowErrors.errors);
    else rows.push(rowErrors.row);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

function validateLine(
  line: number,
  value: (field: string) => string,
  columnCountOk: boolean,
): { row: RegisterRow | null; errors: RegisterRowError[] } {
  const errors: RegisterRowError[] = [];
  const fail = (field: string | null, code: string) => errors.push({ line, field, code });
  if (!columnCountOk) fail(null, "import.columnCount");

  const building = value("building");
  const number = value("unit");
  if (!building) fail("building", "errors.required");
  else if (building.length > 20) fail("building", "errors.tooLong");
  if (!number) fail("unit", "errors.required");
  else if (number.length > 20) fail("unit", "errors.tooLong");

  const area = parseArea(value("area"));
  if (!area.ok) fail("area", `errors.${area.error.code}`);

  const kind = UNIT_KIND_WORDS[value("kind").toLowerCase()];
  if (!kind) fail("kind", "errors.unitKind");

  const ownerName = value("owner");
  if (!ownerName) fail("owner", "errors.required");
  else if (ownerName.length > 100) fail("owner", "errors.tooLong");

  const ownerPhone = value("phone").replace(/\s/g, "");
  if (ownerPhone && !PHONE_PATTERN.test(ownerPhone)) fail("phone", "errors.phone");

  const ownerKindText = value("ownerKind");
  let ownerKind: OwnerKind | undefined = ownerKindText ? OWNER_KIND_WORDS[ownerKindText.toLowerCase()] : undefined;
  if (ownerKindText && !ownerKind) fail("ownerKind", "errors.ownerKind");
  if (kind && !ownerKindText) ownerKind = isDeveloperUnitKind(kind) ? "developer" : "person";
  if (kind && ownerKind && isDeveloperUnitKind(kind) !== (ownerKind === "developer")) {
    fail("kind", "errors.developerUnitOwner");
  }

  if (errors.length > 0 || !area.ok || !kind || !ownerKind) return { row: null, errors };
  return { row: { line, building, number, areaCentiM2: area.value, kind, ownerName, ownerPhone, ownerKind }, errors };
}

/** Bytes from an upload: UTF-8 if it decodes as such, else GB18030 (what Excel in China saves). */
export function decodeRegisterBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}
