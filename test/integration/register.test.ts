import { describe, expect, it } from "vitest";
import type { Db } from "~db/connection";
import { DomainError } from "~/domain/errors";
import { rowViews } from "~/services/audit-rows.server";
import { createOwner, updateOwner } from "~/services/owners.server";
import { createUnit, updateUnit } from "~/services/units.server";
import { createUser, listAccountChanges, resetPassword, setUserDisabled, updateUser } from "~/services/users.server";
import { buildUser, digest, domainErrorOf, freshDb, ownerInput, TEST_PASSWORD, unitInput } from "../support/builders";
import { testDb } from "../support/db";

function eventData(db: Db, seq: number) {
  const row = db.$client.prepare("SELECT action, subject, actor, data FROM audit_events WHERE seq = ?").get(seq) as { action: string; subject: string; actor: string; data: string };
  return { ...row, data: JSON.parse(row.data) };
}

async function expectRefused(db: Db, fn: () => unknown, code: string) {
  const before = digest(db);
  const error = await domainErrorOf(fn);
  expect(error).toBeInstanceOf(DomainError);
  expect(error.code).toBe(code);
  expect(digest(db)).toEqual(before);
}

describe("owners and units", () => {
  it("create and update are audited with the rows' chain form; area kept as hundredths", () => {
    const db = testDb();
    const { owner, event: ownerEvent } = createOwner(db, ownerInput({ kind: "person", name: "孔乙己", phone: "13811112222" }), "system");
    expect(owner.auditSeq).toBe(ownerEvent.seq);
    expect(eventData(db, ownerEvent.seq)).toMatchObject({
      action: "owner.create", subject: `owner:${owner.id}`, actor: "system", data: { rows: { owners: [rowViews.owners(owner)] } },
    });
    expect(eventData(db, ownerEvent.seq).data.rows.owners[0].name).toBeNull();

    const { unit, event } = createUnit(db, unitInput({ building: "9栋", number: "0901", area: "89.37", kind: "residential", ownerId: owner.id }), "system");
    const stored = db.$client.prepare("SELECT area_centi_m2 AS a, audit_seq AS s FROM units WHERE id = ?").get(unit.id) as { a: number; s: number };
    expect(stored).toEqual({ a: 8937, s: event.seq });
    const data = eventData(db, event.seq);
    expect(data).toMatchObject({ action: "unit.create", subject: `unit:${unit.id}` });
    expect(data.data.rows.units).toEqual([{ id: unit.id, building: "9栋", number: "0901", area: "89.37", kind: "residential", ownerId: owner.id }]);

    const updated = updateUnit(db, unit.id, unitInput({ building: "9栋", number: "0901", area: "0.5", kind: "residential", ownerId: owner.id }), "7");
    expect(updated.unit.areaCentiM2).toBe(50);
    expect(updated.unit.auditSeq).toBe(updated.event.seq);
    expect(eventData(db, updated.event.seq)).toMatchObject({ action: "unit.update", actor: "7", data: { rows: { units: [{ area: "0.50" }] } } });

    const renamed = updateOwner(db, owner.id, ownerInput({ kind: "person", name: "孔乙己", phone: "13833334444" }), "7");
    expect(eventData(db, renamed.event.seq)).toMatchObject({ action: "owner.update", data: { rows: { owners: [rowViews.owners(renamed.owner)] } } });
  });

  it("refuses a duplicate building+number and writes nothing", async () => {
    const db = testDb();
    const { owner } = createOwner(db, ownerInput({ kind: "organisation", name: "重复测试公司" }), "system");
    createUnit(db, unitInput({ building: "8栋", number: "0101", area: "70", kind: "commercial", ownerId: owner.id }), "system");
    await expectRefused(db, () => createUnit(db, unitInput({ building: "8栋", number: "0101", area: "71", kind: "commercial", ownerId: owner.id }), "system"), "errors.unitExists");
  });

  it("refuses a developer-kind unit with a person owner", async () => {
    const db = testDb();
    const { owner } = createOwner(db, ownerInput({ kind: "person", name: "普通业主", phone: "" }), "system");
    await expectRefused(db, () => createUnit(db, unitInput({ building: "7栋", number: "1801", area: "100", kind: "developer_unsold", ownerId: owner.id }), "system"), "errors.developerUnitOwner");
  });

  it("allows only one developer owner", async () => {
    const db = testDb();
    createOwner(db, ownerInput({ kind: "developer", name: "甲置业" }), "system");
    await expectRefused(db, () => createOwner(db, ownerInput({ kind: "developer", name: "乙置业" }), "system"), "errors.oneDeveloper");
  });
});

