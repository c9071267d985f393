/**
 * The nine matters owners decide together (民法典 art. 278). Items 6–8 are the
 * special ones: they need three quarters of the participating area and
 * headcount, the others more than half.
 */
export const MATTERS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type Matter = (typeof MATTERS)[number];

export const MATTER_NAMES_ZH: Record<Matter, string> = {
  1: "制定和修改业主大会议事规则",
  2: "制定和修改管理规约",
  3: "选举业主委员会或者更换业主委员会成员",
  4: "选聘和解聘物业服务企业或者其他管理人",
  5: "使用建筑物及其附属设施的维修资金",
  6: "筹集建筑物及其附属设施的维修资金",
  7: "改建、重建建筑物及其附属设施",
  8: "改变共有部分的用途或者利用共有部分从事经营活动",
  9: "有关共有和共同管理权利的其他重大事项",
};

export function isMatter(value: number): value is Matter {
  return Number.isInteger(value) && value >= 1 && value <= 9;
}

export function isSpecialMatter(matter: Matter): boolean {
  return matter >= 6 && matter <= 8;
}

/** "2026 年第 3 号" — how a decision is cited. */
export function decisionNumber(d: { year: number; serial: number }): string {
  return `${d.year} 年第 ${d.serial} 号`;
}

/** The label stored beside a citation (proposals, budgets, rules) and printed in statements. */
export function decisionLabel(d: { year: number; serial: number; title: string }): string {
  return `业主共同决定${decisionNumber(d)}《${d.title}》`;
}
