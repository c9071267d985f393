import { writeDemoSpending } from "./spending.server";
import { and, asc, desc, eq, lte } from "drizzle-orm";
import Papa from "papaparse";
import type { Db } from "~db/connection";
import { billRuns, bills, journalEntries, postings, units, users } from "~db/schema";
import { addDays, lastDayOfMonth } from "~/domain/calendar";
import { fenToDecimalString } from "~/domain/money";
import { ACCOUNT } from "~/domain/ledger/chart";
import type { IncomeInput } from "~/domain/income/income";
import { importBankStatement } from "../bank/import.server";
import { autoMatch } from "../bank/matching.server";
import { openBillsOf, recordPayment } from "../billing/payments.server";
import { setFeeRate } from "../billing/rates.server";
import { runBills } from "../billing/runs.server";
import { recordIncome } from "../income/income.server";
import { accrueRemuneration, remunerationBaseFen, setRemunerationRule } from "../income/remuneration.server";
import { setSplitRule } from "../income/split-rules.server";
import { bookMaintenanceFundTransfer, maintenanceFundQuarters, setMaintenanceFundRule } from "../income/maintenance-fund.server";
import { storeAttachmentFile } from "../attachments.server";
import { demoDecision, recordDemoDecisionHistory } from "./decisions.server";
import { demoPdf } from "./documents.server";
import { encodeGb18030 } from "./gb18030.server";

/**
 * Two years of the demo community's money, made through the services a
 * manager and the committee use (DESIGN.md §3): the committee sets the fee
 * rates, the income split and the 酬金 rule; the manager issues quarterly
 * bills from 2025 Q1 to 2026 Q4, records payments (most on time, some late,
 * partial or prepaid, a few never), other income and the monthly 酬金, then
 * imports the bank statements (GBK, as banks send them) and matches them.
 * Dates are fixed, so every demo database is the same.
 */
export const DEMO_LEDGER_UNTIL = "2026-11-20";
const QUARTERS = ["2025-01", "2025-04", "2025-07", "2025-10", "2026-01", "2026-04", "2026-07", "2026-10"];

function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function userId(db: Db, login: string): string {
  const row = db.select({ id: users.id }).from(users).where(eq(users.login, login)).get();
  if (!row) throw new Error(`demo user ${login} is missing`);
  return String(row.id);
}

type Profile = "prompt" | "late" | "partial" | "never" | "prepay";

function profileOf(random: () => number, kind: string): Profile {
  if (kind === "developer_unsold" || kind === "developer_undelivered") return "prompt";
  const r = random();
  return r < 0.7 ? "prompt" : r < 0.82 ? "late" : r < 0.88 ? "partial" : r < 0.93 ? "never" : "prepay";
}

type Step =
  | { date: string; order: number; kind: "run"; periodStart: string }
  | { date: string; order: number; kind: "pay"; unitId: number; share: "all" | "half" | "prepay"; seq: number }
  | { date: string; order: number; kind: "income"; input: IncomeInput }
  | { date: string; order: number; kind: "accrue"; month: string };

