import { and, count, desc, eq, gt, gte, lte, sum, type SQL } from "drizzle-orm";
import type { Db } from "~db/connection";
import { attachments, incomeRecords, incomeSplitRules } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { checkIncome, type IncomeInput } from "~/domain/income/income";
import { INCOME_ACCOUNT, isChosenBookKind, isSplitKind } from "~/domain/income/kinds";
import { allocateIncome, ruleInForce } from "~/domain/income/split";
import type { IncomeListQuery } from "~/domain/income/forms";
import { ACCOUNT, type Book } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import type { PostingInput } from "~/domain/ledger/entries";
import type { Actor } from "../audit.server";
import { newPiiSalt, rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { insertAttachment, storeAttachmentFile, type StoredAttachment } from "../attachments.server";
import { writeEntry } from "../ledger/entries.server";
import { nextRowId } from "../row-ids.server";

export type IncomeRecordRow = typeof incomeRecords.$inferSelect;

// 公共收益管理费用: costs deducted from public revenue before it reached the bank.
const ACCOUNT_PUBLIC_REVENUE_COSTS = "6804";

function refuseIf(input: IncomeInput): void {
  const problem = checkIncome(input);
  if (problem) throw new DomainError(problem.code, { field: problem.field });
}

function refuseDeductionAboveShare(deductionFen: number, publicRevenueFen: number): void {
  if (deductionFen > publicRevenueFen) {
    throw new DomainError("income.errors.deductionAboveShare", { field: "deduction", params: { share: formatFen(publicRevenueFen), deduction: formatFen(deductionFen) } });
  }
}

/**
 * A manager records income other than fee payments (action `income.record`):
 * decoration fees to the co-managed book; advertising, parking and venue
 * rental split by the owners' rule in force on the day received (refused
 * without one); interest and other income to the book chosen. One entry,
 * per book Dr 1002 bank / Cr the income account; the evidence file, if any,
 * must already be stored (storeAttachmentFile) and gets its row here.
 * A deduction from the public-revenue share (split kinds only) needs its
 * reason and evidence (SPC interpretation art. 14) and stays within the
 * share: that book then reads Dr 1002 net, Dr 6804 deduction, Cr income gross.
 */
export function recordIncome(
  db: Db,
  input: IncomeInput & { attachment?: StoredAttachment | null; deductionEvidence?: StoredAttachment | null },
  actor: Actor,
) {
  refuseIf(input);
  const deductionFen = input.deductionFen ?? 0;
  if (deductionFen > 0 && !input.deductionEvidence) throw new DomainError("income.errors.deductionEvidenceRequired", { field: "deductionEvidence" });
  const counterparty = input.counterparty.trim();
  const reference = input.reference.trim();
  const permitRef = input.kind === "decoration" ? input.permitRef!.trim() : (input.permitRef?.trim() || null);
  const book: Book | null = isChosenBookKind(input.kind) ? input.book! : null;
  return auditedWrite(db, { actor, action: "income.record" }, (tx, seq) => {
    let splitRule: typeof incomeSplitRules.$inferSelect | null = null;
    if (isSplitKind(input.kind)) {
      const rules = tx.select().from(incomeSplitRules).where(eq(incomeSplitRules.kind, input.kind)).all();
      splitRule = ruleInForce(rules, input.kind, input.receivedOn);
      if (!splitRule) throw new DomainError("income.errors.noSplitRule", { field: "kind", params: { date: input.receivedOn } });
    }
    const parts = allocateIncome(input.kind, input.amountFen, { book, publicRevenuePercent: splitRule?.publicRevenuePercent ?? null });
    refuseDeductionAboveShare(deductionFen, parts.publicRevenueFen);
    const attachment = input.attachment ? insertAttachment(tx, seq, input.attachment, actor) : null;
    const evidence = deductionFen > 0 ? insertAttachment(tx, seq, input.deductionEvidence!, actor) : null;
    const id = nextRowId(tx, "income_records");
    const account = INCOME_ACCOUNT[input.kind];
    const postings: PostingInput[] = [];
    for (const [partBook, fen] of [["cogoverned", parts.cogovernedFen], ["public_revenue", parts.publicRevenueFen]] as const) {
      if (fen === 0) continue;
      // A deduction keeps the gross income visible: the bank gets the net, the cost shows as 6804.
      const deducted = partBook === "public_revenue" ? deductionFen : 0;
      if (fen - deducted > 0) postings.push({ book: partBook, accountCode: ACCOUNT.bank, amountFen: fen - deducted });
      if (deducted > 0) postings.push({ book: partBook, accountCode: ACCOUNT_PUBLIC_REVENUE_COSTS, amountFen: deducted, memo: input.deductionReason!.trim().slice(0, 200) });
      postings.push({ book: partBook, accountCode: account, amountFen: -fen });
    }
    const written = writeEntry(tx, seq, {
      businessDate: input.receivedOn, memo: `收入 ${input.kind} ${reference}`.slice(0, 200), sourceKind: "income", sourceId: String(id), postings,
    }, actor);
    const record = tx.insert(incomeRecords).values({
      id, kind: input.kind, receivedOn: input.receivedOn, amountFen: input.amountFen,
      cogovernedFen: parts.cogovernedFen, publicRevenueFen: parts.publicRevenueFen, splitRuleId: splitRule?.id ?? null,
      counterparty, counterpartyIsPerson: input.counterpartyIsPerson, piiSalt: newPiiSalt(), reference, permitRef,
      memo: input.memo?.trim() ?? "", attachmentId: attachment?.row.id ?? null,
      deductionFen, deductionReason: deductionFen > 0 ? input.deductionReason!.trim() : null, deductionAttachmentId: evidence?.row.id ?? null, entryId: written.entry.id, recordedBy: actor, auditSeq: seq,
    }).returning().get();
    if (record.id !== id) throw new Error("income record id moved inside the transaction");
    return {
      result: { record, entry: written.entry },
      subject: `income:${record.id}`,
      rows: {
        ...(attachment || evidence ? { attachments: [attachment?.view, evidence?.view].filter((v) => v !== undefined) } : {}),
        ...written.rows,
        income_records: [rowViews.income_records(record)],
      },
      ...(deductionFen > 0 ? { extra: { deductionFen } } : {}),
    };
  });
}

/**
 * The form's use case: the record is checked first, so a refused income
 * leaves no file behind; then the file is stored and the income recorded.
 */
export async function recordIncomeWithUpload(
  db: Db,
  input: IncomeInput,
  upload: { bytes: Uint8Array; filename: string } | null,
  actor: Actor,
  deductionUpload: { bytes: Uint8Array; filename: string } | null = null,
) {
  refuseIf(input);
  const deductionFen = input.deductionFen ?? 0;
  if (deductionFen > 0 && !deductionUpload) throw new DomainError("income.errors.deductionEvidenceRequired", { field: "deductionEvidence" });
  if (isSplitKind(input.kind)) {
    const rules = db.select().from(incomeSplitRules).where(eq(incomeSplitRules.kind, input.kind)).all();
    const rule = ruleInForce(rules, input.kind, input.receivedOn);
    if (!rule) throw new DomainError("income.errors.noSplitRule", { field: "kind", params: { date: input.receivedOn } });
    refuseDeductionAboveShare(deductionFen, allocateIncome(input.kind, input.amountFen, { publicRevenuePercent: rule.publicRevenuePercent }).publicRevenueFen);
  }
  const attachment = upload ? await storeAttachmentFile(upload.bytes, upload.filename) : null;
  const deductionEvidence = deductionFen > 0 ? await storeAttachmentFile(deductionUpload!.bytes, deductionUpload!.filename, "deductionEvidence") : null;
  return recordIncome(db, { ...input, attachment, deductionEvidence }, actor);
}

function filters(query: Partial<IncomeListQuery>): SQL | undefined {
  const where: SQL[] = [];
  if (query.kind) where.push(eq(incomeRecords.kind, query.kind));
  if (query.book === "cogoverned") where.push(gt(incomeRecords.cogovernedFen, 0));
  if (query.book === "public_revenue") where.push(gt(incomeRecords.publicRevenueFen, 0));
  if (query.from) where.push(gte(incomeRecords.receivedOn, query.from));
  if (query.to) where.push(lte(incomeRecords.receivedOn, query.to));
  return where.length ? and(...where) : undefined;
}

/** Income records matching the filters, newest first, with the totals of all that match. */
export function listIncome(db: Db, query: Partial<IncomeListQuery> & { limit?: number }) {
  const where = filters(query);
  const rows = db
    .select({ record: incomeRecords, attachmentName: attachments.filename })
    .from(incomeRecords)
    .leftJoin(attachments, eq(attachments.id, incomeRecords.attachmentId))
    .where(where)
    .orderBy(desc(incomeRecords.receivedOn), desc(incomeRecords.id))
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0)
    .all();
  const totals = db
    .select({
      count: count(),
      amountFen: sum(incomeRecords.amountFen).mapWith(Number),
      cogovernedFen: sum(incomeRecords.cogovernedFen).mapWith(Number),
      publicRevenueFen: sum(incomeRecords.publicRevenueFen).mapWith(Number),
      deductionFen: sum(incomeRecords.deductionFen).mapWith(Number),
    })
    .from(incomeRecords)
    .where(where)
    .get();
  return {
    rows: rows.map(({ record, attachmentName }) => ({ ...record, piiSalt: undefined, attachmentName })),
    total: totals?.count ?? 0,
    totals: { amountFen: totals?.amountFen ?? 0, cogovernedFen: totals?.cogovernedFen ?? 0, publicRevenueFen: totals?.publicRevenueFen ?? 0, deductionFen: totals?.deductionFen ?? 0 },
  };
}

export function getIncome(db: Db, id: number): IncomeRecordRow | null {
  return db.select().from(incomeRecords).where(eq(incomeRecords.id, id)).get() ?? null;
}
