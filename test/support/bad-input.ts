import { createHash } from "node:crypto";
import { parseWithZod } from "@conform-to/zod/v4";
import fc from "fast-check";
import type { z } from "zod";
import type { Db } from "~db/connection";

/**
 * Bad input for every action (issue 9 §2): the fields of an action's form,
 * read from the zod schema the route parses with, sorted into kinds by
 * asking that schema; for each kind the values DESIGN.md calls malformed
 * (poisons); and the change counter that proves a refused request wrote
 * nothing.
 */

export type Kind = "text" | "money" | "decimal" | "integer" | "date" | "enum" | "file" | "opaque";

export interface Field {
  name: string;
  kind: Kind;
  required: boolean;
  /** A list (repeated name): a second value is not a duplicate. */
  list: boolean;
  /** The value this form always sends unless the field is the poisoned one (the intent of a per-intent row). */
  fixed?: string;
  options?: readonly string[];
}

/** How the route reads the form: conform's parseWithZod (almost all) or zod on Object.fromEntries. */
export type ParseMode = "conform" | "plain";

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Through optional/default/catch/pipe… to the schema that says what the value is. */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (["optional", "default", "catch", "nullable", "readonly", "prefault", "nonoptional"].includes(def.type)) current = def.innerType;
    else if (def.type === "pipe") current = defOf(def.in).type === "transform" ? def.out : def.in;
    else return current;
  }
}

/** Every field name a form of `schema` has (objects, unions of objects, lists of rows as `name[i].sub`). */
export function fieldNames(schema: unknown, prefix = ""): { name: string; list: boolean; leaf: unknown }[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === "object") {
    return Object.entries(def.shape as Record<string, unknown>).flatMap(([key, value]) => {
      const name = prefix ? `${prefix}.${key}` : key;
      const valueDef = defOf(unwrap(value));
      if (valueDef.type === "array") {
        const element = unwrap(valueDef.element);
        if (defOf(element).type === "object") return [0, 1].flatMap((i) => fieldNames(element, `${name}[${i}]`));
        return [{ name, list: true, leaf: value }];
      }
      return valueDef.type === "object" ? fieldNames(value, name) : [{ name, list: false, leaf: value }];
    });
  }
  if (def.type === "union" || def.type === "intersection") {
    const parts = def.type === "union" ? (def.options as unknown[]) : [def.left, def.right];
    const seen = new Map<string, { name: string; list: boolean; leaf: unknown }>();
    for (const part of parts) for (const f of fieldNames(part, prefix)) if (!seen.has(f.name)) seen.set(f.name, f);
    return [...seen.values()];
  }
  return [];
}

export type FormValue = string | File;
export type FormEntries = [string, FormValue][];

export function toFormData(entries: FormEntries): FormData {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
}

/** Does the schema, reading `entries` as the route does, report an error on `name` (or refuse the form at all, in plain mode)? */
export function refuses(schema: z.ZodType, mode: ParseMode, entries: FormEntries, name: string): boolean {
  if (mode === "plain") return !schema.safeParse(Object.fromEntries(toFormData(entries))).success;
  const submission = parseWithZod(toFormData(entries), { schema });
  if (submission.status === "success") return false;
  const errors = submission.reply().error ?? {};
  return Object.keys(errors).some((key) => key === name || key.startsWith(`${name}[`) || key.startsWith(`${name}.`));
}

// Long enough for any minimum length a free-text field has; short for a login or a building name.
const TEXT_PROBE = "请说明三月份电梯维修费用的明细，谢谢 abc";
const TEXT_PROBES = [TEXT_PROBE, "abc", "A栋"];

const sampleFile = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], "x.png", { type: "image/png" });

/** Sorts a field by what its schema accepts, alone beside the form's fixed fields. */
export function classify(schema: z.ZodType, mode: ParseMode, base: FormEntries, name: string, list: boolean, leaf: unknown): Field | null {
  const accepts = (value: FormValue) => !refuses(schema, mode, [...base.filter(([n]) => n !== name), [name, value]], name);
  const required = refuses(schema, mode, base.filter(([n]) => n !== name), name);
  const fixed = base.find(([n]) => n === name)?.[1];
  const leafDef = defOf(unwrap(leaf));
  // A name the schema drops (another branch of a union): no value of it can make the form wrong.
  if (!required && typeof fixed !== "string" && accepts(sampleFile()) && accepts(TEXT_PROBE) && accepts("字".repeat(200_000))) return null;
  const field = { name, required, list, ...(typeof fixed === "string" ? { fixed } : {}) };
  if (leafDef.type === "enum") return { ...field, kind: "enum", options: Object.values(leafDef.entries as Record<string, string>) };
  if (leafDef.type === "literal") return { ...field, kind: "enum", options: (leafDef.values as unknown[]).map(String) };
  if (leafDef.type === "custom" || (accepts(sampleFile()) && !accepts("abc"))) return { ...field, kind: "file" };
  if (TEXT_PROBES.some(accepts)) return { ...field, kind: "text" };
  if (accepts("12.34")) return { ...field, kind: accepts("12.345") ? "decimal" : "money" };
  if (accepts("12")) return { ...field, kind: "integer" };
  if (accepts("2026-01-15")) return { ...field, kind: "date" };
  return { ...field, kind: "opaque" };
}

