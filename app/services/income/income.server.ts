import { and, count, desc, eq, gt, gte, lte, sum, type SQL } from "drizzle-orm";
import type { Db } from "~db/connection";
import { attachments, incomeRecords, incomeSplitRules } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { checkIncome, type IncomeInput } from "~/domain/income/income";
import { INCOME_ACCOUNT, isChosenBookKind, isSplitKind } from "~/domain/income/kinds";
import { allocateIncome, ruleInForce } from "~/domain/income/split";
import type { IncomeListQuery } from "~/domain/income/forms";
import { ACCOUNT, type Book } from "~/domain/ledger/chart";
import type { PostingInput } from "~/domain/ledger/entries";
import type { Actor } from "../audit.server";
import { newPiiSalt, rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { insertAttachment, storeAttachmentFile, type StoredAttachment } from "../attachments.server";
import { writeEntry } from "../ledger/entries.server";
import { nextRowId } from "../row-ids.server";

export type IncomeRecordRow = typeof incomeRecords.$inferSelect;

function refuseIf(input: IncomeInput): void {
  const problem = checkIncome(input);
  if (problem) throw new DomainError(problem.code, { field: problem.field });
}

/**
 * A manager records income other than fee payments (action `income.record`):
 * decoration fees to the co-managed book; advertising, parking and venue
 * rental split by the owners' rule in force on the day received (refused
 * without one); interest and other income to the book chosen. One entry,
 * per book Dr 1002 bank / Cr the income account; the evidence file, if any,
 * must already be stored (storeAttachmentFile) and gets its row here.
 */
export function recordIncome(db: Db, input: IncomeInput & { attachment?: StoredAttachment | null }, actor: Actor) {
  refuseIf(input);
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
    const attachment = input.attachment ? insertAttachment(tx, seq, input.attachment, actor) : null;
    const id = nextRowId(tx, "income_records");
    const account = INCOME_ACCOUNT[input.kind];
    const postings: PostingInput[] = [];
    for (const [partBook, fen] of [["cogoverned", parts.cogovernedFen], ["public_revenue", parts.publicRevenueFen]] as const) {
      if (fen === 0) continue;
      postings.push({ book: partBook, accountCode: ACCOUNT.bank, amountFen: fen }, { book: partBook, accountCode: account, amountFen: -fen });
    }
    const written = writeEntry(tx, seq, {
      businessDate: input.receivedOn, memo: `收入 ${input.kind} ${reference}`.slice(0, 200), sourceKind: "income", sourceId: String(id), postings,
    }, actor);
    const record = tx.insert(incomeRecords).values({
      id, kind: input.kind, receivedOn: input.receivedOn, amountFen: input.amountFen,
      cogovernedFen: parts.cogovernedFen, publicRevenueFen: parts.publicRevenueFen, splitRuleId: splitRule?.id ?? null,
      counterparty, counterpartyIsPerson: input.counterpartyIsPerson, piiSalt: newPiiSalt(), reference, permitRef,
      memo: input.memo?.trim() ?? "", attachmentId: attachment?.row.id ?? null, entryId: written.entry.id, recordedBy: actor, auditSeq: seq,
    }).returning().get();
    if (record.id !== id) throw new Error("income record id moved inside the transaction");
    return {
      result: { record, entry: written.entry },
      subject: `income:${record.id}`,
      rows: {
        ...(attachment ? { attachments: [attachment.view] } : {}),
        ...written.rows,
        income_records: [rowViews.income_records(record)],
      },
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
) {
  refuseIf(input);
  if (isSplitKind(input.kind)) {
    const rules = db.select().from(incomeSplitRules).where(eq(incomeSplitRules.kind, input.kind)).all();
    if (!ruleInForce(rules, input.kind, input.receivedOn)) {
      throw new DomainError("income.errors.noSplitRule", { field: "kind", params: { date: input.receivedOn } });
    }
  }
  const attachment = upload ? await storeAttachmentFile(upload.bytes, upload.filename) : null;
  return recordIncome(db, { ...input, attachment }, actor);
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
    })
    .from(incomeRecords)
    .where(where)
    .get();
  return {
    rows: rows.map(({ record, attachmentName }) => ({ ...record, piiSalt: undefined, attachmentName })),
    total: totals?.count ?? 0,
    totals: { amountFen: totals?.amountFen ?? 0, cogovernedFen: totals?.cogovernedFen ?? 0, publicRevenueFen: totals?.publicRevenueFen ?? 0 },
  };
}

export function getIncome(db: Db, id: number): IncomeRecordRow | null {
  return db.select().from(incomeRecords).where(eq(incomeRecords.id, id)).get() ?? null;
}