/** Returns true when it wrote the demo ledger, false when the database already has one. */
export async function ensureDemoLedger(db: Db): Promise<boolean> {
  if (db.select({ id: billRuns.id }).from(billRuns).limit(1).get()) return false;
  const manager = userId(db, "manager");
  const director = userId(db, "director");

  const contract = "物业服务合同（2025—2027）";
  for (const [unitKind, rate] of [["residential", "2.8500"], ["commercial", "4.5000"], ["developer_unsold", "2.0000"], ["developer_undelivered", "2.8500"]] as const) {
    setFeeRate(db, { unitKind, rate, effectiveFrom: "2025-01", reference: `${contract}第 5 条` }, director);
  }
  // The owners' decisions the rules below cite come first (issue 7).
  await recordDemoDecisionHistory(db);
  const split = demoDecision(db, "split2024").id;
  setSplitRule(db, { kind: "advertising", publicRevenuePercent: "50", effectiveFrom: "2025-01-01", decisionId: split }, director);
  setSplitRule(db, { kind: "parking", publicRevenuePercent: "70", effectiveFrom: "2025-01-01", decisionId: split }, director);
  setSplitRule(db, { kind: "venue", publicRevenuePercent: "100", effectiveFrom: "2025-01-01", decisionId: split }, director);
  setMaintenanceFundRule(db, { percent: "60.00", decisionId: demoDecision(db, "fund2024").id, effectiveFrom: "2025-01-01" }, director);
  setRemunerationRule(db, { method: "percent", percent: "8.00", effectiveFrom: "2025-01", contractRef: `${contract}第 12 条` }, director);

  const steps = timeline(db);
  for (const step of steps) {
    if (step.kind === "run") {
      runBills(db, { periodStart: step.periodStart, issuedOn: `${step.periodStart}-01`, dueOn: addDays(`${step.periodStart}-01`, 30) }, manager);
    } else if (step.kind === "pay") {
      const owed = openBillsOf(db, step.unitId, step.date).reduce((sum, b) => sum + b.outstandingFen, 0);
      // A prepaying owner pays what is owed and three more quarters of their latest bill.
      const latestBillFen = db.select({ amountFen: bills.amountFen }).from(bills).where(eq(bills.unitId, step.unitId)).orderBy(desc(bills.periodStart)).limit(1).get()?.amountFen ?? 0;
      const amountFen = step.share === "half" ? Math.floor(owed / 2) : step.share === "prepay" ? owed + latestBillFen * 3 : owed;
      if (amountFen <= 0) continue;
      recordPayment(db, {
        unitId: step.unitId, receivedOn: step.date, amountFen, method: (["bank", "wechat", "alipay", "bank", "cash"] as const)[step.seq % 5]!,
        reference: `DEMO-${step.date.replaceAll("-", "")}-${step.unitId}-${step.seq}`, allowPrepayment: step.share === "prepay",
      }, manager);
    } else if (step.kind === "income") {
      recordIncome(db, step.input, manager);
    } else if (remunerationBaseFen(db, step.month) > 0) {
      // With quarterly bills most fees arrive in a quarter's first month; a month with none has nothing to accrue.
      accrueRemuneration(db, { month: step.month }, manager);
    }
  }
  await recordDemoDeduction(db, manager);
  bookDemoFundTransfers(db, manager);
  await writeDemoSpending(db);
  await importDemoStatements(db, manager);
  return true;
}

/** October 2026's parking income arrives net of the operator's management costs, with their evidence (SPC interpretation art. 14). */
async function recordDemoDeduction(db: Db, manager: string) {
  const evidence = await storeAttachmentFile(demoPdf(["Parking management costs 2026-10", "Minghu Garden car park (demo)", "Staff and lighting: CNY 3,000.00"]), "停车场管理成本-2026-10.pdf");
  recordIncome(db, {
    kind: "parking", receivedOn: "2026-10-25", amountFen: 2_100_000, counterparty: "示范停车管理有限公司", counterpartyIsPerson: false,
    reference: "停车分成-2026-10-补充", memo: "临时停车收入，已扣除停车场管理成本",
    deductionFen: 300_000, deductionReason: "停车场管理成本（2026 年 10 月人工及照明）", deductionEvidence: evidence,
  }, manager);
}

/** The manager books each ended quarter's share to the maintenance fund on the 10th of the following month. */
function bookDemoFundTransfers(db: Db, manager: string) {
  for (const { period } of maintenanceFundQuarters(db, DEMO_LEDGER_UNTIL).reverse()) {
    const year = Number(period.slice(0, 4));
    const nextMonth = Number(period.slice(5)) * 3 + 1;
    const paidOn = nextMonth > 12 ? `${year + 1}-01-10` : `${year}-${String(nextMonth).padStart(2, "0")}-10`;
    bookMaintenanceFundTransfer(db, { period, paidOn, bankReference: `转维修资金 ${period}` }, manager);
  }
}