const SQL = ["'; DROP TABLE postings;--", "1 OR 1=1", "1' OR '1'='1", "1; DELETE FROM users"];
const HTML = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>"];
const NUMBERS = ["abc", "NaN", "Infinity", "-Infinity", "1e309", "1..2", "--1", "12abc", "١٢٣"];

/** What DESIGN.md calls malformed for a field of this kind: each must be refused, whatever else the form holds. */
export function poisonsOf(field: Field): { label: string; entries: (name: string) => FormEntries }[] {
  const one = (label: string, value: FormValue) => ({ label, entries: (name: string) => [[name, value]] as FormEntries });
  const out: { label: string; entries: (name: string) => FormEntries }[] = [];
  if (field.required) {
    out.push({ label: "missing", entries: () => [] }, one("empty", ""));
  }
  if (field.kind === "file") return [...out, ...(field.required ? [one("text for a file", "abc")] : [])];
  out.push(one("huge (200k)", "字".repeat(200_000)), one("huge (30k, above the longest field: a 20k work report)", "a".repeat(30_001)), one("file for text", sampleFile()));
  if (!field.list) out.push({ label: "duplicated", entries: (name) => [[name, field.fixed ?? field.options?.[0] ?? "12"], [name, "第二个值 other"]] });
  if (field.kind === "enum") out.push(...["1", "X", ...SQL.slice(0, 1), HTML[0]!].filter((v) => !field.options!.includes(v)).map((v) => one(`not an option: ${v}`, v)));
  if (field.kind === "money" || field.kind === "decimal" || field.kind === "integer") out.push(...NUMBERS.map((v) => one(`not a number: ${v}`, v)), one("sql", SQL[1]!));
  if (field.kind === "money") out.push(one("fraction of a fen: 0.001", "0.001"), one("fraction of a fen: 1.005", "1.005"), one("20 digits", "12345678901234567890"));
  if (field.kind === "integer") out.push(one("fractional: 1.5", "1.5"));
  if (field.kind === "date") out.push(...["2026-02-30", "99999-01-01", "2026-13-01", "abc", SQL[0]!].map((v) => one(`no such date: ${v}`, v)));
  if (field.kind === "opaque") out.push(one("abc", "abc"), one("sql", SQL[0]!));
  return out;
}

/** Anything a person or an attacker might type, valid or not: the values of the fields that are not the poisoned one. */
export function junkValue(field: Field | null): fc.Arbitrary<FormValue> {
  const typed: FormValue[] = field?.options ? [...field.options] : field?.kind === "money" || field?.kind === "decimal" ? ["12.34", "1,000.00", "９９", "0", "-1", "-0.01"]
    : field?.kind === "integer" ? ["1", "0", "-1", "2026", "999999999999"] : field?.kind === "date" ? ["2026-01-15", "2025-12-31", "1900-01-01"]
      : field?.kind === "file" ? [sampleFile()] : ["维修", "abc"];
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...typed) },
    { weight: 2, arbitrary: fc.constantFrom(...SQL, ...HTML, ...NUMBERS, "", " ", "0.001", "1.005", "2026-02-30", "99999-01-01", "true", "null", "[]", "{}") },
    { weight: 2, arbitrary: fc.constantFrom("😀👍🏽", "\u202Eevil\u202C", "a\u200Bb\u200D", "\uD800", "\uDFFF", "nul\u0000byte", "１２３", "ＡＢＣ", "\r\n\t", "𠀀𪚥") },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 200_000 }).map((n) => "长".repeat(n)) },
    { weight: 1, arbitrary: fc.constant(sampleFile()) },
  );
}

