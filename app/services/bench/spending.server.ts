/**
 * The large community's small works: each month the manager drafts direct
 * purchases (below ¥2,000, one quote), the committee approves, the work is
 * accepted with its photos and paid — every step through the services, as
 * in the demo (its `Story`). Each proposal goes to a supplier that has had
 * none in the last 30 days, so no two add up to a split order (拆单).
 */
import type { Db } from "~db/connection";
import { addDays } from "~/domain/calendar";
import { createSupplier } from "../spending/suppliers.server";
import { Story } from "../demo/proposals.server";
import { creditCode, type DemoPeople } from "../demo/spending.server";

const SUPPLIER_COUNT = 40;
const KINDS = [
  ["6602", "公共设施零星维修", "单元门禁、照明、水管等零星维修"],
  ["6603", "保洁用品采购", "楼道保洁用品月度补充"],
  ["6604", "绿化零星补植", "小区绿地零星补植与修剪耗材"],
  ["6605", "巡逻器材维护", "巡逻电筒、对讲机电池更换"],
] as const;

export function createBenchSuppliers(db: Db, manager: string): number[] {
  return Array.from({ length: SUPPLIER_COUNT }, (_, i) => createSupplier(db, {
    kind: "organisation", creditCode: creditCode(500 + i), name: `基准维修服务第${i + 1}有限公司`, legalRepresentative: `代表${i + 1}`,
    contactName: "联系人", phone: `0591-8400${String(1000 + i)}`, address: `基准市基准区服务路 ${i + 1} 号`, bankName: "基准银行",
    bankAccount: `6222 0002 0000 ${String(1000 + i)}`, scope: "维修、保洁、绿化、物资", relatedToCompany: false, companyRelation: "",
  }, manager).supplier.id);
}

/** `count` proposals of one month, from draft to payment. Returns how many were paid. */
export async function benchProposals(db: Db, people: DemoPeople, suppliers: readonly number[], month: string, monthIndex: number, count: number, random: () => number): Promise<number> {
  const half = suppliers.length / 2;
  for (let i = 0; i < count; i++) {
    // Alternate halves of the register month by month: a supplier's proposals are two months apart.
    const supplier = suppliers[(monthIndex % 2) * half + (i % half)]!;
    const [kind, title, reason] = KINDS[i % KINDS.length]!;
    const estimateFen = 30_000 + Math.floor(random() * 160_000);
    const quoteFen = estimateFen - Math.floor(random() * 10_000);
    const day = (d: number) => `${month}-${String(d).padStart(2, "0")}`;
    const story = new Story(db, people).draft({ kind, title: `${title}（${month} 第 ${i + 1} 项）`, reason, items: [[title, "1", "项", estimateFen]] });
    await story.quote([[supplier, [quoteFen]]], day(28));
    story.closeQuoting().submit(supplier, day(4)).vote([[people.director, "approve"], ...people.committee.map((m) => [m, "approve"] as [string, "approve"])]);
    await story.accept(people.committee[0]!, day(12), "已按要求完成，现场验收合格。");
    story.pay("balance", addDays(day(12), 3));
  }
  return count;
}
