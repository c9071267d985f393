import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { approvalState } from "~/services/spending/approvals.server";
import { castVote } from "~/services/spending/votes.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import { loadProposal } from "~/services/spending/proposal-payments.server";
import { buildSubmittedProposal, expectRefused } from "../support/decisions";
import { testDb } from "../support/db";

const db = testDb();
const vote = (approvalId: number, actor: string, choice: "approve" | "reject" | "abstain", comment = "") =>
  castVote(db, { approvalId, userId: Number(actor), choice, comment }, actor);

describe("votes on a proposal (committee of 5: director + 4, the manager drafted)", () => {
  it("passes with 3 of 5 approvals including the director, locking the amount", async () => {
    const { world, approval, proposalId } = await buildSubmittedProposal(db, { amountFen: 10_000_00 });
    expect(approval.unanimous).toBe(false);
    expect(JSON.parse(approval.voters)).toHaveLength(5);
    vote(approval.id, world.committee[0]!, "approve");
    vote(approval.id, world.committee[1]!, "approve", "价格合理");
    const last = vote(approval.id, world.director, "approve");
    expect(last.outcome).toMatchObject({ status: "passed", reason: "majorityAndDirector" });
    expect(last.approval.status).toBe("passed");
    const proposal = loadProposal(db, proposalId);
    expect(proposal.status).toBe("approved");
    expect(proposal.approvedFen).toBe(10_000_00);
    expect(proposal.approvedAt).not.toBeNull();
    await expectRefused(db, () => vote(approval.id, world.committee[2]!, "approve"), "approvals.errors.closed");
  });

  it("stays open with 3 approvals without the director; the director's reject rejects", async () => {
    const { world, approval, proposalId } = await buildSubmittedProposal(db, { amountFen: 12_000_00 });
    for (const member of world.committee.slice(0, 3)) expect(vote(approval.id, member, "approve").outcome.status).toBe("open");
    const last = vote(approval.id, world.director, "reject", "需再比价");
    expect(last.outcome).toMatchObject({ status: "rejected", reason: "directorRejected" });
    expect(loadProposal(db, proposalId).status).toBe("rejected");
    expect(loadProposal(db, proposalId).approvedFen).toBeNull();
  });

  it("会签 from ¥50,000: one abstain rejects", async () => {
    const { world, approval, proposalId } = await buildSubmittedProposal(db, { amountFen: 60_000_00 });
    expect(approval.unanimous).toBe(true);
    vote(approval.id, world.director, "approve");
    vote(approval.id, world.committee[0]!, "approve");
    const last = vote(approval.id, world.committee[1]!, "abstain");
    expect(last.outcome).toMatchObject({ status: "rejected", reason: "unanimityBroken" });
    expect(loadProposal(db, proposalId).status).toBe("rejected");
  });

  it("excludes a member related to a quoting supplier, with why, and refuses that member's vote", async () => {
    const { world, approval, suppliers } = await buildSubmittedProposal(db, { amountFen: 8_000_00, relatedVoters: [world0(db).committee4] });
    const excluded = JSON.parse(approval.excluded) as { userId: number; reason: string; supplierIds: number[] }[];
    expect(excluded).toContainEqual({ userId: Number(world.committee[3]), reason: "related", supplierIds: [suppliers[2]!.id] });
    expect(JSON.parse(approval.voters)).toHaveLength(4);
    const refused = await expectRefused(db, () => vote(approval.id, world.committee[3]!, "approve"), "approvals.errors.recused");
    expect(String(refused.options.params?.suppliers)).toContain(suppliers[2]!.name);
  });

  it("refuses the drafter, a non-voter (manager, admin), a second vote and a long comment — writing nothing", async () => {
    const { world, approval } = await buildSubmittedProposal(db, { amountFen: 5_000_00 });
    await expectRefused(db, () => vote(approval.id, world.manager, "approve"), "approvals.errors.notAVoter");
    await expectRefused(db, () => vote(approval.id, world.accountant, "approve"), "approvals.errors.notAVoter");
    await expectRefused(db, () => vote(approval.id, world.admin, "approve"), "approvals.errors.notAVoter");
    await expectRefused(db, () => vote(approval.id, world.committee[0]!, "approve", "长".repeat(501)), "approvals.errors.commentTooLong");
    vote(approval.id, world.committee[0]!, "approve");
    await expectRefused(db, () => vote(approval.id, world.committee[0]!, "reject"), "approvals.errors.alreadyVoted");
    expect(approvalState(db, approval.id)!.votes).toHaveLength(1);
  });

  it("refuses the drafter of a public-revenue proposal (a committee member)", async () => {
    const w = world0(db);
    const { approval } = await buildSubmittedProposal(db, { amountFen: 3_000_00, book: "public_revenue", drafter: w.committee1 });
    expect(JSON.parse(approval.excluded)).toContainEqual({ userId: Number(w.committee1), reason: "drafter", supplierIds: [] });
    await expectRefused(db, () => vote(approval.id, w.committee1, "approve"), "approvals.errors.drafterCannotVote");
  });

  it("refers at once when 3 of 5 members are related (2 voters < 5/2)", async () => {
    const w = world0(db);
    const { approval, proposalId } = await buildSubmittedProposal(db, { amountFen: 9_000_00, relatedVoters: [w.committee1, w.committee2, w.committee3] });
    expect(approval.status).toBe("referred");
    expect(JSON.parse(approval.voters)).toHaveLength(2);
    expect(loadProposal(db, proposalId).status).toBe("referred");
    await expectRefused(db, () => vote(approval.id, w.director, "approve"), "approvals.errors.closed");
  });

  it("counts one vote when the same member votes from two processes at once", async () => {
    const { world, approval } = await buildSubmittedProposal(db, { amountFen: 4_000_00 });
    const script = [
      `const { openDatabase } = await import("./db/connection.ts");`,
      `const { castVote } = await import("./app/services/spending/votes.server.ts");`,
      `const db = openDatabase(process.env.MZ_DB);`,
      `try { castVote(db, JSON.parse(process.env.MZ_INPUT), process.env.MZ_ACTOR); console.log("cast"); } catch (e) { console.log(e.code ?? e.message); }`,
    ].join("\n");
    const input = { approvalId: approval.id, userId: Number(world.committee[0]), choice: "approve", comment: "" };
    const run = () => new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: process.cwd(), timeout: 60_000, env: { ...process.env, MZ_DB: db.$client.name, MZ_INPUT: JSON.stringify(input), MZ_ACTOR: world.committee[0]! },
      }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim().split("\n").at(-1)!)));
    });
    const results = await Promise.all([run(), run()]);
    expect(results.sort()).toEqual(["approvals.errors.alreadyVoted", "cast"]);
    expect(approvalState(db, approval.id)!.votes).toHaveLength(1);
  }, 120_000);

  it("keeps the chain verifiable", () => {
    expect(verifyDatabase(db).ok).toBe(true);
  });
});

/** The demo committee's actors by login (the community exists after the first build). */
function world0(database: typeof db) {
  const id = (login: string) => String((database.$client.prepare("SELECT id FROM users WHERE login = ?").get(login) as { id: number }).id);
  return { director: id("director"), committee1: id("committee1"), committee2: id("committee2"), committee3: id("committee3"), committee4: id("committee4") };
}