describe("users", () => {
  it("allows only one director, who must be on the committee; owner role needs an owner; logins are unique", async () => {
    const db = testDb();
    const { owner } = createOwner(db, ownerInput({ kind: "person", name: "主任候选", phone: "" }), "system");
    await buildUser(db, { login: "director1", roles: ["committee", "owner"], isDirector: true, ownerId: owner.id });
    await expectRefused(db, () => buildUser(db, { login: "director2", roles: ["committee"], isDirector: true }), "errors.oneDirector");
    await expectRefused(db, () => buildUser(db, { login: "director3", roles: ["manager"], isDirector: true }), "errors.directorNeedsCommittee");
    await expectRefused(db, () => buildUser(db, { login: "owner-no-record", roles: ["owner"] }), "errors.ownerNeedsRecord");
    await expectRefused(db, () => buildUser(db, { login: "director1", roles: ["manager"] }), "errors.loginTaken");
  });

  it("re-enabling a former director while another director is active is refused (only one director)", async () => {
    // Its own database, so a second director left behind cannot affect the other tests.
    const { db } = freshDb();
    const admin = await buildUser(db, { login: "dir-admin", roles: ["admin"] });
    const first = await buildUser(db, { login: "director-old", roles: ["committee"], isDirector: true });
    // Disabled, the old director no longer blocks appointing a new one.
    setUserDisabled(db, first.id, true, String(admin.id));
    await buildUser(db, { login: "director-new", roles: ["committee"], isDirector: true });
    await expectRefused(db, () => setUserDisabled(db, first.id, false, String(admin.id)), "errors.oneDirector");
    const active = db.$client.prepare("SELECT count(*) AS n FROM users WHERE is_director = 1 AND disabled = 0").get() as { n: number };
    expect(active.n).toBe(1);
  });

  it("keeps personal data out of the chain: no person's name, phone or login in any event", async () => {
    const db = testDb();
    const people = [
      { name: "欧阳娜娜", phone: "13655556666", login: "ouyang.nana" },
      { name: "司马相如", phone: "0571-88776655", login: "sima.xr" },
      { name: "诸葛明亮", phone: "18912340000", login: "zhuge" },
    ];
    for (const p of people) {
      const { owner } = createOwner(db, ownerInput({ kind: "person", name: p.name, phone: p.phone }), "system");
      createUnit(db, unitInput({ building: "PII栋", number: `P${people.indexOf(p)}`, area: "66.6", kind: "residential", ownerId: owner.id }), "system");
      const user = await buildUser(db, { login: p.login, displayName: p.name, roles: ["owner"], ownerId: owner.id });
      updateUser(db, user.id, { displayName: `${p.name}先生`, roles: ["owner", "committee"], isDirector: false, ownerId: owner.id }, "system");
    }
    createOwner(db, ownerInput({ kind: "organisation", name: "公开餐饮有限公司", phone: "02166667777" }), "system");
    const allData = (db.$client.prepare("SELECT data FROM audit_events").all() as { data: string }[]).map((r) => r.data).join("\n");
    for (const p of people) {
      expect(allData).not.toContain(p.name);
      expect(allData).not.toContain(p.phone);
      expect(allData).not.toContain(p.phone.replace("-", ""));
      expect(allData).not.toContain(`"${p.login}"`);
    }
    expect(allData).toContain("公开餐饮有限公司");
  });

  it("listAccountChanges shows create, role change, password reset and disable", async () => {
    const db = testDb();
    const admin = await buildUser(db, { login: "acct-admin", displayName: "账号管理员", roles: ["admin"] });
    const { user } = await createUser(db, { login: "newbie", displayName: "新同事", password: TEST_PASSWORD, roles: ["manager"], isDirector: false }, String(admin.id));
    expect(user.mustChangePassword).toBe(true);
    updateUser(db, user.id, { displayName: "新同事", roles: ["manager", "auditor"], isDirector: false }, String(admin.id));
    await resetPassword(db, user.id, "another-temp-pass", String(admin.id));
    setUserDisabled(db, user.id, true, String(admin.id));

    const changes = listAccountChanges(db).filter((c) => c.subjectId === user.id);
    expect(changes.map((c) => c.action)).toEqual(["user.disable", "user.password_reset", "user.update", "user.create"]);
    for (const c of changes) expect(c).toMatchObject({ actorName: "账号管理员", subjectName: "新同事" });
    expect(changes[2]).toMatchObject({ rolesBefore: ["manager"], roles: ["manager", "auditor"] });
    expect(changes[3]).toMatchObject({ roles: ["manager"] });
    // Newest first.
    expect(changes[0]!.seq).toBeGreaterThan(changes[1]!.seq);
  });
});
