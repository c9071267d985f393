/**
 * Costs deducted from public revenue before it reached the bank (issue 7,
 * SPC interpretation art. 14): evidenced, within the public-revenue share,
 * booked gross (income) and cost (6804) so both show, and in the statement.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { IncomeInput } from "~/domain/income/income";
import { parsePeriod } from "~/domain/statements/snapshot";
import { verifyDatabase } from "~/services/audit-verify.server";
import { recordDecision, registerTotals } from "~/services/decisions/register.server";
import { listIncome, recordIncome, recordIncomeWithUpload } from "~/services/income/income.server";
import { setSplitRule } from "~/services/income/split-rules.server";
import { accountBalanceFen } from "~/services/ledger/entries.server";
import { statementFigures } from "~/services/statements/figures.server";
import * as incomeIndex from "~/routes/income._index";
import * as incomeNew from "~/routes/income.new";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle } from "../support/http";
import { FILES, expectRefusedUnchanged, incomeDigest, incomeWorld } from "../support/income";

let world: Awaited<ReturnType<typeof incomeWorld>>;
const db = () => testDb();
const manager = () => String(world.manager.id);
const expectRefused = (fn: () => unknown, code: string) => expectRefusedUnchanged(db(), fn, code);

// Parking splits 70 % to public revenue: 100,000 fen → 70,000 public revenue.
const parking = (fields: Partial<IncomeInput> = {}): IncomeInput => ({
  kind: "parking", receivedOn: "2026-05-05", amountFen: 100_000, counterparty: "某某停车管理有限公司", counterpartyIsPerson: false,
  reference: "TC-2026-05", ...fields,
});
const deducted = { deductionFen: 12_000, deductionReason: "停车场管理成本（人工、照明）" };

beforeAll(async () => {
  world = await incomeWorld(db());
  const totals = registerTotals(db());
  const all = { areaCentiM2: totals.areaCentiM2, owners: totals.owners };
  const none = { areaCentiM2: 0, owners: 0 };
  const decision = recordDecision(db(), {
    title: "经营收益分配", matter: 9, text: "停车 70%，广告 50%", heldFrom: "2025-12-01", heldUntil: "2025-12-01", announcedOn: "2025-12-03",
    authorisedFen: null, tallies: { agree: all, disagree: none, abstain: none },
  }, String(world.committee.id));
  for (const [kind, percent] of [["parking", "70"], ["advertising", "50"]] as const) {
    setSplitRule(db(), { kind, publicRevenuePercent: percent, effectiveFrom: "2026-01-01", decisionId: decision.id }, String(world.committee.id));
  }
}, 30_000);

describe("a deduction from the public-revenue share", () => {
  it("is refused without evidence, without a reason, above the share, on a kind that is not split, and writes nothing", async () => {
    expectRefused(() => recordIncome(db(), parking(deducted), manager()), "income.errors.deductionEvidenceRequired");
    await expect(recordIncomeWithUpload(db(), parking(deducted), null, manager())).rejects.toMatchObject({ code: "income.errors.deductionEvidenceRequired" });
    const before = incomeDigest(db());
    await expect(recordIncomeWithUpload(db(), parking({ ...deducted, deductionReason: " " }), null, manager(), { bytes: FILES.pdf(), filename: "cost.pdf" }))
      .rejects.toMatchObject({ code: "income.errors.deductionReasonRequired" });
    await expect(recordIncomeWithUpload(db(), parking({ ...deducted, deductionFen: 70_001 }), null, manager(), { bytes: FILES.pdf(), filename: "cost.pdf" }))
      .rejects.toMatchObject({ code: "income.errors.deductionAboveShare" });
    await expect(recordIncomeWithUpload(db(), parking(deducted), null, manager(), { bytes: FILES.exe(), filename: "cost.pdf" }))
      .rejects.toMatchObject({ code: "income.errors.attachmentType" });
    await expect(recordIncomeWithUpload(db(), { ...parking(deducted), kind: "interest", book: "public_revenue" }, null, manager(), { bytes: FILES.pdf(), filename: "cost.pdf" }))
      .rejects.toMatchObject({ code: "income.errors.deductionKind" });
    expect(incomeDigest(db())).toEqual(before);
  });

  it("books the gross income, the cost on 6804 and the net in the bank; the co-managed part is unchanged", async () => {
    const { record, entry, event } = await recordIncomeWithUpload(db(), parking(deducted), { bytes: FILES.png(), filename: "回单.png" }, manager(), { bytes: FILES.pdf(), filename: "停车成本.pdf" });
    expect(record).toMatchObject({ cogovernedFen: 30_000, publicRevenueFen: 70_000, deductionFen: 12_000, deductionReason: "停车场管理成本（人工、照明）" });
    expect(record.deductionAttachmentId).not.toBeNull();
    expect(record.deductionAttachmentId).not.toBe(record.attachmentId);
    const lines = db().$client.prepare("SELECT book, account_code AS code, amount_fen AS fen FROM postings WHERE entry_id = ? ORDER BY line_no").all(entry.id);
    expect(lines).toEqual([
      { book: "cogoverned", code: "1002", fen: 30_000 }, { book: "cogoverned", code: "6004", fen: -30_000 },
      { book: "public_revenue", code: "1002", fen: 58_000 }, { book: "public_revenue", code: "6804", fen: 12_000 }, { book: "public_revenue", code: "6004", fen: -70_000 },
    ]);
    expect((event.data as { rows: { attachments: unknown[] } }).rows.attachments).toHaveLength(2);
    // The whole share may be deducted: then no bank line in that book.
    const all = await recordIncomeWithUpload(db(), parking({ deductionFen: 70_000, deductionReason: "全部抵作管理成本", reference: "TC-ALL" }), null, manager(), { bytes: FILES.pdf(), filename: "c.pdf" });
    const allLines = db().$client.prepare("SELECT account_code AS code, amount_fen AS fen FROM postings WHERE entry_id = ? AND book = 'public_revenue' ORDER BY line_no").all(all.entry.id);
    expect(allLines).toEqual([{ code: "6804", fen: 70_000 }, { code: "6004", fen: -70_000 }]);
    expect(verifyDatabase(db()).ok).toBe(true);
  });

  it("shows in the quarterly statement as the gross income line plus a 6804 spending line, closing at the bank balance", () => {
    const figures = statementFigures(db(), parsePeriod("2026Q2")!).books.public_revenue;
    // Cash basis (DESIGN.md §8): the fully deducted income moved no money, so it shows on neither line.
    expect(figures.income.find((l) => l.key === "6004")?.amountFen).toBe(70_000);
    expect(figures.spending.find((l) => l.key === "6804")?.amountFen).toBe(12_000);
    expect(figures.closingFen).toBe(figures.openingFen + figures.incomeTotalFen - figures.spendingTotalFen);
    expect(figures.closingFen).toBe(accountBalanceFen(db(), "public_revenue", "1002", "2026-06-30"));
    expect(figures.closingFen - figures.openingFen).toBe(58_000);
  });

  it("is listed with its reason and evidence, and totalled", async () => {
    const list = listIncome(db(), { kind: "parking" });
    expect(list.totals.deductionFen).toBe(82_000);
    const page = (await incomeIndex.loader({ request: makeRequest("/income?kind=parking", { cookie: world.cookies.auditor }), params: {}, context: CONTEXT })) as Awaited<ReturnType<typeof incomeIndex.loader>>;
    expect(page.rows.find((r) => r.reference === "TC-2026-05")).toMatchObject({ deductionFen: 12_000, deductionReason: "停车场管理成本（人工、照明）" });
  });
});

function form(fields: Record<string, string>, evidence?: Uint8Array) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  if (evidence) data.append("deductionEvidence", new File([new Uint8Array(evidence)], "成本.pdf"));
  return data;
}
const good = { kind: "parking", receivedOn: "2026-05-20", amount: "1,000.00", counterparty: "某某停车管理有限公司", reference: "TC-F", deduction: "120.00", deductionReason: "停车场管理成本" };
const post = (data: FormData) => settle(incomeNew.action({ request: makeRequest("/income/new", { form: data, cookie: world.cookies.manager }), params: {}, context: CONTEXT }));

describe("the form", () => {
  it.each([
    ["no evidence", good, undefined, "deductionEvidence", "income.errors.deductionEvidenceRequired"],
    ["no reason", { ...good, deductionReason: "" }, FILES.pdf(), "deductionReason", "income.errors.deductionReasonRequired"],
    ["above the share", { ...good, deduction: "700.01" }, FILES.pdf(), "deduction", "income.errors.deductionAboveShare"],
    ["a 3-decimal deduction", { ...good, deduction: "1.234" }, FILES.pdf(), "deduction", "errors.money.too_many_decimals"],
  ] as const)("answers %s with its message and writes nothing", async (_label, fields, evidence, field, code) => {
    const before = incomeDigest(db());
    const outcome = await post(form(fields, evidence));
    expect(isDataWithInit(outcome.value)).toBe(true);
    if (!isDataWithInit(outcome.value)) return;
    expect(outcome.value.data.lastResult.error?.[field]).toEqual([code]);
    expect(incomeDigest(db())).toEqual(before);
  });

  it("records a deduction with its evidence", async () => {
    const before = incomeDigest(db());
    const outcome = await post(form(good, FILES.pdf()));
    expect((outcome.value as Response).status).toBe(302);
    expect(incomeDigest(db())).toMatchObject({ income_records: before.income_records + 1, attachments: before.attachments + 1 });
    expect(listIncome(db(), { kind: "parking" }).rows.find((r) => r.reference === "TC-F")).toMatchObject({ deductionFen: 12_000 });
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
