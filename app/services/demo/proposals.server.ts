import { and, eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { quotes } from "~db/schema";
import type { Book } from "~/domain/ledger/chart";
import { addDays } from "~/domain/calendar";
import type { Choice } from "~/domain/spending/approval";
import { storeAttachmentFile } from "../attachments.server";
import { recordAcceptance } from "../spending/acceptance.server";
import { approvalState, approvalsOf } from "../spending/approvals.server";
import { recordProposalPayment, paymentSummary } from "../spending/proposal-payments.server";
import { addQuote, closeQuoting, draftProposal, openQuoting, scoreQuote, submitProposal, withdrawProposal } from "../spending/proposals.server";
import { releaseRetention } from "../spending/retention.server";
import { castVote } from "../spending/votes.server";
import { demoPdf, demoPng } from "./documents.server";
import type { DemoPeople, DemoSuppliers } from "./spending.server";

type Lines = Map<string, number>;
type Stage = "advance" | "balance" | "retention";

/**
 * One proposal's story through the services, step by step, each step with
 * its business date. The demo shows every state a proposal can be in.
 */
/** A moment of a business day in China's time zone. */
function atShanghai(date: string, hour: number): Date {
  return new Date(`${date}T${String(hour).padStart(2, "0")}:00:00+08:00`);
}

export class Story {
  id = 0;
  private payments = 0;
  private submittedOn = "";
  constructor(private readonly db: Db, private readonly people: DemoPeople) {}

  draft(input: { book?: Book; kind: string; title: string; reason: string; items: [string, string, string, number][]; decisionId?: number; budgetLineId?: number; drafter?: string; isMajorRepair?: boolean }) {
    const { proposal } = draftProposal(this.db, {
      book: input.book ?? "cogoverned", kind: input.kind, title: input.title, reason: input.reason,
      items: input.items.map(([description, quantity, unit, estimatedFen]) => ({ description, quantity, unit, estimatedFen })),
      isMajorRepair: input.isMajorRepair ?? false, decisionId: input.decisionId ?? null, budgetLineId: input.budgetLineId ?? null,
    }, input.drafter ?? this.people.manager);
    this.id = proposal.id;
    return this;
  }

  /** Quotes as [supplier, fen per line item]; the quote document is a PDF. */
  async quote(offers: [number, number[]][], validUntil: string) {
    openQuoting(this.db, this.id, this.people.manager);
    for (const [supplierId, itemAmounts] of offers) {
      const attachment = await storeAttachmentFile(demoPdf(["Quotation", `Proposal #${this.id}, supplier #${supplierId}`, `Valid until ${validUntil}`]), `quote-${this.id}-${supplierId}.pdf`, "attachment");
      addQuote(this.db, { proposalId: this.id, supplierId, itemAmounts, validUntil, note: "", attachment }, this.people.manager);
    }
    return this;
  }

  closeQuoting() {
    closeQuoting(this.db, this.id, this.people.manager);
    return this;
  }

  quoteOf(supplierId: number): number {
    return this.db.select({ id: quotes.id }).from(quotes).where(and(eq(quotes.proposalId, this.id), eq(quotes.supplierId, supplierId))).get()!.id;
  }

  score(voter: string, scores: [number, number, number, number][]) {
    for (const [supplierId, price, qualification, service] of scores) {
      scoreQuote(this.db, { proposalId: this.id, quoteId: this.quoteOf(supplierId), price, qualification, service, comment: "" }, voter);
    }
    return this;
  }

  submit(supplierId: number, onDate: string, terms: { selectionReason?: string; collusionReason?: string; exceptionReason?: string; decisionId?: number; advancePercent?: string; retentionPercent?: string; warrantyMonths?: number } = {}) {
    submitProposal(this.db, this.id, {
      selectedQuoteId: this.quoteOf(supplierId), selectionReason: terms.selectionReason ?? "", exceptionReason: terms.exceptionReason ?? "", collusionReason: terms.collusionReason ?? "",
      decisionId: terms.decisionId, advancePercent: terms.advancePercent ?? "0.00", retentionPercent: terms.retentionPercent ?? "0.00", warrantyMonths: terms.warrantyMonths ?? 0, onDate,
    }, this.people.manager, atShanghai(onDate, 9));
    this.submittedOn = onDate;
    return this;
  }

  /**
   * Votes in order until the approval is decided (a vote after that would be
   * refused, as on the page), on the day after submission, an hour apart, so
   * the approval dates in the statements read as a real committee's would.
   */
  vote(votes: [string, Choice, string?][]) {
    const approval = approvalsOf(this.db, "proposal", this.id).at(-1)!;
    for (const [index, [voter, choice, comment]] of votes.entries()) {
      if (approvalState(this.db, approval.id)!.approval.status !== "open") break;
      castVote(this.db, { approvalId: approval.id, userId: Number(voter), choice, comment: comment ?? "" }, voter, atShanghai(addDays(this.submittedOn, 1), 9 + index));
    }
    return this;
  }

  async accept(voter: string, acceptedOn: string, notes: string) {
    const photo = await storeAttachmentFile(demoPng(this.id), `acceptance-${this.id}.png`, "photos");
    const report = await storeAttachmentFile(demoPdf(["Acceptance report", `Proposal #${this.id}`, `Accepted on ${acceptedOn}`]), `acceptance-${this.id}.pdf`, "photos");
    recordAcceptance(this.db, { proposalId: this.id, acceptedOn, notes, files: [photo, report] }, voter);
    return this;
  }

  /** Pays what the stage still allows (or `amountFen`). */
  pay(stage: Stage, paidOn: string, amountFen?: number) {
    const allowed = paymentSummary(this.db, this.id)!.allowances[stage];
    this.payments += 1;
    recordProposalPayment(this.db, {
      proposalId: this.id, stage, paidOn, amountFen: amountFen ?? allowed, bankReference: `DEMO-PAY-${this.id}-${this.payments}`,
      invoiceNumber: stage === "advance" ? "" : `FP${paidOn.replaceAll("-", "")}${this.id}${this.payments}`, idempotencyKey: `demo-proposal-${this.id}-${this.payments}`,
    }, this.people.accountant);
    return this;
  }

  release(voter: string, today: string) {
    releaseRetention(this.db, { proposalId: this.id, today, note: "质保期内无遗留问题，同意退还质保金。" }, voter);
    return this;
  }

  withdraw(reason: string) {
    withdrawProposal(this.db, this.id, { reason }, this.people.manager);
    return this;
  }
}

export async function writeDemoProposals(db: Db, people: DemoPeople, s: DemoSuppliers, lines: { cogoverned2025: Lines; cogoverned2026: Lines; publicRevenue2026: Lines }): Promise<void> {
  const [c1, c2, c3, c4] = people.committee as [string, string, string, string];
  const director = people.director;
  const story = () => new Story(db, people);
  const y25 = (kind: string) => lines.cogoverned2025.get(kind);
  const y26 = (kind: string) => lines.cogoverned2026.get(kind);

  // Closed: an advance, acceptance, the balance, the retention released after the warranty and paid.
  const roof = story().draft({ kind: "6602", title: "3 号楼屋面渗漏点修补", reason: "3 号楼顶层两户反映雨天渗水，经查为屋面局部防水层破损。", budgetLineId: y25("6602"),
    items: [["屋面防水卷材局部修补", "60", "m²", 1_500_000], ["检测及垃圾清运", "1", "项", 360_000]] });
  await roof.quote([[s.liftB, [1_520_000, 380_000]], [s.fireC, [1_480_000, 350_000]], [s.pumpA, [1_560_000, 400_000]]], "2025-05-31");
  roof.closeQuoting().submit(s.fireC, "2025-04-10", { advancePercent: "30.00", retentionPercent: "5.00", warrantyMonths: 6 })
    .vote([[director, "approve"], [c1, "approve"], [c2, "approve"], [c4, "approve"]]);
  roof.pay("advance", "2025-04-18");
  await roof.accept(c1, "2025-05-20", "现场淋水试验 24 小时无渗漏，照片附后。");
  roof.pay("balance", "2025-05-25").release(c2, "2025-11-25").pay("retention", "2025-11-28");

  // Paid, retention still held (warranty to 2027).
  const lights = story().draft({ kind: "6602", title: "地下车库照明更换为 LED 灯", reason: "车库原有荧光灯老化、耗电高，更换后预计年省电费约 ¥6,000。", budgetLineId: y26("6602"),
    items: [["LED 灯管（含安装）", "140", "支", 980_000]] });
  await lights.quote([[s.light, [980_000]], [s.lightB, [1_050_000]], [s.inHouse, [900_000]]], "2026-06-30");
  // The in-house company's lower quote does not count (related to the property company): two valid quotes where three are needed.
  lights.closeQuoting();
  lights.submit(s.light, "2026-05-12", { exceptionReason: "仅收到两家无关联单位有效报价；另一家为物业公司关联单位，不计入。因照明故障影响安全，业委会同意按例外处理。", retentionPercent: "5.00", warrantyMonths: 12 })
    .vote([[director, "approve"], [c1, "approve"], [c2, "approve"], [c3, "approve"]]);
  await lights.accept(c2, "2026-06-10", "抽检 20 支灯管照度达标，旧灯管已回收。");
  lights.pay("balance", "2026-06-15");

  // Advance paid, with a non-lowest selection and a collusion flag explained.
  const pump = story().draft({ kind: "6602", title: "消防水泵检修及控制柜更换", reason: "年度消防检测指出 2 号消防泵控制柜故障，须在 12 月复检前修复。", budgetLineId: y26("6602"),
    items: [["消防泵检修", "2", "台", 1_200_000], ["控制柜更换", "1", "台", 2_000_000]] });
  await pump.quote([[s.pumpA, [1_150_000, 1_850_000]], [s.pumpB, [1_180_000, 1_900_000]], [s.fireC, [1_250_000, 1_950_000]]], "2026-12-31");
  pump.closeQuoting().submit(s.fireC, "2026-10-20", {
    selectionReason: "最低的两家报价单位法定代表人和电话相同，疑似陪标；闽安消防具一级消防设施维保资质，选择其报价。",
    collusionReason: "远航水泵与远航机电为同一法定代表人，两家报价均不作为选择依据，已提示业委会。", advancePercent: "30.00", retentionPercent: "5.00", warrantyMonths: 12,
  }).vote([[director, "approve", "同意，注意复检时间。"], [c1, "approve"], [c2, "approve"], [c3, "approve"], [c4, "approve"]]);
  pump.pay("advance", "2026-10-28");

  // Accepted, balance not paid yet.
  const green = story().draft({ kind: "6604", title: "中心花园绿化补植", reason: "台风后中心花园 30 余株灌木倒伏枯死，需补植。", budgetLineId: y26("6604"),
    items: [["红叶石楠补植", "40", "株", 400_000], ["草坪修复", "50", "m²", 250_000]] });
  await green.quote([[s.green, [380_000, 240_000]], [s.greenB, [410_000, 260_000]], [s.greenC, [420_000, 230_000]]], "2026-11-30");
  green.closeQuoting().submit(s.green, "2026-10-15").vote([[director, "approve"], [c1, "approve"], [c2, "approve"]]);
  await green.accept(c4, "2026-11-10", "补植 40 株成活，草坪已铺设。");

  // Approved, with committee3 recused (related to a lift company that quoted).
  const rope = story().draft({ kind: "6602", title: "1 号楼电梯钢丝绳更换", reason: "维保单位检测 1 号楼 2 号梯钢丝绳断丝超标，须更换。", budgetLineId: y26("6602"),
    items: [["曳引钢丝绳", "6", "根", 1_380_000], ["安装调试", "1", "项", 200_000]] });
  await rope.quote([[s.liftA, [1_350_000, 180_000]], [s.liftB, [1_300_000, 200_000]], [s.liftC, [1_400_000, 210_000]]], "2026-12-31");
  rope.closeQuoting().submit(s.liftB, "2026-11-09", { advancePercent: "20.00" }).vote([[director, "approve"], [c1, "approve"], [c2, "approve"]]);

  // In approval: two votes so far; the director and committee4 still to vote.
  const tiles = story().draft({ kind: "6602", title: "5 号楼外墙瓷砖局部修补", reason: "5 号楼北侧外墙瓷砖空鼓，有坠落风险，先行局部修补并设警示。", budgetLineId: y26("6602"),
    items: [["瓷砖空鼓修补", "18", "m²", 360_000], ["吊篮租赁", "2", "天", 60_000]] });
  await tiles.quote([[s.liftA, [350_000, 60_000]], [s.fireC, [380_000, 60_000]], [s.pumpA, [365_000, 55_000]]], "2026-12-31");
  tiles.closeQuoting().submit(s.liftA, "2026-11-18").vote([[c1, "approve", "有安全隐患，尽快施工。"], [c2, "approve"]]);

  // Rejected by the director.
  const lamps = story().draft({ kind: "6609", title: "会所门厅装饰灯带", reason: "会所门厅节日氛围布置。", items: [["装饰灯带", "120", "m", 880_000]] });
  await lamps.quote([[s.light, [860_000]], [s.lightB, [900_000]], [s.event, [950_000]]], "2026-12-31");
  lamps.closeQuoting().submit(s.light, "2026-09-10").vote([[c1, "approve"], [director, "reject", "非必要支出，且未经业主同意，不属服务合同约定范围。"]]);

  // Selecting: quotes in, waiting for the manager to choose.
  const play = story().draft({ kind: "6602", title: "儿童游乐设施维护", reason: "滑梯护栏松动、秋千链条锈蚀。", budgetLineId: y26("6602"), items: [["游乐设施维护", "1", "项", 280_000]] });
  await play.quote([[s.liftA, [275_000]], [s.fireC, [290_000]], [s.pumpA, [285_000]]], "2026-12-31");
  play.closeQuoting();

  // Quoting: a direct purchase under ¥2,000, one quote so far.
  const tools = story().draft({ kind: "6603", title: "保洁工具补充采购", reason: "拖把、垃圾夹等耗材补充。", budgetLineId: y26("6603"), items: [["保洁工具", "1", "批", 150_000]] });
  await tools.quote([[s.clean, [148_000]]], "2026-12-31");

  // Draft.
  story().draft({ kind: "6605", title: "东门道闸电机维修", reason: "东门道闸抬杆缓慢，电机异响。", budgetLineId: y26("6605"), items: [["道闸电机更换", "1", "台", 360_000]] });

  // Withdrawn by its drafter (a duplicate).
  story().draft({ kind: "6602", title: "车库照明更换（重复录入）", reason: "重复。", items: [["LED 灯管", "140", "支", 980_000]] }).withdraw("与第 2 号方案重复录入，撤回。");

  // Public revenue: the cameras, selection tier with scores, 会签, paid and closed; charged to the 6802 line, so it carries the 2026 plan's decision.
  const cams = story().draft({ book: "public_revenue", kind: "6802", title: "小区监控摄像头升级", reason: "现有 48 路模拟摄像头夜间成像差，按业主大会决议升级为高清网络摄像头。",
    budgetLineId: lines.publicRevenue2026.get("6802"),
    items: [["高清网络摄像头", "48", "台", 4_320_000], ["存储及安装调试", "1", "项", 1_480_000]] });
  await cams.quote([[s.camA, [4_200_000, 1_400_000]], [s.camB, [4_100_000, 1_650_000]], [s.camC, [4_400_000, 1_500_000]]], "2026-09-30");
  for (const [voter, a, b] of [[director, 36, 25], [c1, 35, 26], [c2, 36, 24], [c3, 34, 25]] as const) {
    cams.score(voter, [[s.camA, a, b, 26], [s.camB, a - 2, b - 3, 24], [s.camC, a - 4, b, 25]]);
  }
  cams.closeQuoting().submit(s.camA, "2026-07-20")
    .vote([[director, "approve"], [c1, "approve"], [c2, "approve"], [c3, "approve"]]);
  await cams.accept(c1, "2026-09-05", "48 路摄像头全部在线，夜间成像清晰，录像保存 30 天。");
  cams.pay("balance", "2026-09-10");

  // Public revenue above ¥200,000: drafted and quoted, waiting for the owners' decision (a ballot) before it can be submitted.
  const gate = story().draft({ book: "public_revenue", kind: "6802", title: "小区正门改造", reason: "正门人车混行，拟改造为人车分流。属改造工程，须业主共同决定。", drafter: director, isMajorRepair: true,
    items: [["正门改造工程", "1", "项", 26_000_000]] });
  await gate.quote([[s.liftB, [25_800_000]], [s.camC, [26_500_000]], [s.gate, [25_500_000]]], "2026-12-31");
  gate.closeQuoting();

  // Referred to the owners: drafted by the director and quoted by the companies committee3 and committee4 are related to,
  // so fewer than half of the committee may vote on it (DESIGN.md §7).
  const alarm = story().draft({ book: "public_revenue", kind: "6802", title: "监控室与门岗联动报警改造", reason: "夜间门岗与监控室之间无联动报警，发生闯杆时无法及时通知。", drafter: director,
    budgetLineId: lines.publicRevenue2026.get("6802"), items: [["联动报警模块及布线", "1", "套", 1_200_000]] });
  await alarm.quote([[s.liftB, [1_180_000]], [s.camC, [1_150_000]], [s.lightB, [1_230_000]]], "2026-12-31");
  alarm.closeQuoting().submit(s.camC, "2026-11-10");
}
