import { describe, expect, it } from "vitest";
import { subjectHref } from "../../app/domain/audit/subject-links";
import { subjectFilter, trailQuerySchema, trailSearch } from "../../app/domain/audit/trail-query";

function issues(input: Record<string, string>) {
  const parsed = trailQuerySchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0])}:${i.message}`);
}

describe("trailQuerySchema", () => {
  it("treats empty fields as no filter and parses the cursors", () => {
    const parsed = trailQuerySchema.parse({ from: "", to: "", actor: "", action: "", subject: "", text: "  ", before: "120" });
    expect(parsed).toEqual({ before: 120 });
  });

  it("accepts every filter", () => {
    const parsed = trailQuerySchema.parse({ from: "2026-01-01", to: "2026-03-31", actor: "12", action: "proposal.submit", subject: "proposal:", text: " 电梯 " });
    expect(parsed).toEqual({ from: "2026-01-01", to: "2026-03-31", actor: "12", action: "proposal.submit", subject: "proposal:", text: "电梯" });
    expect(trailQuerySchema.parse({ actor: "system" }).actor).toBe("system");
    expect(trailQuerySchema.parse({ actor: "anonymous" }).actor).toBe("anonymous");
  });

  it("refuses bad input with the trail's message codes", () => {
    expect(issues({ from: "2026-02-30" })).toEqual(["from:trail.errors.badDate"]);
    expect(issues({ to: "yesterday" })).toEqual(["to:trail.errors.badDate"]);
    expect(issues({ from: "2026-04-01", to: "2026-03-31" })).toEqual(["to:trail.errors.fromAfterTo"]);
    expect(issues({ actor: "0" })).toEqual(["actor:trail.errors.badActor"]);
    expect(issues({ actor: "root" })).toEqual(["actor:trail.errors.badActor"]);
    expect(issues({ action: "DROP TABLE" })).toEqual(["action:trail.errors.badAction"]);
    expect(issues({ subject: "proposal 12" })).toEqual(["subject:trail.errors.badSubject"]);
    expect(issues({ subject: `proposal:${"9".repeat(200)}` })).toEqual(["subject:trail.errors.badSubject"]);
    expect(issues({ text: "x".repeat(201) })).toEqual(["text:trail.errors.textTooLong"]);
    expect(issues({ before: "-1" })).toEqual(["before:trail.errors.badCursor"]);
    expect(issues({ after: "1e5" })).toEqual(["after:trail.errors.badCursor"]);
    expect(issues({ before: "99999999999999999" })).toEqual(["before:trail.errors.badCursor"]);
    expect(issues({ before: "5", after: "2" })).toEqual(["before:trail.errors.badCursor"]);
  });
});

describe("subjectFilter and trailSearch", () => {
  it("tells an exact subject from a kind prefix", () => {
    expect(subjectFilter("proposal:12")).toEqual({ exact: "proposal:12" });
    expect(subjectFilter("proposal:")).toEqual({ prefix: "proposal:" });
    expect(subjectFilter("proposal")).toEqual({ prefix: "proposal:" });
  });

  it("keeps the filters and sets one cursor", () => {
    expect(trailSearch({ actor: "3", text: "a&b", from: undefined }, { before: 10 })).toBe("?actor=3&text=a%26b&before=10");
    expect(trailSearch({}, {})).toBe("");
  });
});

describe("subjectHref", () => {
  const auditor = ["auditor"] as const;
  it("maps the subjects the services write to the pages an auditor can open", () => {
    expect(subjectHref("proposal:12", auditor)).toBe("/spending/12");
    expect(subjectHref("budget:3", auditor)).toBe("/budget/3");
    expect(subjectHref("supplier:4", auditor)).toBe("/suppliers/4");
    expect(subjectHref("statement:2026Q1", auditor)).toBe("/statements/drafts");
    expect(subjectHref("entry:9", auditor)).toBe("/ledger/entries/9");
    expect(subjectHref("payment:5", auditor)).toBe("/billing/payments/5");
    expect(subjectHref("bill:6", auditor)).toBe("/billing/bills/6");
    expect(subjectHref("unit:7", auditor)).toBe("/billing/units/7");
    expect(subjectHref("rules:2", auditor)).toBe("/spending/rules");
    expect(subjectHref("user:8", auditor)).toBe("/account-changes");
    expect(subjectHref("income:1", auditor)).toBe("/income");
  });

  it("answers null for unknown kinds, bad ids and pages the role cannot open", () => {
    expect(subjectHref("mystery:1", auditor)).toBeNull();
    expect(subjectHref("proposal:abc", auditor)).toBeNull();
    expect(subjectHref("proposal:", auditor)).toBeNull();
    expect(subjectHref("nocolon", auditor)).toBeNull();
    expect(subjectHref("constructor:1", auditor)).toBeNull();
    expect(subjectHref("notification_channel:1", auditor)).toBeNull();
    expect(subjectHref("notification_channel:1", ["admin"])).toBe("/admin/notifications/1");
    expect(subjectHref("proposal:1", ["owner"])).toBeNull();
    expect(subjectHref("user:1", ["committee"])).toBe("/account-changes");
  });
});
