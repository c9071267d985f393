import { eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { budgetLines as budgetLinesTable, users } from "~db/schema";
import { ACCOUNT } from "~/domain/ledger/chart";
import { addMonths, lastDayOfMonth } from "~/domain/calendar";
import Decimal from "decimal.js";
import { fenToDecimalString, multiplyRate } from "~/domain/money";
import { creditCodeCheckChar } from "~/domain/spending/credit-codes";
import type { RoutineKind } from "~/domain/spending/kinds";
import { accountBalanceFen } from "../ledger/entries.server";
import { storeAttachmentFile } from "../attachments.server";
import { draftBudget, submitBudget } from "../spending/budgets.server";
import { declareRelation } from "../spending/related-parties.server";
import { recordRoutineSpending } from "../spending/routine.server";
import { createSupplier } from "../spending/suppliers.server";
import { castVote } from "../spending/votes.server";
import { approvalsOf } from "../spending/approvals.server";
import { demoDecision } from "./decisions.server";
import { demoPdf } from "./documents.server";
import { writeDemoProposals } from "./proposals.server";

/**
 * The demo community's spending (issue 4), written through the same
 * services a manager and the committee use: a supplier register with a
 * related party and a pair of suppliers that look like 陪标, approved
 * budgets for 2025 and 2026, two years of routine spending against them with
 * a voucher each, and proposals in every state.
 */
export interface DemoPeople {
  manager: string;
  accountant: string;
  director: string;
  committee: string[]; // committee1..committee4
}

export function demoPeople(db: Db): DemoPeople {
  const id = (login: string) => {
    const row = db.select({ id: users.id }).from(users).where(eq(users.login, login)).get();
    if (!row) throw new Error(`demo user ${login} is missing`);
    return String(row.id);
  };
  return { manager: id("manager"), accountant: id("accountant"), director: id("director"), committee: [1, 2, 3, 4].map((n) => id(`committee${n}`)) };
}

/** A valid (fictitious) unified social credit code, numbered. */
export function creditCode(n: number): string {
  const first17 = `91350100MA2Y${String(n).padStart(5, "0")}`;
  return first17 + creditCodeCheckChar(first17)!;
}

/** The supplier register; the names are fictitious. Returned by a short key for the stories. */
function writeSuppliers(db: Db, manager: string) {
  const make = (n: number, name: string, legalRepresentative: string, phone: string, address: string, bankAccount: string, scope: string, related?: string) =>
    createSupplier(db, {
      kind: "organisation", creditCode: creditCode(n), name, legalRepresentative, contactName: `${legalRepresentative.slice(0, 1)}经理`, phone,
      address, bankName: "示范银行明湖支行", bankAccount, scope, relatedToCompany: related !== undefined, companyRelation: related ?? "",
    }, manager).supplier.id;
  return {
    liftA: make(101, "示范电梯工程有限公司", "陈建国", "0591-83001001", "福州市鼓楼区示范路 1 号", "6222 0001 0000 1001", "电梯安装、维修、保养"),
    liftB: make(102, "明湖机电设备维修有限公司", "林海", "0591-83001002", "福州市台江区明湖路 2 号", "6222 0001 0000 1002", "机电设备维修、电梯维修"),
    liftC: make(103, "华东电梯服务有限公司", "黄志明", "0591-83001003", "福州市仓山区华东路 3 号", "6222 0001 0000 1003", "电梯维修保养"),
    pumpA: make(104, "远航水泵设备有限公司", "吴远航", "13905910004", "福州市晋安区远航路 4 号", "6222 0001 0000 1004", "水泵、消防设备维修"),
    // Same legal representative and phone as pumpA: flagged as possibly colluding 陪标.
    pumpB: make(105, "远航机电工程有限公司", "吴远航", "13905910004", "福州市晋安区远航路 6 号", "6222 0001 0000 1005", "机电工程、消防设备"),
    fireC: make(106, "闽安消防技术有限公司", "郑安", "0591-83001006", "福州市马尾区闽安路 6 号", "6222 0001 0000 1006", "消防设施检测维修（一级资质）"),
    green: make(107, "青禾园林绿化有限公司", "周青禾", "0591-83001007", "福州市闽侯县青禾路 7 号", "6222 0001 0000 1007", "园林绿化养护"),
    greenB: make(108, "绿野景观工程有限公司", "赵绿野", "0591-83001008", "福州市闽侯县绿野路 8 号", "6222 0001 0000 1008", "景观绿化"),
    greenC: make(109, "春晖苗木有限公司", "孙春晖", "0591-83001009", "福州市永泰县春晖路 9 号", "6222 0001 0000 1009", "苗木种植销售"),
    camA: make(110, "安达安防科技有限公司", "钱安达", "0591-83001010", "福州市鼓楼区安达路 10 号", "6222 0001 0000 1010", "安防监控系统集成"),
    camB: make(111, "视界智能科技有限公司", "何视界", "0591-83001011", "福州市鼓楼区视界路 11 号", "6222 0001 0000 1011", "视频监控、智能化工程"),
    camC: make(112, "海峡安防工程有限公司", "许海峡", "0591-83001012", "福州市台江区海峡路 12 号", "6222 0001 0000 1012", "安防工程"),
    light: make(113, "明亮照明工程有限公司", "冯明亮", "0591-83001013", "福州市仓山区明亮路 13 号", "6222 0001 0000 1013", "照明工程、LED 灯具"),
    lightB: make(114, "光华电气有限公司", "蒋光华", "0591-83001014", "福州市仓山区光华路 14 号", "6222 0001 0000 1014", "电气安装"),
    // A subsidiary of the property company: its quotes never count toward the minimum.
    inHouse: make(115, "示范物业工程服务有限公司", "王示范", "0591-83001015", "福州市鼓楼区示范路 15 号", "6222 0001 0000 1015", "物业维修", "示范物业服务有限公司的全资子公司"),
    clean: make(116, "洁美保洁服务有限公司", "曹洁美", "0591-83001016", "福州市鼓楼区洁美路 16 号", "6222 0001 0000 1016", "保洁服务、保洁用品"),
    event: make(117, "欢庆会展服务有限公司", "彭欢", "0591-83001017", "福州市鼓楼区欢庆路 17 号", "6222 0001 0000 1017", "会展活动策划、物资"),
    gate: make(118, "通行智能道闸有限公司", "邓通", "0591-83001018", "福州市台江区通行路 18 号", "6222 0001 0000 1018", "道闸、门禁"),
  };
}

export type DemoSuppliers = ReturnType<typeof writeSuppliers>;

const COGOVERNED_LINES: [string, number, string][] = [
  ["6601", 40_000_000, "项目人员工资及社保"],
  ["6602", 12_000_000, "水电能耗、共用设施日常维修"],
  ["6603", 3_000_000, "保洁耗材及外包"],
  ["6604", 2_000_000, "绿化养护补植"],
  ["6605", 3_000_000, "秩序维护、道闸"],
  ["6606", 600_000, "办公费用、银行手续费"],
  ["6608", 800_000, "共用部位及公众责任保险"],
  [ACCOUNT.remuneration, 6_000_000, "按合同 8% 计提的酬金"],
  ["2203", 1_000_000, "预收物业费退还"],
];

/** One budget drafted by the manager and approved by the whole committee (会签: above ¥50,000). */
function approvedBudget(db: Db, people: DemoPeople, input: Parameters<typeof draftBudget>[1], drafter = people.manager): number {
  const { budget } = draftBudget(db, input, drafter);
  submitBudget(db, budget.id, drafter);
  const approval = approvalsOf(db, "budget", budget.id).at(-1)!;
  for (const voter of [people.director, ...people.committee]) {
    if (voter === drafter) continue;
    castVote(db, { approvalId: approval.id, userId: Number(voter), choice: "approve", comment: "" }, voter);
  }
  return budget.id;
}

function writeBudgets(db: Db, people: DemoPeople) {
  // Scaled by a rate through decimal.js, rounded half-up to whole yuan: fen × (rate / 100) → yuan, × 100 → fen.
  const lines = (rate: string) => COGOVERNED_LINES.map(([kind, amountFen, note]) => ({ kind, amountFen: multiplyRate(amountFen, new Decimal(rate).dividedBy(100)) * 100, note }));
  const y2025 = approvedBudget(db, people, { year: 2025, book: "cogoverned", title: "2025 年度共管账户预算", note: "业委会 2024 年 12 月会议审议", lines: lines("1") });
  const y2026 = approvedBudget(db, people, { year: 2026, book: "cogoverned", title: "2026 年度共管账户预算", note: "在 2025 年决算基础上调整", lines: lines("1.03") });
  const pr2026 = approvedBudget(db, people, {
    year: 2026, book: "public_revenue", title: "2026 年度公共收益预算", note: "按业主大会决议使用公共收益",
    // Exactly what the owners' 2026 plan authorises (¥92,000).
    decisionId: demoDecision(db, "plan2026").id,
    lines: [
      { kind: "6802", amountFen: 8_000_000, note: "监控升级等共用设施改造" },
      { kind: "6803", amountFen: 1_000_000, note: "业主公共活动" },
      { kind: "6804", amountFen: 200_000, note: "公共收益账户手续费" },
    ],
  }, people.director);
  return { y2025, y2026, pr2026 };
}

/** Month by month, 2025-01 to 2026-10: payroll, social insurance, utilities, bank fees; the 酬金 payable each quarter; the insurance premium each March. */
async function writeRoutineSpending(db: Db, people: DemoPeople, budgets: { y2025: number; y2026: number }) {
  const lineOf = (budgetId: number, kind: string) => lineIds(db, budgetId).get(kind)!;
  let n = 0;
  const pay = async (budgetId: number, lineKind: string, routineKind: RoutineKind, paidOn: string, amountFen: number, payee: string, what: string) => {
    n += 1;
    const voucher = await storeAttachmentFile(demoPdf(["Mingzhang demo voucher", what, `Paid on ${paidOn}`, `Amount CNY ${fenToDecimalString(amountFen)}`]), `${what}-${paidOn}.pdf`, "voucher");
    recordRoutineSpending(db, {
      budgetLineId: lineOf(budgetId, lineKind), routineKind, paidOn, amountFen, payee, bankReference: `DEMO-OUT-${paidOn.replaceAll("-", "")}-${n}`,
      invoiceNumber: routineKind === "payroll" || routineKind === "social_insurance" ? "" : `FP${paidOn.replaceAll("-", "")}${String(n).padStart(3, "0")}`,
      memo: what, voucher, idempotencyKey: `demo-routine-${n}`,
    }, people.accountant);
  };
  for (let month = 0; month < 22; month++) {
    const year = 2025 + Math.floor(month / 12);
    const ym = `${year}-${String((month % 12) + 1).padStart(2, "0")}`;
    const budgetId = year === 2025 ? budgets.y2025 : budgets.y2026;
    const raise = year === 2025 ? "1" : "1.03";
    await pay(budgetId, "6601", "payroll", `${ym}-10`, multiplyRate(2_400_000, raise), "项目部员工（工资表）", `Payroll ${ym}`);
    await pay(budgetId, "6601", "social_insurance", `${ym}-15`, multiplyRate(750_000, raise), "福州市社会保险事业管理中心", `Social insurance ${ym}`);
    await pay(budgetId, "6602", "utilities", `${ym}-20`, 300_000 + ((month * 7919) % 90_000), "国网福州供电公司", `Electricity of common parts ${ym}`);
    await pay(budgetId, "6606", "bank_fees", lastDayOfMonth(ym), 3_000, "示范银行明湖支行", `Bank fees ${ym}`);
    if (month % 12 === 2) await pay(budgetId, "6608", "insurance", `${ym}-25`, 650_000, "示范财产保险股份有限公司", `Public liability insurance ${year}`);
    if (month % 3 === 0 && month > 0) {
      // The 酬金 accrued up to the end of the last quarter, as the contract says it is paid.
      const quarterEnd = lastDayOfMonth(addMonths(ym, -1));
      const payableFen = -accountBalanceFen(db, "cogoverned", ACCOUNT.payableCompany, quarterEnd);
      if (payableFen > 0) await pay(budgetId, ACCOUNT.remuneration, "remuneration", `${ym}-08`, payableFen, "示范物业服务有限公司", `Remuneration payable up to ${quarterEnd}`);
    }
  }
}

function lineIds(db: Db, budgetId: number): Map<string, number> {
  return new Map(db.select().from(budgetLinesTable).where(eq(budgetLinesTable.budgetId, budgetId)).all().map((l) => [l.kind, l.id]));
}

/** Everything of issue 4 for the demo: call after the income and 酬金 accruals, before the bank statements. */
export async function writeDemoSpending(db: Db): Promise<void> {
  const people = demoPeople(db);
  const suppliers = writeSuppliers(db, people.manager);
  // committee3 declares a relation to one lift company: recused whenever it quotes.
  declareRelation(db, { userId: Number(people.committee[2]), supplierId: suppliers.liftB, relation: "配偶在该公司任技术主管", declaredOn: "2025-01-05" }, people.committee[2]!);
  // committee4 declares a relation to a camera company.
  declareRelation(db, { userId: Number(people.committee[3]), supplierId: suppliers.camC, relation: "本人曾在该公司任职（2023 年离职）", declaredOn: "2025-01-05" }, people.committee[3]!);
  const budgets = writeBudgets(db, people);
  await writeRoutineSpending(db, people, budgets);
  await writeDemoProposals(db, people, suppliers, { cogoverned2025: lineIds(db, budgets.y2025), cogoverned2026: lineIds(db, budgets.y2026), publicRevenue2026: lineIds(db, budgets.pr2026) });
}