function timeline(db: Db): Step[] {
  const random = prng(20250101);
  const steps: Step[] = [];
  const unitRows = db.select({ id: units.id, kind: units.kind }).from(units).all();
  for (const period of QUARTERS) steps.push({ date: `${period}-01`, order: 0, kind: "run", periodStart: period });
  let seq = 0;
  for (const unit of unitRows) {
    const profile = profileOf(random, unit.kind);
    for (const [index, period] of QUARTERS.entries()) {
      const issued = `${period}-01`;
      const onTime = addDays(issued, 5 + Math.floor(random() * 25));
      const pay = (date: string, share: "all" | "half" | "prepay") => {
        if (date <= DEMO_LEDGER_UNTIL) steps.push({ date, order: 1, kind: "pay", unitId: unit.id, share, seq: seq++ });
      };
      if (profile === "prompt") pay(onTime, "all");
      else if (profile === "late") pay(addDays(issued, 100 + Math.floor(random() * 30)), "all");
      else if (profile === "partial") pay(onTime, index % 2 === 0 ? "half" : "all");
      else if (profile === "prepay" && index % 4 === 0) pay(onTime, "prepay");
    }
    // Prepaying owners also pay next year ahead in November.
    if (profile === "prepay") steps.push({ date: "2026-11-15", order: 1, kind: "pay", unitId: unit.id, share: "prepay", seq: seq++ });
  }
  for (let month = 0; month < 23; month++) {
    const y = 2025 + Math.floor(month / 12);
    const m = String((month % 12) + 1).padStart(2, "0");
    const ym = `${y}-${m}`;
    const income = (day: number, input: Omit<IncomeInput, "receivedOn">) =>
      steps.push({ date: `${ym}-${String(day).padStart(2, "0")}`, order: 2, kind: "income", input: { ...input, receivedOn: `${ym}-${String(day).padStart(2, "0")}` } });
    income(5, { kind: "parking", amountFen: 1_800_000 + Math.floor(random() * 300_000), counterparty: "示范停车管理有限公司", counterpartyIsPerson: false, reference: `停车分成-${ym}` });
    if (month % 3 === 0) income(8, { kind: "advertising", amountFen: 1_200_000, counterparty: "示范传媒广告有限公司", counterpartyIsPerson: false, reference: `广告合同 2025-AD-01 ${ym}` });
    if (random() < 0.8) {
      income(12 + (month % 10), {
        kind: "decoration", amountFen: 50_000 + Math.floor(random() * 10) * 10_000, counterparty: "业主（装修申请人）", counterpartyIsPerson: true,
        reference: `装修管理费收据 ${ym}-${month}`, permitRef: `装修许可 ${y}-${String(month + 1).padStart(3, "0")}`,
      });
    }
    if (month % 3 === 2) {
      income(21, { kind: "interest", amountFen: 30_000 + Math.floor(random() * 20_000), book: "cogoverned", counterparty: "示范银行明湖支行", counterpartyIsPerson: false, reference: `结息 ${ym}` });
      income(21, { kind: "interest", amountFen: 10_000 + Math.floor(random() * 10_000), book: "public_revenue", counterparty: "示范银行明湖支行", counterpartyIsPerson: false, reference: `结息 ${ym}` });
    }
    if (month % 4 === 1) income(16, { kind: "venue", amountFen: 80_000, counterparty: "明湖社区文化协会", counterpartyIsPerson: false, reference: `场地租赁 ${ym}` });
    if (month < 22) steps.push({ date: lastDayOfMonth(ym), order: 3, kind: "accrue", month: ym });
  }
  return steps.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
}

/**
 * The co-managed bank account's statements for 2025 and for 2026 up to
 * October, as the bank would send them: GBK, title lines, separate 借/贷
 * columns and a running balance. Imported and matched through the services,
 * so the reconciliation is real; November's statement has not come yet.
 */
async function importDemoStatements(db: Db, manager: string) {
  await importDemoStatement(db, manager, "2025-01-01", "2025-12-31");
  await importDemoStatement(db, manager, "2026-01-01", "2026-10-31");
  autoMatch(db, { book: "cogoverned" }, manager);
}

async function importDemoStatement(db: Db, manager: string, from: string, to: string) {
  const bankPostings = db
    .select({ date: journalEntries.businessDate, memo: journalEntries.memo, entryId: journalEntries.id, amountFen: postings.amountFen })
    .from(postings)
    .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
    .where(and(eq(postings.book, "cogoverned"), eq(postings.accountCode, ACCOUNT.bank), lte(journalEntries.businessDate, to)))
    .orderBy(asc(journalEntries.businessDate), asc(journalEntries.id))
    .all();
  let balance = 0;
  const data: string[][] = [];
  for (const row of bankPostings) {
    balance += row.amountFen;
    if (row.date < from) continue;
    const money = fenToDecimalString(Math.abs(row.amountFen));
    data.push([
      row.date.replaceAll("-", ""), row.amountFen < 0 ? money : "", row.amountFen > 0 ? money : "",
      fenToDecimalString(balance), row.memo.split(" ")[0] ?? "", row.memo, row.memo.split(" ").at(-1) ?? "",
    ]);
  }
  const csv = [
    "示范银行明湖支行 账户交易明细",
    "账号：6222 0000 0000 8888  户名：明湖苑业主委员会与示范物业共管账户",
    `查询期间：${from} 至 ${to}`,
    Papa.unparse({ fields: ["交易日期", "借方发生额", "贷方发生额", "余额", "对方户名", "摘要", "流水号"], data }),
  ].join("\r\n");
  await importBankStatement(db, {
    book: "cogoverned", filename: `明湖苑共管账户-${from}至${to}.csv`, bytes: encodeGb18030(csv),
    mapping: { headerRow: 4, date: "交易日期", debit: "借方发生额", credit: "贷方发生额", balance: "余额", counterparty: "对方户名", memo: "摘要", reference: "流水号" },
  }, manager);
}
