import { beforeAll, describe, expect, it } from "vitest";
import { units, owners } from "~db/schema";
import { decisionLabel, decisionNumber } from "~/domain/decisions/matters";
import { verifyDatabase } from "~/services/audit-verify.server";
import { decisionDetail, listDecisions, percentOf, recordDecisionWithUpload } from "~/services/decisions/decision-pages.server";
import { registerTotals } from "~/services/decisions/register.server";
import { requireCitableDecision } from "~/services/decisions/usage.server";
import { createOwner } from "~/services/owners.server";
import { createUnit } from "~/services/units.server";
import { subjectTimeline } from "~/services/timeline.server";
import { testDb } from "../support/db";
import { expectRefusedUnchanged, ownerInput, unitInput } from "../support/builders";
import { decisionWorld, failedDecision, FILES, passedDecision, talliesFor } from "../support/decisions";

const db = () => testDb();
let world: Awaited<ReturnType<typeof decisionWorld>>;
const committee = () => world.committee[0]!;

const DECISION_TABLES = ["owner_decisions", "decision_attachments", "attachments", "audit_events"] as const;
function digest(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of DECISION_TABLES) out[t] = (db().$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  out.maxSeq = (db().$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n;
  return out;
}

const baseInput = () => ({
  title: "续聘物业服务企业", matter: 4 as const, text: "同意续聘明湖物业服务有限公司。\n聘期三年。",
  heldFrom: "2026-05-01", heldUntil: "2026-05-20", announcedOn: "2026-05-21",
  tallies: talliesFor(db(), 80, 75), authorisedFen: null,
});
const files = () => ({ minutes: [{ bytes: FILES.pdf(), filename: "会议记录.pdf" }], ballots: [{ bytes: FILES.png(), filename: "ballots.png" }, { bytes: FILES.jpeg(), filename: "ballots-2.jpg" }] });

beforeAll(async () => {
  world = await decisionWorld(db());
}, 60_000);

describe("the register's totals (SPC interpretation arts. 8–9)", () => {
  it("counts every unit's area and one head per owner record: multi-unit owners, the developer and the organisation once each", () => {
    const totals = registerTotals(db());
    const allUnits = db().select().from(units).all();
    const allOwners = db().select().from(owners).all();
    expect(totals.areaCentiM2).toBe(allUnits.reduce((s, u) => s + u.areaCentiM2, 0));
    const byOwner = new Map<number, number>();
    for (const u of allUnits) byOwner.set(u.ownerId, (byOwner.get(u.ownerId) ?? 0) + 1);
    expect(totals.owners).toBe(byOwner.size);
    expect(allUnits).toHaveLength(200);
    const developer = allOwners.find((o) => o.kind === "developer")!;
    expect(byOwner.get(developer.id)).toBe(8);
    // 孙国庆 (login owner2) holds 3栋/0101, 3栋/0102 and 4栋/1402.
    const sun = allOwners.find((o) => o.name === "孙国庆")!;
    expect(byOwner.get(sun.id)).toBe(3);
    const organisation = allOwners.find((o) => o.kind === "organisation")!;
    expect(byOwner.get(organisation.id)).toBe(4);
    // 200 units: the developer's 8, the organisation's 4 shops and 孙国庆's 3 units count once each.
    expect(totals.owners).toBe(200 - 7 - 3 - 2);
  });

  it("adds one head and both areas for a new owner of two units; a co-owned unit (one owner record) adds one head", () => {
    const before = registerTotals(db());
    const { owner: couple } = createOwner(db(), ownerInput({ kind: "person", name: "钱多多、钱少少", phone: "13911112222" }), world.admin);
    createUnit(db(), unitInput({ building: "6栋", number: "0101", area: "88.88", kind: "residential", ownerId: couple.id }), world.admin);
    const after1 = registerTotals(db());
    expect(after1).toEqual({ areaCentiM2: before.areaCentiM2 + 8888, owners: before.owners + 1 });
    createUnit(db(), unitInput({ building: "6栋", number: "0102", area: "11.12", kind: "residential", ownerId: couple.id }), world.admin);
    expect(registerTotals(db())).toEqual({ areaCentiM2: before.areaCentiM2 + 10000, owners: before.owners + 1 });
  });
});

describe("recording decisions", () => {
  it("numbers decisions within the year the vote ended, stores the outcome and the register it was counted on", () => {
    const totals = registerTotals(db());
    const first = passedDecision(db(), { heldFrom: "2025-12-20", heldUntil: "2025-12-28", announcedOn: "2025-12-30" });
    const second = passedDecision(db());
    const third = failedDecision(db());
    const fourth = passedDecision(db(), { heldFrom: "2025-12-30", heldUntil: "2026-01-05", announcedOn: "2026-01-06", authorisedFen: null });
    expect([first.year, first.serial]).toEqual([2025, 1]);
    expect([second.year, second.serial, third.serial, fourth.serial]).toEqual([2026, 1, 2, 3]);
    expect(second).toMatchObject({ outcome: "passed", totalAreaCentiM2: totals.areaCentiM2, totalOwners: totals.owners, source: "meeting", authorisedFen: 1_000_000 });
    expect(third).toMatchObject({ outcome: "failed", matter: 7, authorisedFen: null });
    expect(decisionNumber(second)).toBe("2026 年第 1 号");
    expect(decisionLabel(second)).toBe("业主共同决定2026 年第 1 号《使用公共收益粉刷员工休息室》");
    const noQuorum = passedDecision(db(), { tallies: talliesFor(db(), 60, 90) });
    expect(noQuorum.outcome).toBe("no_quorum");
    const listed = listDecisions(db());
    // Newest first: 2026's in descending number, then 2025's.
    expect(listed.map((d) => `${d.year}/${d.serial}`).slice(0, 5)).toEqual(["2026/4", "2026/3", "2026/2", "2026/1", "2025/1"]);
    expect(listed.find((d) => d.id === second.id)).toMatchObject({ remainingFen: 1_000_000, special: false, participationAreaPercent: percentOf(second.participatingAreaCentiM2, totals.areaCentiM2) });
    expect(listed.find((d) => d.id === third.id)).toMatchObject({ special: true, outcome: "failed", remainingFen: null });
    expect(verifyDatabase(db()).ok).toBe(true);
  });

  it("links the minutes and the counted ballots, and keeps the event's history", async () => {
    const decision = await recordDecisionWithUpload(db(), baseInput(), files(), committee());
    const detail = decisionDetail(db(), decision.id)!;
    expect(detail.attachments.map((a) => a.kind)).toEqual(["minutes", "ballots", "ballots"]);
    expect(detail.attachments[0]!.filename).toBe("会议记录.pdf");
    expect(detail.decision.text).toBe("同意续聘明湖物业服务有限公司。\n聘期三年。");
    const [event] = subjectTimeline(db(), [`decision:${decision.id}`]);
    expect(event).toMatchObject({ action: "decision.record" });
    expect(detail.lines.find((l) => l.key === "participating")!.ofParticipating).toEqual({ area: "100.00", owners: "100.00" });
    const absent = detail.lines.find((l) => l.key === "absent")!;
    expect(absent.count.owners).toBe(detail.decision.totalOwners - detail.decision.participatingOwners);
    expect(detail.challengeUntil).toBe("2027-05-21");
    expect(detail.verdict).toMatchObject({ quorumArea: true, quorumOwners: true, approvalArea: true, approvalOwners: true, outcome: "passed" });
    expect(verifyDatabase(db()).ok).toBe(true);
  });

  it("computes percentages exactly to two places", () => {
    expect(percentOf(2, 3)).toBe("66.67");
    expect(percentOf(1, 8)).toBe("12.50");
    expect(percentOf(1, 200)).toBe("0.50");
    expect(percentOf(1, 0)).toBe("—");
  });
});

describe("bad input writes nothing", () => {
  it("refuses tallies above the register, by area and by heads", async () => {
    const totals = registerTotals(db());
    const t = baseInput();
    await expectRefusedUnchanged(digest, () => recordDecisionWithUpload(db(), { ...t, tallies: { ...t.tallies, abstain: { areaCentiM2: totals.areaCentiM2, owners: 1 } } }, files(), committee()), "decisions.errors.tallyAboveRegister");
    await expectRefusedUnchanged(digest, () => recordDecisionWithUpload(db(), { ...t, tallies: { ...t.tallies, abstain: { areaCentiM2: 1, owners: totals.owners } } }, files(), committee()), "decisions.errors.tallyAboveRegister");
  });

  it("refuses dates out of order, a wrong matter, area without heads, negative heads", async () => {
    const t = baseInput();
    await expectRefusedUnchanged(digest, () => recordDecisionWithUpload(db(), { ...t, heldUntil: "2026-04-30" }, files(), committee()), "decisions.errors.datesOrder");
    await expectRefusedUnchanged(digest, () => recordDecisionWithUpload(db(), { ...t, announcedOn: "2026-05-19" }, files(), committee()), "decisions.errors.announcedBeforeEnd");
    await expectRefusedUnchanged(digest, () => recordDecisionWithUpload(db(), { ...t, matter: 10 as never }, files(), committee()), "decisions.errors.matter");
    await expectRefusedUnchanged(digest, () => recordDecisionWithUpload(db(), { ...t, tallies: { ...t.tallies, abstain: { areaCentiM2: 100, owners: 0 } } }, files(), committee()), "decisions.errors.areaWithoutOwners");
    await expectRefusedUnchanged(digest, () => recordDecisionWithUpload(db(), { ...t, tallies: { ...t.tallies, abstain: { areaCentiM2: 100, owners: -1 } } }, files(), committee()), "decisions.errors.negative");
  });

  it("refuses a decision without minutes, and a file that is not PDF, JPEG or PNG", async () => {
    await expectRefusedUnchanged(digest, () => recordDecisionWithUpload(db(), baseInput(), { minutes: [], ballots: files().ballots }, committee()), "decisions.errors.minutesRequired");
    const text = new TextEncoder().encode("just some text, not a scan");
    const error = await expectRefusedUnchanged(digest, () => recordDecisionWithUpload(db(), baseInput(), { minutes: [{ bytes: text, filename: "minutes.txt" }], ballots: [] }, committee()), "income.errors.attachmentType");
    expect(error.options.field).toBe("minutes");
    const ballotError = await expectRefusedUnchanged(digest, () => recordDecisionWithUpload(db(), baseInput(), { minutes: files().minutes, ballots: [{ bytes: text, filename: "b.txt" }] }, committee()), "income.errors.attachmentType");
    expect(ballotError.options.field).toBe("ballots");
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

describe("a decision that did not pass", () => {
  it("authorises nothing: no remaining amount on the register or the detail, and it cannot be cited", () => {
    const failed = failedDecision(db(), { title: "新建卫生间（未通过）", authorisedFen: 15_000_000 });
    expect(failed.outcome).toBe("failed");
    expect(listDecisions(db()).find((d) => d.id === failed.id)!.remainingFen).toBeNull();
    expect(decisionDetail(db(), failed.id)!.spending.remainingFen).toBeNull();
    expect(() => requireCitableDecision(db(), failed.id, { amountFen: 100 })).toThrow("decisions.errors.citedNotPassed");
  });
});
