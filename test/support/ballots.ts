import { eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { users } from "~db/schema";
import type { Choice } from "~/domain/decisions/ballot-tally";
import type { Matter } from "~/domain/decisions/matters";
import type { Role } from "~/domain/roles";
import { createCommunity } from "~/services/community.server";
import { castBallotVote, openBallot, type OpenBallotInput } from "~/services/decisions/ballots.server";
import { createOwner } from "~/services/owners.server";
import { createUnit } from "~/services/units.server";
import { parseRoles } from "~/services/users.server";
import { buildUser, ownerInput, unitInput } from "./builders";

/**
 * Ballot test data, built through the services. The demo community has owner
 * accounts only for director, committee1–4, owner and owner2 (7 of ≈170
 * owners: never a quorum), so tests that need one use `tinyRegister`: five
 * owners — a two-unit owner, two persons, an organisation and the developer
 * with two units — and an account for each (scrypt ≈ 50 ms apiece).
 */
export const BALLOT_TABLES = ["ballots", "ballot_electors", "ballot_votes", "owner_decisions", "audit_events"] as const;

export function ballotDigest(db: Db): Record<string, number> {
  const digest: Record<string, number> = {};
  for (const table of BALLOT_TABLES) digest[table] = (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  digest.maxSeq = (db.$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n;
  return digest;
}

export interface BallotUser { id: number; login: string; roles: Role[]; ownerId: number | null }

export function userByLogin(db: Db, login: string): BallotUser {
  const row = db.select().from(users).where(eq(users.login, login)).get();
  if (!row) throw new Error(`no user ${login}`);
  return { id: row.id, login: row.login, roles: parseRoles(row.roles), ownerId: row.ownerId };
}

/** Every account that holds the owner role and an owner record. */
export function ownerUsers(db: Db): BallotUser[] {
  return db.select().from(users).all()
    .map((row) => ({ id: row.id, login: row.login, roles: parseRoles(row.roles), ownerId: row.ownerId }))
    .filter((u) => u.roles.includes("owner") && u.ownerId !== null);
}

/** The first committee member (the demo's director, or the tiny register's chair). */
export function committeeUser(db: Db): BallotUser {
  const found = db.select().from(users).all().map((row) => userByLogin(db, row.login)).find((u) => u.roles.includes("committee"));
  if (!found) throw new Error("no committee member");
  return found;
}

export const HOUR_MS = 3600 * 1000;

export function openTestBallot(db: Db, overrides: Partial<OpenBallotInput> & { now?: Date; user?: BallotUser } = {}) {
  const now = overrides.now ?? new Date();
  const input: OpenBallotInput = {
    title: overrides.title ?? "更换小区监控摄像头",
    matter: overrides.matter ?? (5 as Matter),
    text: overrides.text ?? "使用公共收益更换全部监控摄像头。\n预算不超过 30,000 元。",
    authorisedFen: overrides.authorisedFen === undefined ? null : overrides.authorisedFen,
    deadline: overrides.deadline ?? new Date(now.getTime() + 7 * 24 * HOUR_MS).toISOString(),
  };
  return openBallot(db, input, overrides.user ?? committeeUser(db), now);
}

export function voteAs(db: Db, login: string, ballotId: number, choice: Choice, now = new Date()) {
  return castBallotVote(db, { ballotId, choice }, userByLogin(db, login), now);
}

/**
 * A register of 500.00 m² and 5 heads: chair (committee + owner of 1-0101
 * 100.00 and 1-0102 50.00), b (2-0101 100.00, also held by a co-owner's
 * second account b2), c (2-0201 100.00), org (S01 100.00), dev (developer:
 * 9-0101 unsold 30.00, 9-0102 undelivered 20.00). Plus admin and auditor.
 */
export async function tinyRegister(db: Db) {
  createCommunity(db, { name: "表决测试小区", address: "测试路 2 号", billingPeriod: "quarterly", postingMinDays: 15 }, "system");
  const owner = (kind: "person" | "organisation" | "developer", name: string, phone: string) => createOwner(db, ownerInput({ kind, name, phone }), "system").owner;
  const chair = owner("person", "甲业主", "13900000001");
  const b = owner("person", "乙业主", "13900000002");
  const c = owner("person", "丙业主", "13900000003");
  const org = owner("organisation", "丁公司", "02100000002");
  const dev = owner("developer", "戊置业", "02100000003");
  const unit = (building: string, number: string, area: string, kind: string, ownerId: number) => createUnit(db, unitInput({ building, number, area, kind, ownerId }), "system");
  unit("1栋", "0101", "100.00", "residential", chair.id);
  unit("1栋", "0102", "50.00", "residential", chair.id);
  unit("2栋", "0101", "100.00", "residential", b.id);
  unit("2栋", "0201", "100.00", "residential", c.id);
  unit("商铺", "S01", "100.00", "commercial", org.id);
  unit("9栋", "0101", "30.00", "developer_unsold", dev.id);
  unit("9栋", "0102", "20.00", "developer_undelivered", dev.id);
  await buildUser(db, { login: "chair", roles: ["committee", "owner"], isDirector: true, ownerId: chair.id });
  await buildUser(db, { login: "b", roles: ["owner"], ownerId: b.id });
  await buildUser(db, { login: "b2", roles: ["owner"], ownerId: b.id });
  await buildUser(db, { login: "c", roles: ["owner"], ownerId: c.id });
  await buildUser(db, { login: "org", roles: ["owner"], ownerId: org.id });
  await buildUser(db, { login: "dev", roles: ["owner"], ownerId: dev.id });
  await buildUser(db, { login: "member", roles: ["committee"] });
  await buildUser(db, { login: "admin-b", roles: ["admin"] });
  await buildUser(db, { login: "auditor-b", roles: ["auditor"] });
  return { owners: { chair, b, c, org, dev } };
}
