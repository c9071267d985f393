import { eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { ownerDecisions, users } from "~db/schema";
import type { Matter } from "~/domain/decisions/matters";
import type { RegisterTotals, Tallies } from "~/domain/decisions/outcome";
import { storeAttachmentFile } from "../attachments.server";
import { recordDecision, registerTotals } from "../decisions/register.server";
import type { DecisionRow } from "../decisions/usage.server";
import { demoPdf } from "./documents.server";

/**
 * The owners' decisions the demo's history rests on, recorded from the
 * minutes of two owners' assemblies as a committee member would: the split
 * of common-parts income, the maintenance fund's share of public revenue, and
 * the 2026 plan for public revenue (the camera upgrade among it).
 */
export const DEMO_DECISIONS = {
  split2024: {
    title: "共用部位经营收益分配方案", matter: 9, heldFrom: "2024-12-14", heldUntil: "2024-12-14", announcedOn: "2024-12-16",
    text: "自 2025 年 1 月 1 日起，利用共用部位取得的经营收益按以下比例计入公共收益账户，其余计入共管账户：广告收入 50%，停车管理费分成 70%，场地租赁收入 100%。",
    turnout: [80, 88, 8], authorisedFen: null,
  },
  fund2024: {
    title: "公共收益补充专项维修资金的比例", matter: 6, heldFrom: "2024-12-14", heldUntil: "2024-12-14", announcedOn: "2024-12-16",
    text: "自 2025 年 1 月 1 日起，每季度公共收益（扣除有凭证的管理成本后）的 60% 转入本小区专项维修资金，其余 40% 按业主共同决定使用。",
    turnout: [80, 82, 12], authorisedFen: null,
  },
  plan2026: {
    title: "2026 年度公共收益使用计划（含监控摄像头升级）", matter: 9, heldFrom: "2025-11-15", heldUntil: "2025-11-15", announcedOn: "2025-11-17",
    text: "批准 2026 年度公共收益预算共 92,000.00 元：共用设施改造维修 80,000 元（首先用于小区监控摄像头升级），业主公共活动 10,000 元，公共收益账户手续费 2,000 元。",
    turnout: [72, 79, 15], authorisedFen: 9_200_000,
  },
} as const satisfies Record<string, { title: string; matter: Matter; heldFrom: string; heldUntil: string; announcedOn: string; text: string; turnout: readonly [number, number, number]; authorisedFen: number | null }>;
export type DemoDecisionKey = keyof typeof DEMO_DECISIONS;

/** Tallies from whole percentages: `part` of the register takes part; of them `agree` and `disagree` percent, the rest abstain. */
export function demoTallies(totals: RegisterTotals, [part, agree, disagree]: readonly [number, number, number]): Tallies {
  const share = (of: number, percent: number) => Math.floor((of * percent) / 100);
  const p = { areaCentiM2: share(totals.areaCentiM2, part), owners: share(totals.owners, part) };
  const yes = { areaCentiM2: share(p.areaCentiM2, agree), owners: share(p.owners, agree) };
  const no = { areaCentiM2: share(p.areaCentiM2, disagree), owners: share(p.owners, disagree) };
  return { agree: yes, disagree: no, abstain: { areaCentiM2: p.areaCentiM2 - yes.areaCentiM2 - no.areaCentiM2, owners: p.owners - yes.owners - no.owners } };
}

function directorId(db: Db): string {
  const row = db.select({ id: users.id }).from(users).where(eq(users.login, "director")).get();
  if (!row) throw new Error("demo user director is missing");
  return String(row.id);
}

/** Records the history's decisions (call once, before the ledger cites them). */
export async function recordDemoDecisionHistory(db: Db): Promise<Record<DemoDecisionKey, number>> {
  const director = directorId(db);
  const ids = {} as Record<DemoDecisionKey, number>;
  for (const [key, d] of Object.entries(DEMO_DECISIONS) as [DemoDecisionKey, (typeof DEMO_DECISIONS)[DemoDecisionKey]][]) {
    const minutes = await storeAttachmentFile(demoPdf([`Owners' assembly minutes ${d.heldUntil}`, `Matter ${d.matter}`, "Minghu Garden (demo)"]), `minutes-${d.heldUntil}-${key}.pdf`);
    const row = recordDecision(db, {
      title: d.title, matter: d.matter, text: d.text, heldFrom: d.heldFrom, heldUntil: d.heldUntil, announcedOn: d.announcedOn,
      tallies: demoTallies(registerTotals(db), d.turnout), authorisedFen: d.authorisedFen, attachments: [{ kind: "minutes", stored: minutes }],
    }, director, new Date(`${d.announcedOn}T02:00:00.000Z`));
    if (row.outcome !== "passed") throw new Error(`demo decision ${key} did not pass: ${row.outcome}`);
    ids[key] = row.id;
  }
  return ids;
}

/** A history decision by its key (after recordDemoDecisionHistory). */
export function demoDecision(db: Db, key: DemoDecisionKey): DecisionRow {
  const row = db.select().from(ownerDecisions).where(eq(ownerDecisions.title, DEMO_DECISIONS[key].title)).get();
  if (!row) throw new Error(`demo decision ${key} is missing: call recordDemoDecisionHistory first`);
  return row;
}
