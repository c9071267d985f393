import { eq, isNotNull } from "drizzle-orm";
import type { Db } from "~db/connection";
import { ballots, units, users } from "~db/schema";
import type { Matter } from "~/domain/decisions/matters";
import type { Role } from "~/domain/roles";
import { castBallotVote, closeBallot, openBallot } from "../decisions/ballots.server";
import { createSupplier } from "../spending/suppliers.server";
import { ensureDemoOwnerAccounts } from "./owner-accounts.server";
import { Story } from "./proposals.server";
import { creditCode, demoPeople } from "./spending.server";

/**
 * The demo's online ballots 业主表决, cast by the owners' own accounts through
 * the same service as the ballot page: in October 2026 the owners approved
 * repainting the property staff's rooms from public revenue (an ordinary
 * matter) and turned down building a washroom (an alteration, item 7 of
 * 民法典 art. 278, needing three quarters); the renovation of the main gate is
 * open for votes now.
 */
type Choice = "agree" | "disagree" | "abstain";

interface Voter {
  userId: number;
  ownerId: number;
  roles: Role[];
}

/** Owners with an account and units, in a fixed order (the demo's logins first, so they vote the same way every time). */
function voters(db: Db): Voter[] {
  const holding = new Set(db.selectDistinct({ ownerId: units.ownerId }).from(units).all().map((u) => u.ownerId));
  const seen = new Set<number>();
  return db.select({ id: users.id, ownerId: users.ownerId, roles: users.roles }).from(users).where(isNotNull(users.ownerId)).orderBy(users.id).all()
    .filter((u) => holding.has(u.ownerId!) && !seen.has(u.ownerId!) && seen.add(u.ownerId!))
    .map((u) => ({ userId: u.id, ownerId: u.ownerId!, roles: JSON.parse(u.roles) as Role[] }));
}

function committeeUser(db: Db, login: string) {
  const row = db.select().from(users).where(eq(users.login, login)).get();
  if (!row) throw new Error(`demo user ${login} is missing`);
  return { id: row.id, roles: JSON.parse(row.roles) as Role[] };
}

/** A moment in China's time zone. */
function at(date: string, hour: number, minute = 0): Date {
  return new Date(`${date}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00+08:00`);
}

/**
 * Casts the votes of `voters` in turn: `pattern` of 20 choices repeats (null:
 * the owner does not vote), one vote every few minutes from `from`.
 */
function castVotes(db: Db, ballotId: number, list: readonly Voter[], pattern: readonly (Choice | null)[], from: Date) {
  let minutes = 0;
  for (const [index, voter] of list.entries()) {
    const choice = pattern[index % pattern.length]!;
    if (choice === null) continue;
    minutes += 37;
    castBallotVote(db, { ballotId, choice }, { id: voter.userId, roles: voter.roles, ownerId: voter.ownerId }, new Date(from.getTime() + minutes * 60_000));
  }
}

const A = "agree", D = "disagree", S = "abstain", N = null;

export const DEMO_BALLOTS = {
  repaint: {
    title: "使用公共收益粉刷物业用房", matter: 9 as Matter, authorisedFen: 1_800_000,
    text: "物业服务用房（值班室、工具间、员工休息室）墙面霉变、起皮。拟从公共收益账户列支不超过 18,000.00 元，按比价程序选定施工单位，重新粉刷并做防潮处理。",
  },
  washroom: {
    title: "在中心花园旁新建公共卫生间", matter: 7 as Matter, authorisedFen: 15_000_000,
    text: "拟在中心花园东侧绿地新建一座公共卫生间（约 30 m²），从公共收益账户列支不超过 150,000.00 元。属于改建、重建建筑物及其附属设施（民法典第二百七十八条第一款第七项），须经参与表决专有部分面积四分之三以上且参与表决人数四分之三以上的业主同意。",
  },
  gate: {
    title: "小区正门改造工程", matter: 7 as Matter, authorisedFen: 26_000_000,
    text: "小区正门道闸、门岗及人行通道老化，拟整体改造（含人车分流、无障碍坡道），从公共收益账户分期列支不超过 260,000.00 元，按遴选程序选定施工单位。",
  },
} as const;

