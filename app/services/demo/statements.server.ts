/**
 * The demo's published statements, through the same services a person uses:
 * the manager drafts each quarter with its work report, the director
 * approves, a committee member publishes and records where it was posted.
 * 2026Q1 is reopened by the committee's vote (a missed interest credit of the
 * public-revenue account) and published again as revision 2. Owners ask
 * questions: one answered, one left overdue.
 */
import { eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { publishedStatements, users } from "~db/schema";
import { addDays } from "~/domain/calendar";
import type { Role } from "~/domain/roles";
import { parsePeriod, previousPeriod } from "~/domain/statements/snapshot";
import { storeAttachmentFile } from "../attachments.server";
import type { SessionUser } from "../auth.server";
import { recordIncome } from "../income/income.server";
import { approvalState } from "../spending/approvals.server";
import { castVote } from "../spending/votes.server";
import { demoPng } from "./documents.server";
import { recordBoardPosting } from "../statements/board.server";
import { approveDraft, createDraft, latestDraftOf, updateWorkReport } from "../statements/drafts.server";
import { publishStatement } from "../statements/publish.server";
import { latestPublished } from "../statements/published.server";
import { answerQuestion, askQuestion } from "../statements/questions.server";
import { requestReopen } from "../statements/reopen.server";

/** The quarters the demo publishes (the last four that have ended, and those of 2025 for the annual accounts). */
const DEMO_QUARTERS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"] as const;

function sessionUser(db: Db, login: string): SessionUser {
  const row = db.select().from(users).where(eq(users.login, login)).get();
  if (!row) throw new Error(`demo user ${login} missing`);
  return { id: row.id, displayName: row.displayName, roles: JSON.parse(row.roles) as Role[], isDirector: row.isDirector, ownerId: row.ownerId, mustChangePassword: false };
}

/** A moment of a business day in China's time zone. */
function at(date: string, hour: number): Date {
  return new Date(`${date}T${String(hour).padStart(2, "0")}:00:00+08:00`);
}

const QUARTER_NAMES: Record<string, string> = { Q1: "第一季度", Q2: "第二季度", Q3: "第三季度", Q4: "第四季度" };

function workReport(period: string): string {
  if (period.length === 4) {
    return [
      `${period} 年度决算说明`,
      "",
      "全年物业服务资金收支按预算执行，共管账户年末余额即银行对账单余额，已逐月对账相符。",
      "",
      "主要情况：",
      "1. 物业服务费按季收取，全年收缴率见各季度公示；欠费业主已逐户书面催缴。",
      "2. 人员费用、公共设施日常维护均在预算内；3 号楼屋面修补按比价程序实施并已验收。",
      "3. 酬金按合同约定的 8% 计提，按月支付。",
      "",
      "结余归全体业主所有，滚存下一年度使用。",
    ].join("\n");
  }
  const quarter = QUARTER_NAMES[period.slice(4)] ?? period;
  return [
    `${period.slice(0, 4)} 年${quarter}物业服务工作情况汇报`,
    "",
    "本季度物业服务中心按合同约定完成各项日常服务，收支情况详见本公示各表。",
    "",
    "一、日常服务",
    "- 秩序维护：24 小时门岗值守，夜间巡逻每晚 4 次，无治安案件。",
    "- 环境卫生：楼道每日清扫，垃圾日产日清，化粪池清掏一次。",
    "- 设施设备：电梯月度维保 6 次，消防设施月度巡检合格。",
    "",
    "二、收费与对账",
    "- 物业服务费按季收取，欠费业主已书面催缴。",
    "- 共管账户银行对账单已逐笔核对，余额相符。",
    "",
    "三、下季度计划",
    "1. 完成绿化冬季修剪与补植。",
    "2. 继续推进电梯、消防设施的预防性维护。",
    "",
    "如对本公示有疑问，请在公示期内通过明账平台提出质询，我们将在 15 日内答复。",
  ].join("\n");
}

/**
 * Publishes one period through its whole path: drafted five days after it
 * ended (or on `draftedOn`), approved two days later, published three days
 * after that and posted for 20 days. A reopened period's new revision gets
 * a note on the correction in its work report.
 */
function publishPeriod(db: Db, period: string, people: People, options: { draftedOn?: string; correction?: string } = {}): void {
  const draftedOn = options.draftedOn ?? addDays(parsePeriod(period)!.endDate, 5);
  const publishOn = addDays(draftedOn, 5);
  const existing = latestDraftOf(db, period);
  const draft = existing && existing.status !== "published"
    ? updateWorkReport(db, existing.id, { workReport: `${existing.workReport}\n\n更正说明：${options.correction ?? ""}` }, people.manager, at(draftedOn, 10)).draft
    : createDraft(db, { period, workReport: workReport(period) }, people.manager, at(draftedOn, 10)).draft;
  approveDraft(db, draft.id, people.director, at(addDays(draftedOn, 2), 15));
  publishStatement(db, draft.id, { postedFrom: publishOn, postedTo: addDays(publishOn, 19), location: "各楼栋一楼大堂公告栏及小区正门公示栏" }, people.committee1, at(publishOn, 9));
}

interface People {
  manager: SessionUser;
  director: SessionUser;
  committee1: SessionUser;
  committee: SessionUser[];
  owner: SessionUser;
  owner2: SessionUser;
}

/**
 * Returns true when it published the demo statements, false when there are
 * some already. `through` stops after that quarter (the browser tests leave
 * the latest quarter for a person to draft and publish in the browser).
 */
export async function ensureDemoStatements(db: Db, options: { through?: string } = {}): Promise<boolean> {
  if (db.select({ id: publishedStatements.id }).from(publishedStatements).limit(1).get()) return false;
  const people: People = {
    manager: sessionUser(db, "manager"),
    director: sessionUser(db, "director"),
    committee1: sessionUser(db, "committee1"),
    committee: ["director", "committee1", "committee2", "committee3", "committee4"].map((login) => sessionUser(db, login)),
    owner: sessionUser(db, "owner"),
    owner2: sessionUser(db, "owner2"),
  };
  const through = options.through ?? DEMO_QUARTERS.at(-1)!;
  for (const quarter of DEMO_QUARTERS) {
    if (quarter > through) break;
    publishPeriod(db, quarter, people);
    if (quarter === "2025Q4") publishPeriod(db, "2025", people);
    if (quarter === "2026Q1") correctFirstQuarter(db, people);
  }
  const latest = latestPublished(db, through) ? through : previousPeriod(through);
  await photographBoard(db, people, latest);
  askDemoQuestions(db, people, latest);
  return true;
}

/** A photo of the notice on the community board, recorded beside the latest statement. */
async function photographBoard(db: Db, people: People, period: string): Promise<void> {
  const published = latestPublished(db, period);
  if (!published) return;
  const photo = await storeAttachmentFile(demoPng(published.id), `board-${period}.png`, "photo");
  recordBoardPosting(db, published.id, { location: "小区正门公示栏", postedOn: published.postedFrom, note: "公示期内每日巡查，公告完好。", photo }, people.committee1);
}

/**
 * The public-revenue account's first-quarter interest was missed: the
 * committee votes to reopen 2026Q1, the manager records the interest on its
 * date, and revision 2 is published.
 */
function correctFirstQuarter(db: Db, people: People): void {
  const published = latestPublished(db, "2026Q1")!;
  const { approvalId } = requestReopen(db, published.id, { reason: "公共收益账户 3 月 21 日结息 ¥86.40 漏记，一季度公共收益账户收入及期末余额少列，需更正后重新公示。" }, people.committee1, at("2026-04-20", 10));
  for (const [index, member] of people.committee.entries()) {
    if (approvalState(db, approvalId)!.approval.status !== "open") break;
    if (member.id === people.committee1.id) continue;
    castVote(db, { approvalId, userId: member.id, choice: "approve", comment: "" }, String(member.id), at("2026-04-21", 9 + index));
  }
  recordIncome(db, {
    kind: "interest", receivedOn: "2026-03-21", amountFen: 8_640, book: "public_revenue", counterparty: "开户银行", counterpartyIsPerson: false,
    reference: "结息单 2026-03-21", memo: "一季度结息（更正补记）",
  }, String(people.manager.id));
  publishPeriod(db, "2026Q1", people, { draftedOn: "2026-04-22", correction: "补记公共收益账户 3 月 21 日结息 ¥86.40，公共收益账户一季度收入及期末余额相应更正。" });
}

function askDemoQuestions(db: Db, people: People, period: string): void {
  const latest = latestPublished(db, period);
  if (!latest) return;
  const askedOn = latest.postedFrom;
  const answered = askQuestion(db, { publishedId: latest.id, book: "cogoverned", lineKey: "spending.6601", text: "人员费用本季度比上季度增加较多，是否新增了岗位？请说明人数和工资标准。" }, people.owner, at(addDays(askedOn, 2), 20));
  answerQuestion(db, answered.questionId, { text: "本季度秩序维护岗新增夜班 2 人（业委会 6 月会议同意），并按合同调整了最低工资标准；详细名单及工资表可到物业服务中心查阅。" }, people.manager, at(addDays(askedOn, 6), 11));
  askQuestion(db, { publishedId: latest.id, book: "public_revenue", lineKey: null, text: "公共收益账户的停车费分成是按什么比例计算的？依据是哪次业主大会决议？" }, people.owner2, at(addDays(askedOn, 3), 21));
}
