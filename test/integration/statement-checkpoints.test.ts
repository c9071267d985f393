/**
 * Checkpoints of published quarters (issue 8) are a cache: the figures with
 * them equal the figures from the ledger alone, for every period of the demo
 * at every published head — through the demo's reopened, corrected and
 * republished 2026Q1 — and after rows dated into checkpointed quarters,
 * which drop the checkpoints in the writer's own transaction.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { collectionRates, type RateAllocation, type RateBill } from "~/domain/billing/collection-rate";
import { parseQuarter } from "~/domain/billing/periods";
import { parsePeriod } from "~/domain/statements/snapshot";
import { collectionRatesOf } from "~/services/billing/reading.server";
import { ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { ensureDemoStatements } from "~/services/demo/statements.server";
import { setFeeRate } from "~/services/billing/rates.server";
import { runBills } from "~/services/billing/runs.server";
import { checkpointQuarter } from "~/services/statements/checkpoints.server";
import { statementFigures } from "~/services/statements/figures.server";
import { writeTx } from "~db/connection";
import { verifyStatements } from "~/services/statements/verify.server";
import { testDb } from "../support/db";
import { postFixtureEntry } from "../support/bank";

const db = testDb();
const PERIODS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2025", "2026Q1", "2026Q2", "2026Q3", "2026Q4", "2026"];

const checkpointed = () => (db.$client.prepare("SELECT quarter, audit_seq AS seq FROM statement_checkpoints WHERE kind = 'made' ORDER BY quarter").all() as { quarter: string; seq: number }[]);
const publishedHeads = () => (db.$client.prepare("SELECT audit_head_seq AS seq FROM published_statements ORDER BY id").all() as { seq: number }[]).map((r) => r.seq);
const managerId = () => String((db.$client.prepare("SELECT id FROM users WHERE login = 'manager'").get() as { id: number }).id);
const maxSeq = () => (db.$client.prepare("SELECT MAX(seq) AS seq FROM audit_events").get() as { seq: number }).seq;

/** Checkpoints for the published quarters at the current head, as publishing makes them. */
function checkpointPublished(): void {
  const head = maxSeq();
  for (const label of ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]) writeTx(db, (tx) => checkpointQuarter(tx, parsePeriod(label)!, head));
  expect(checkpointed()).toHaveLength(7);
}

function expectSameFigures(heads: readonly number[]) {
  for (const head of heads) {
    for (const label of PERIODS) {
      const period = parsePeriod(label)!;
      const cached = statementFigures(db, period, head);
      expect(cached, `${label} at head ${head}`).toEqual(statementFigures(db, period, head, { checkpoints: false }));
    }
  }
}

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
  await ensureDemoStatements(db);
}, 240_000);