/** Builds the ballots once; returns false when the demo already has them. */
export async function ensureDemoBallots(db: Db, now = new Date()): Promise<{ repaintDecisionId: number } | false> {
  if (db.select({ id: ballots.id }).from(ballots).limit(1).get()) return false;
  await ensureDemoOwnerAccounts(db);
  const director = committeeUser(db, "director");
  const committee1 = committeeUser(db, "committee1");
  const everyone = voters(db);
  // The demo's named owners (director, committee, owner, owner2) come first; `owner` and `owner2` leave the open ballot for a person to vote in.
  const named = new Set(["owner", "owner2"].map((login) => committeeUser(db, login).id));

  const repaint = openBallot(db, { ...DEMO_BALLOTS.repaint, deadline: at("2026-10-23", 18).toISOString() }, committee1, at("2026-10-09", 10));
  castVotes(db, repaint.id, everyone, [A, A, A, A, D, A, A, S, A, A, A, N, A, A, D, A, A, A, N, A], at("2026-10-09", 12));
  const repaintClosed = closeBallot(db, { ballotId: repaint.id }, director, at("2026-10-24", 9));
  if (repaintClosed.decision.outcome !== "passed") throw new Error(`demo ballot repaint: ${repaintClosed.decision.outcome}`);

  const washroom = openBallot(db, { ...DEMO_BALLOTS.washroom, deadline: at("2026-10-23", 18).toISOString() }, committee1, at("2026-10-09", 10, 30));
  castVotes(db, washroom.id, everyone, [A, D, A, A, D, A, S, A, D, A, A, N, A, D, A, A, S, A, N, A], at("2026-10-10", 9));
  const washroomClosed = closeBallot(db, { ballotId: washroom.id }, director, at("2026-10-24", 9, 30));
  if (washroomClosed.decision.outcome !== "failed") throw new Error(`demo ballot washroom: ${washroomClosed.decision.outcome}`);

  const gate = openBallot(db, { ...DEMO_BALLOTS.gate, deadline: new Date(now.getTime() + 14 * 86_400_000).toISOString() }, committee1, new Date(now.getTime() - 2 * 86_400_000));
  const early = everyone.filter((v) => !named.has(v.userId)).slice(0, 60);
  castVotes(db, gate.id, early, [A, A, D, A, S, A, A, N, A, D], new Date(now.getTime() - 2 * 86_400_000 + 3_600_000));
  await writeRepaint(db, repaintClosed.decision.id);
  return { repaintDecisionId: repaintClosed.decision.id };
}

/** The repainting, spent under the owners' decision: three painters quote, the committee approves, it is accepted and paid. */
async function writeRepaint(db: Db, decisionId: number) {
  const people = demoPeople(db);
  const painter = (n: number, name: string, representative: string) => createSupplier(db, {
    kind: "organisation", creditCode: creditCode(n), name, legalRepresentative: representative, contactName: `${representative.slice(0, 1)}经理`,
    phone: `0591-830010${n - 100}`, address: `福州市晋安区${name.slice(0, 2)}路 ${n - 100} 号`, bankName: "示范银行明湖支行", bankAccount: `6222 0001 0000 10${n - 100}`,
    scope: "建筑装饰装修、防水防霉", relatedToCompany: false, companyRelation: "",
  }, people.manager).supplier.id;
  const [a, b, c] = [painter(119, "彩虹装饰工程有限公司", "韩彩虹"), painter(120, "新居建筑装饰有限公司", "唐新居"), painter(121, "华彩涂装工程有限公司", "潘华彩")];
  const [director, c1, c2] = [people.director, people.committee[0]!, people.committee[1]!];
  const story = new Story(db, people).draft({
    book: "public_revenue", kind: "6802", title: "物业用房墙面粉刷及防霉处理", decisionId,
    reason: "依据业主表决通过的决定，重新粉刷值班室、工具间、员工休息室墙面并做防潮防霉处理。",
    items: [["墙面铲除、防霉处理及乳胶漆", "420", "m²", 1_680_000]],
  });
  await story.quote([[a, [1_650_000]], [b, [1_720_000]], [c, [1_780_000]]], "2026-12-31");
  story.closeQuoting().submit(a, "2026-10-30").vote([[director, "approve"], [c1, "approve"], [c2, "approve"]]);
  await story.accept(c1, "2026-11-12", "三间用房墙面平整，无霉点，色泽均匀，验收合格。");
  story.pay("balance", "2026-11-16");
}
