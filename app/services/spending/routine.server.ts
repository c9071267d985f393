import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { attachments, budgetLines, budgets, routineSpendings } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { ACCOUNT, type Book } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { checkRoutine, isRoutineKind } from "~/domain/spending/budget";
import { REFUND_KIND, routineDebitAccount, type RoutineKind } from "~/domain/spending/kinds";
import type { RoutineListQuery } from "~/domain/spending/routine-forms";
import type { Actor } from "../audit.server";
import { newPiiSalt, rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { insertAttachment, storeAttachmentFile, type StoredAttachment } from "../attachments.server";
import { accountBalanceFen, writeEntry } from "../ledger/entries.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { idempotentWrite, throwIfRecorded } from "../idempotency.server";
import { nextRowId } from "../row-ids.server";
import { lineRemainingFen } from "./budget-usage.server";
import { actorRoles } from "./budgets.server";

export type RoutineSpendingRow = typeof routineSpendings.$inferSelect;

export interface RoutineInput {
  budgetLineId: number;
  routineKind: RoutineKind;
  paidOn: string;
  amountFen: number;
  payee: string;
  bankReference: string;
  invoiceNumber: string;
  memo: string;
  idempotencyKey?: string | null;
}

// Names for journal memos and messages (Chinese: the ledger's language).
export const ROUTINE_KIND_ZH: Record<RoutineKind, string> = {
  payroll: "工资", social_insurance: "社会保险", utilities: "水电等公用事业费", insurance: "保险费",
  remuneration: "支付物业公司酬金", bank_fees: "银行手续费", refund: "退还预收物业费",
};

function keyOf(input: { idempotencyKey?: string | null }): string | null {
  const key = input.idempotencyKey?.trim();
  return key ? key : null;
}

function byKey(db: Db | Tx, key: string): RoutineSpendingRow | undefined {
  return db.select().from(routineSpendings).where(eq(routineSpendings.idempotencyKey, key)).get();
}

/** The next id of routine_spendings inside the IMMEDIATE transaction (the entry names it as its source). */
/** Every check of a routine payment, against the database as it is now; returns the line and its budget. */
function checkAgainst(db: Db | Tx, input: RoutineInput, actor: Actor) {
  const user = actorRoles(db, actor);
  if (!hasAnyRole(user.roles, ["manager"])) throw new DomainError("errors.forbidden", { status: 403 });
  if (!isRoutineKind(input.routineKind)) throw new DomainError("budget.errors.routineKind", { field: "routineKind" });
  if (input.payee.trim() === "") throw new DomainError("budget.errors.payeeRequired", { field: "payee" });
  const found = db.select({ line: budgetLines, budget: budgets }).from(budgetLines)
    .innerJoin(budgets, eq(budgets.id, budgetLines.budgetId)).where(eq(budgetLines.id, input.budgetLineId)).get();
  if (!found) throw new DomainError("budget.errors.lineRequired", { field: "budgetLineId" });
  const { line, budget } = found;
  let payableFen: number | null = null;
  if (line.kind === ACCOUNT.remuneration) payableFen = -accountBalanceFen(db, "cogoverned", ACCOUNT.payableCompany, input.paidOn);
  if (line.kind === REFUND_KIND) payableFen = -accountBalanceFen(db, "cogoverned", ACCOUNT.prepaidFees, input.paidOn);
  const problem = checkRoutine({
    budgetStatus: budget.status, budgetYear: budget.year, lineKind: line.kind, routineKind: input.routineKind,
    paidOn: input.paidOn, amountFen: input.amountFen, remainingFen: lineRemainingFen(db, line.id) ?? 0, payableFen,
  });
  if (problem) {
    const params = Object.fromEntries(Object.entries(problem.params ?? {}).map(([k, v]) => [k, k.endsWith("Fen") && typeof v === "number" ? formatFen(v) : v]));
    throw new DomainError(problem.code, { field: problem.field, params, status: 422 });
  }
  return { line, budget };
}

/**
 * A manager records a routine payment 日常支出 against an approved budget
 * line, with its voucher (already stored: storeAttachmentFile). One entry in
 * the budget's book: Dr the line's account (the 2241 payable for the 酬金,
 * 2203 for refunds) / Cr 1002 bank. The same idempotency key again returns
 * the first record and writes nothing — also across processes.
 */
export function recordRoutineSpending(db: Db, input: RoutineInput & { voucher: StoredAttachment | null | undefined }, actor: Actor, now = new Date()) {
  const key = keyOf(input);
  const done = key ? byKey(db, key) : undefined;
  if (done) return { routine: done, duplicate: true };
  if (!input.voucher) throw new DomainError("budget.errors.voucherRequired", { field: "voucher" });
  const voucher = input.voucher;
  const { record, duplicate } = idempotentWrite(key, (k) => byKey(db, k), () => auditedWrite(db, { actor, action: "routine.record" }, (tx, seq) => {
      throwIfRecorded(key, (k) => byKey(tx, k));
      const { line, budget } = checkAgainst(tx, input, actor);
      const attachment = insertAttachment(tx, seq, voucher, actor);
      const id = nextRowId(tx, "routine_spendings");
      const book: Book = budget.book;
      const entry = writeEntry(tx, seq, {
        // The payee stays out of the memo: the memo enters the audit chain as is, and a payee may be a person.
        businessDate: input.paidOn, memo: `日常支出 ${ROUTINE_KIND_ZH[input.routineKind]} #${id}`, sourceKind: "routine", sourceId: String(id),
        postings: [
          { book, accountCode: routineDebitAccount(line.kind), amountFen: input.amountFen },
          { book, accountCode: ACCOUNT.bank, amountFen: -input.amountFen },
        ],
      }, actor);
      const routine = tx.insert(routineSpendings).values({
        id, budgetLineId: line.id, routineKind: input.routineKind, paidOn: input.paidOn, amountFen: input.amountFen,
        payee: input.payee.trim(), bankReference: input.bankReference.trim(), invoiceNumber: input.invoiceNumber.trim(), memo: input.memo.trim(),
        voucherAttachmentId: attachment.row.id, entryId: entry.entry.id, idempotencyKey: key, recordedBy: actor, piiSalt: newPiiSalt(), auditSeq: seq,
      }).returning().get();
      if (routine.id !== id) throw new Error("routine spending id moved inside the transaction");
      enqueueNotification(tx, seq, {
        topic: "routine.paid", subject: `budget:${budget.id}`,
        title: `日常支出：${ROUTINE_KIND_ZH[input.routineKind]} ${formatFen(input.amountFen)}`,
        body: `${input.paidOn} 按 ${budget.year} 年预算支付${ROUTINE_KIND_ZH[input.routineKind]} ${formatFen(input.amountFen)}，凭证已附。[查看](/budget/${budget.id})`,
      }, now);
      return {
        result: { routine, entry: entry.entry },
        subject: `budget:${budget.id}`,
        rows: { attachments: [attachment.view], ...entry.rows, routine_spendings: [rowViews.routine_spendings(routine)] },
        extra: { amountFen: input.amountFen, routineKind: input.routineKind, lineKind: line.kind },
      };
    }).routine);
  return { routine: record, duplicate };
}

/**
 * The form's use case: the payment is checked first (so a refused one
 * leaves no file behind), then the voucher is stored (type by content, size
 * limit), then the payment recorded. The voucher is required.
 */
export async function recordRoutineSpendingWithUpload(
  db: Db,
  input: RoutineInput & { upload: { bytes: Uint8Array; filename: string } | null },
  actor: Actor,
  now = new Date(),
) {
  const key = keyOf(input);
  const existing = key ? byKey(db, key) : undefined;
  if (existing) return { routine: existing, duplicate: true };
  checkAgainst(db, input, actor);
  if (!input.upload || input.upload.bytes.length === 0) throw new DomainError("budget.errors.voucherRequired", { field: "voucher" });
  const voucher = await storeAttachmentFile(input.upload.bytes, input.upload.filename, "voucher");
  const { upload: _upload, ...rest } = input;
  return recordRoutineSpending(db, { ...rest, voucher }, actor, now);
}

function filters(query: Partial<RoutineListQuery> & { budgetId?: number }): SQL | undefined {
  const where: SQL[] = [];
  if (query.budgetId !== undefined) where.push(eq(budgets.id, query.budgetId));
  if (query.year !== undefined) where.push(eq(budgets.year, query.year));
  if (query.book) where.push(eq(budgets.book, query.book));
  if (query.kind) where.push(eq(routineSpendings.routineKind, query.kind));
  return where.length ? and(...where) : undefined;
}

/** Routine spending matching the filters, newest first, with the count and total of all that match. */
export function listRoutineSpending(db: Db, query: Partial<RoutineListQuery> & { budgetId?: number; limit?: number } = {}) {
  const where = filters(query);
  const rows = db
    .select({ routine: routineSpendings, lineKind: budgetLines.kind, budgetId: budgets.id, year: budgets.year, book: budgets.book, voucherName: attachments.filename })
    .from(routineSpendings)
    .innerJoin(budgetLines, eq(budgetLines.id, routineSpendings.budgetLineId))
    .innerJoin(budgets, eq(budgets.id, budgetLines.budgetId))
    .innerJoin(attachments, eq(attachments.id, routineSpendings.voucherAttachmentId))
    .where(where).orderBy(desc(routineSpendings.paidOn), desc(routineSpendings.id))
    .limit(query.limit ?? 50).offset(query.offset ?? 0).all();
  const totals = db.select({ count: count(), amountFen: sql<number>`coalesce(sum(${routineSpendings.amountFen}), 0)`.mapWith(Number) })
    .from(routineSpendings)
    .innerJoin(budgetLines, eq(budgetLines.id, routineSpendings.budgetLineId))
    .innerJoin(budgets, eq(budgets.id, budgetLines.budgetId))
    .where(where).get();
  return {
    rows: rows.map(({ routine, ...rest }) => {
      const { piiSalt: _salt, ...visible } = routine;
      return { ...visible, ...rest };
    }),
    total: totals?.count ?? 0,
    totalFen: totals?.amountFen ?? 0,
  };
}