describe("statement checkpoints", () => {
  it("are made when a quarter is published, at the head its figures were computed at", () => {
    const made = checkpointed();
    expect(made.map((c) => c.quarter)).toEqual(["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]);
    const heads = db.$client.prepare("SELECT period, MAX(audit_head_seq) AS seq FROM published_statements WHERE period_kind = 'quarter' GROUP BY period").all() as { period: string; seq: number }[];
    // 2026Q1's first checkpoint went with its correction; the one there now is its second revision's.
    for (const c of made) expect(c.seq, c.quarter).toBe(heads.find((h) => h.period === c.quarter)!.seq);
  });

  it("never change a figure: every period at every published head and now, through the reopened 2026Q1", () => {
    expectSameFigures([...publishedHeads(), maxSeq()]);
  });

  it("give the billing page the rates of the definition over every bill and allocation, quarter by quarter", () => {
    for (const label of ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"]) {
      const quarter = parseQuarter(label)!;
      const allBills = db.$client.prepare("SELECT id, period_start AS periodStart, amount_fen AS amountFen FROM bills WHERE period_start <= ?").all(quarter.lastMonth) as RateBill[];
      const allocations = db.$client.prepare(`SELECT a.bill_id AS billId, b.period_start AS billPeriodStart, a.allocated_on AS allocatedOn, a.amount_fen AS amountFen
        FROM payment_allocations a JOIN bills b ON b.id = a.bill_id
        WHERE a.kind IN ('to_bill', 'from_prepaid') AND a.allocated_on <= ? AND b.period_start <= ?`).all(quarter.endDate, quarter.lastMonth) as RateAllocation[];
      expect(collectionRatesOf(db, label), label).toEqual(collectionRates(label, allBills, allocations));
    }
  });

  it("are used: a changed checkpoint shows in the figures, never in the auditor's recomputation", () => {
    const tamper = db.$client.prepare("UPDATE statement_checkpoints SET amount_fen = amount_fen + ? WHERE quarter = '2026Q2' AND kind = 'collection' AND key = 'billedFen'");
    const period = parsePeriod("2026Q2")!;
    const honest = statementFigures(db, period);
    tamper.run(1_000_000);
    try {
      expect(statementFigures(db, period).collection[0]!.ofQuarter.denominatorFen).toBe(honest.collection[0]!.ofQuarter.denominatorFen + 1_000_000);
      expect(statementFigures(db, period, undefined, { checkpoints: false })).toEqual(honest);
      expect(verifyStatements(db).ok).toBe(true);
    } finally {
      tamper.run(-1_000_000);
    }
  });

  it("are dropped by a bill of an earlier period, though its entry is dated today", () => {
    checkpointPublished();
    const director = String((db.$client.prepare("SELECT id FROM users WHERE login = 'director'").get() as { id: number }).id);
    const manager = managerId();
    const before = maxSeq();
    for (const unitKind of ["residential", "commercial", "developer_unsold", "developer_undelivered"] as const) {
      setFeeRate(db, { unitKind, rate: "2.0000", effectiveFrom: "2024-10", reference: "补收 2024 年四季度物业费（测试）" }, director);
    }
    runBills(db, { periodStart: "2024-10", issuedOn: "2026-11-21", dueOn: "2026-12-21" }, manager);
    // Arrears at the start of every checkpointed quarter grew: every checkpoint is gone.
    expect(checkpointed()).toEqual([]);
    expectSameFigures([before, maxSeq()]);
  });

  it("are dropped by an entry dated into an unpublished quarter before them, and figures stay the same at heads before and after it", () => {
    checkpointPublished();
    const manager = managerId();
    const before = maxSeq();
    // A quarter before the first published one is open: an interest credit netted through a transit line.
    postFixtureEntry(db, {
      businessDate: "2024-12-20", memo: "补记 2024 年利息（测试）",
      postings: [
        { book: "public_revenue", accountCode: "1002", amountFen: 12_345 },
        { book: "public_revenue", accountCode: "6006", amountFen: -20_000 },
        { book: "public_revenue", accountCode: "6006", amountFen: 7_655 },
      ],
    }, manager);
    expect(checkpointed()).toEqual([]);
    expectSameFigures([before, maxSeq()]);
    const interest = (head: number) => statementFigures(db, parsePeriod("2024Q4")!, head).books.public_revenue.income.find((l) => l.key === "6006")?.amountFen ?? 0;
    expect(interest(maxSeq()) - interest(before)).toBe(12_345);
  });

  it("carry a bank movement with several counter-accounts, and one that nets to nothing, as the ledger does", () => {
    checkpointPublished();
    const manager = managerId();
    const line = (key: string) => statementFigures(db, parsePeriod("2026Q4")!).books.cogoverned.income.find((l) => l.key === key)?.amountFen ?? 0;
    const closing = () => statementFigures(db, parsePeriod("2026Q4")!).books.cogoverned.closingFen;
    const [interest, other, closed] = [line("6006"), line("6009"), closing()];
    postFixtureEntry(db, {
      businessDate: "2026-11-21", memo: "利息及其他收入（测试）",
      postings: [
        { book: "cogoverned", accountCode: "1002", amountFen: 30_000 },
        { book: "cogoverned", accountCode: "6006", amountFen: -10_000 },
        { book: "cogoverned", accountCode: "6009", amountFen: -20_000 },
      ],
    }, manager);
    postFixtureEntry(db, {
      businessDate: "2026-11-21", memo: "银行内部划转（测试）",
      postings: [
        { book: "cogoverned", accountCode: "1002", amountFen: 5_000 },
        { book: "cogoverned", accountCode: "1002", amountFen: -5_000 },
        { book: "cogoverned", accountCode: "6009", amountFen: 1_000 },
        { book: "cogoverned", accountCode: "6009", amountFen: -1_000 },
      ],
    }, manager);
    // Dated after every checkpointed quarter: they all stay.
    expect(checkpointed()).toHaveLength(7);
    expectSameFigures([maxSeq()]);
    // Each counter-account on its own line; the movement that nets to nothing on none.
    expect([line("6006") - interest, line("6009") - other, closing() - closed]).toEqual([10_000, 20_000, 30_000]);
  });
});
