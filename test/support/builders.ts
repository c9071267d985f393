import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, inject } from "vitest";
import { openDatabase, type Db } from "~db/connection";
import { DomainError } from "~/domain/errors";
import { ownerFormSchema, unitFormSchema } from "~/domain/register";
import type { Role } from "~/domain/roles";
import { createCommunity } from "~/services/community.server";
import { createOwner } from "~/services/owners.server";
import { createUnit } from "~/services/units.server";
import { createUser } from "~/services/users.server";

export const TEST_PASSWORD = "correct-horse-battery";

const freshDirs: string[] = [];
// Registered while the test file is collected, so it runs after that file's tests.
afterAll(() => {
  for (const dir of freshDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A second, independent database: a fresh copy of the migrated template in its own folder. */
export function freshDb(): { db: Db; path: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mingzhang-fresh-"));
  freshDirs.push(dir);
  const file = path.join(dir, "fresh.db");
  fs.copyFileSync(inject("templateDb"), file);
  return { db: openDatabase(file), path: file };
}

/** Owner input as the form would give it (parsed by the real zod schema). */
export function ownerInput(fields: { kind: "person" | "organisation" | "developer"; name: string; phone?: string }) {
  return ownerFormSchema.parse({ phone: "", ...fields });
}

/** Unit input as the form would give it: area as text, parsed to hundredths by the schema. */
export function unitInput(fields: { building: string; number: string; area: string; kind: string; ownerId: number }) {
  return unitFormSchema.parse(fields);
}

let counter = 0;
/** A unique suffix, so builders can be called many times against one database. */
export function uniq(): string {
  counter += 1;
  return `${process.pid}${counter}`;
}

export async function buildUser(
  db: Db,
  fields: { login?: string; displayName?: string; roles?: Role[]; isDirector?: boolean; ownerId?: number; password?: string } = {},
  actor = "system",
) {
  const { user } = await createUser(db, {
    login: fields.login ?? `user${uniq()}`,
    displayName: fields.displayName ?? `测试用户${uniq()}`,
    password: fields.password ?? TEST_PASSWORD,
    roles: fields.roles ?? ["manager"],
    isDirector: fields.isDirector ?? false,
    ownerId: fields.ownerId,
  }, actor);
  return user;
}

/**
 * A small community built only through the services: the community row, a
 * person owner, an organisation owner, two units and an admin and owner account.
 */
export async function buildSmallCommunity(db: Db) {
  createCommunity(db, { name: "测试小区", address: "测试路 1 号", billingPeriod: "quarterly", postingMinDays: 15 }, "system");
  const { owner: person } = createOwner(db, ownerInput({ kind: "person", name: "钱多多", phone: "13912345678" }), "system");
  const { owner: org } = createOwner(db, ownerInput({ kind: "organisation", name: "某某物业有限公司", phone: "02188888888" }), "system");
  const { unit: unitA } = createUnit(db, unitInput({ building: "1栋", number: "0101", area: "89.37", kind: "residential", ownerId: person.id }), "system");
  const { unit: unitB } = createUnit(db, unitInput({ building: "商铺", number: "S01", area: "120.5", kind: "commercial", ownerId: org.id }), "system");
  const admin = await buildUser(db, { login: "admin-t", displayName: "管理员甲", roles: ["admin"] });
  const ownerUser = await buildUser(db, { login: "owner-t", displayName: "钱多多", roles: ["owner"], ownerId: person.id });
  return { person, org, unitA, unitB, admin, ownerUser };
}

export function count(db: Db, table: string): number {
  return (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function maxSeq(db: Db): number {
  return (db.$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n;
}

/** Row counts of every business table and the chain head: equal digests mean nothing was written. */
export type Digest = Record<"community" | "owners" | "units" | "users" | "sessions" | "audit_events" | "maxSeq", number>;
export function digest(db: Db): Digest {
  const tables = ["community", "owners", "units", "users", "sessions", "audit_events"] as const;
  return { ...(Object.fromEntries(tables.map((t) => [t, count(db, t)])) as Omit<Digest, "maxSeq">), maxSeq: maxSeq(db) };
}

/** Runs fn and returns the DomainError it throws (fails if it throws anything else or nothing). */
export async function domainErrorOf(fn: () => unknown): Promise<DomainError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError, but nothing was thrown");
}

/**
 * A refusal with this code (sync or async) after which `digest` — row counts
 * of the tables a feature writes and the chain head — is exactly as before:
 * refused input writes nothing.
 */
export async function expectRefusedUnchanged(digestOf: () => Record<string, number>, fn: () => unknown, code: string): Promise<DomainError> {
  const before = digestOf();
  const error = await domainErrorOf(fn);
  expect(error.code).toBe(code);
  expect(digestOf()).toEqual(before);
  return error;
}
