import { describe, expect, it } from "vitest";
import { communityFormSchema } from "../../app/domain/community-settings";
import { ownerFormSchema, unitFormSchema } from "../../app/domain/register";
import { homePathFor, navFor, normalizeRoles } from "../../app/domain/roles";
import { changePasswordFormSchema, checkUserRoles, createUserFormSchema } from "../../app/domain/users";

describe("roles", () => {
  it("keeps roles sorted and unique", () => {
    expect(normalizeRoles(["owner", "committee", "owner"])).toEqual(["committee", "owner"]);
  });

  it("gives each role its own navigation and home", () => {
    expect(navFor(["owner"]).map((n) => n.to)).toEqual(["/statements", "/decisions", "/ballots", "/me"]);
    const money = ["/ledger", "/ledger/balances", "/billing", "/income", "/remuneration", "/bank", "/spending", "/budget", "/suppliers", "/statements", "/statements/drafts", "/questions", "/decisions"];
    expect(navFor(["auditor"]).map((n) => n.to)).toEqual(["/register", ...money, "/ballots", "/public-revenue", "/account-changes", "/auditor"]);
    expect(navFor(["committee", "owner"]).map((n) => n.to)).toEqual(["/register", ...money, "/ballots", "/public-revenue", "/committee", "/waiting", "/account-changes", "/me"]);
    expect(navFor(["manager"]).map((n) => n.to)).toEqual(["/manager", "/register", ...money, "/public-revenue"]);
    expect(navFor(["admin"]).every((n) => n.to.startsWith("/admin") || n.to === "/account-changes")).toBe(true);
    expect(homePathFor(["committee", "owner"])).toBe("/committee");
    expect(homePathFor(["owner"])).toBe("/me");
  });

  it("checks the director and owner links", () => {
    expect(checkUserRoles({ roles: ["manager"], isDirector: true })).toBe("errors.directorNeedsCommittee");
    expect(checkUserRoles({ roles: ["owner"], isDirector: false, ownerId: null })).toBe("errors.ownerNeedsRecord");
    expect(checkUserRoles({ roles: ["committee", "owner"], isDirector: true, ownerId: 3 })).toBeNull();
  });
});

describe("form schemas", () => {
  it("parse a unit exactly and refuse a third decimal", () => {
    expect(unitFormSchema.parse({ building: " 1栋 ", number: "0101", area: "89.37", kind: "residential", ownerId: "4" }))
      .toEqual({ building: "1栋", number: "0101", area: 8937, kind: "residential", ownerId: 4 });
    const bad = unitFormSchema.safeParse({ building: "", number: "0101", area: "89.375", kind: "villa", ownerId: "x" });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      "building:errors.required", "area:errors.area.too_many_decimals", "kind:errors.unitKind", "ownerId:errors.ownerRequired",
    ]));
  });

  it("check phones and owner kinds", () => {
    expect(ownerFormSchema.parse({ kind: "person", name: "张伟", phone: "138 0000 1234" }).phone).toBe("13800001234");
    expect(ownerFormSchema.parse({ kind: "organisation", name: "某公司" }).phone).toBe("");
    expect(ownerFormSchema.safeParse({ kind: "person", name: "张伟", phone: "12345" }).success).toBe(false);
    expect(ownerFormSchema.safeParse({ kind: "alien", name: "x" }).success).toBe(false);
  });

  it("never lets the posting window drop below 15 days", () => {
    const base = { name: "明湖苑", address: "湖滨路 88 号", billingPeriod: "monthly" };
    expect(communityFormSchema.safeParse({ ...base, postingMinDays: "14" }).success).toBe(false);
    expect(communityFormSchema.safeParse({ ...base, postingMinDays: "15.5" }).success).toBe(false);
    expect(communityFormSchema.parse({ ...base, postingMinDays: "15" }).postingMinDays).toBe(15);
  });

  it("check logins and passwords", () => {
    const user = { login: "Zhang.Wei", displayName: "张伟", password: "0123456789", roles: ["owner"], isDirector: false, ownerId: 1 };
    expect(createUserFormSchema.parse(user).login).toBe("zhang.wei");
    expect(createUserFormSchema.safeParse({ ...user, login: "a b" }).success).toBe(false);
    expect(createUserFormSchema.safeParse({ ...user, password: "short" }).success).toBe(false);
    expect(createUserFormSchema.safeParse({ ...user, roles: [] }).success).toBe(false);
    expect(createUserFormSchema.safeParse({ ...user, roles: ["root"] }).success).toBe(false);
    expect(changePasswordFormSchema.safeParse({ currentPassword: "a", newPassword: "0123456789", confirmPassword: "0123456780" }).success).toBe(false);
    expect(changePasswordFormSchema.safeParse({ currentPassword: "0123456789", newPassword: "0123456789", confirmPassword: "0123456789" }).success).toBe(false);
  });
});

describe("journal source kinds", () => {
  it("every source kind has its words in both languages", async () => {
    const { SOURCE_KINDS } = await import("../../app/domain/ledger/entries");
    const { ledgerZh } = await import("../../app/i18n/features/ledger.zh-CN");
    const { ledgerEn } = await import("../../app/i18n/features/ledger.en");
    for (const kind of SOURCE_KINDS) {
      expect((ledgerZh.sourceKinds as Record<string, string>)[kind], kind).toBeTruthy();
      expect((ledgerEn.sourceKinds as Record<string, string>)[kind], kind).toBeTruthy();
    }
  });
});