/** A form that is malformed by construction: one poison on one field, anything in the others, and random extra names. */
export function badForm(fields: readonly Field[]): fc.Arbitrary<{ poison: string; entries: FormEntries }> {
  const targets = fields.flatMap((field) => poisonsOf(field).map((poison) => ({ field, poison })));
  if (targets.length === 0) throw new Error("a form without a field that can be malformed");
  return fc.record({
    target: fc.constantFrom(...targets),
    others: fc.tuple(...fields.map((field) => fc.option(field.fixed !== undefined ? fc.constant(field.fixed as FormValue) : junkValue(field), { nil: undefined, freq: 4 }))),
    extra: fc.array(fc.tuple(fc.oneof(fc.constantFrom("__proto__", "constructor", "intent", "_action", "id", "lines[999].account", "a[b]"), fc.string({ maxLength: 12 })), junkValue(null)), { maxLength: 3 }),
    order: fc.boolean(),
  }).map(({ target, others, extra }) => {
    const entries: FormEntries = [];
    fields.forEach((field, i) => {
      if (field === target.field) entries.push(...target.poison.entries(field.name));
      else if (field.fixed !== undefined) entries.push([field.name, field.fixed]);
      else if (others[i] !== undefined) entries.push([field.name, others[i]]);
    });
    // Extra names never collide with a real field: that field's poison must stay the only value it has.
    for (const [name, value] of extra) if (!fields.some((f) => f.name === name)) entries.push([name, value]);
    return { poison: `${target.field.name}: ${target.poison.label}`, entries };
  });
}

/** A short, printable picture of a form for a failure message. */
export function describeEntries(entries: FormEntries): string {
  return JSON.stringify(entries.map(([name, value]) => [name, value instanceof File ? `File(${value.name}, ${value.size} B)`
    : value.length > 60 ? `${value.slice(0, 20)}… (${value.length} chars)` : value]));
}

/**
 * Counts every row written to a business table on this connection, with
 * TEMP triggers: a write rolled back with its transaction rolls the count
 * back too, so only what stayed is counted. Not counted: the rate-limit
 * counters and the audit events of refused attempts (a failed login is
 * recorded on purpose).
 */
export const NOT_BUSINESS = { tables: ["rate_limits"], refusedActions: ["auth.login_failed"] };

export function installChangeCounter(db: Db): () => { table: string; op: string; n: number }[] {
  const sqlite = db.$client;
  sqlite.exec("CREATE TEMP TABLE IF NOT EXISTS bad_input_changes (tbl TEXT NOT NULL, op TEXT NOT NULL)");
  const tables = businessTables(db);
  for (const table of tables) {
    for (const op of ["INSERT", "UPDATE", "DELETE"]) {
      const row = op === "DELETE" ? "OLD" : "NEW";
      const when = table === "audit_events" ? `WHEN ${row}.action NOT IN (${NOT_BUSINESS.refusedActions.map((a) => `'${a}'`).join(",")})` : "";
      sqlite.exec(`CREATE TEMP TRIGGER IF NOT EXISTS bad_input_${table}_${op} AFTER ${op} ON main."${table}" ${when}
        BEGIN INSERT INTO temp.bad_input_changes (tbl, op) VALUES ('${table}', '${op}'); END`);
    }
  }
  return () => {
    const rows = sqlite.prepare("SELECT tbl AS \"table\", op, count(*) AS n FROM temp.bad_input_changes GROUP BY tbl, op").all() as { table: string; op: string; n: number }[];
    sqlite.exec("DELETE FROM temp.bad_input_changes");
    return rows;
  };
}

export function businessTables(db: Db): string[] {
  return (db.$client.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name).filter((name) => !NOT_BUSINESS.tables.includes(name));
}

/** SHA-256 over every business row, table by table in rowid order (refused attempts' audit events left out). */
export function contentHash(db: Db): string {
  const hash = createHash("sha256");
  for (const table of businessTables(db)) {
    const withoutRowid = /WITHOUT ROWID/i.test((db.$client.prepare("SELECT sql FROM main.sqlite_master WHERE name = ?").get(table) as { sql: string }).sql);
    const where = table === "audit_events" ? `WHERE action NOT IN (${NOT_BUSINESS.refusedActions.map((a) => `'${a}'`).join(",")})` : "";
    hash.update(`\u0000${table}\u0000`);
    for (const row of db.$client.prepare(`SELECT * FROM main."${table}" ${where} ${withoutRowid ? "" : "ORDER BY rowid"}`).iterate()) {
      hash.update(JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString("base64") : typeof value === "bigint" ? value.toString() : value)));
      hash.update("\n");
    }
  }
  return hash.digest("hex");
}
