import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { journalEntries, postings } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { ACCOUNT, CHART } from "~/domain/ledger/chart";
import { checkVoucher, SPENDING_ACCOUNT_CODES, type PostingInput } from "~/domain/ledger/entries";
import { verifyDatabase } from "~/services/audit-verify.server";
import { createCommunity } from "~/services/community.server";
import { auditedWrite } from "~/services/audited-write.server";
import { accountBalanceFen, balancesOn, getEntry, postVoucher, reverseEntry, writeEntry } from "~/services/ledger/entries.server";
import { testDb } from "../support/db";

const db = testDb();
const bank = (amountFen: number) => ({ book: "cogoverned" as const, accountCode: ACCOUNT.bank, amountFen });
const interest = (amountFen: number) => ({ book: "cogoverned" as const, accountCode: ACCOUNT.incomeInterest, amountFen });

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

function counts() {
  return {
    entries: db.$client.prepare("SELECT count(*) n FROM journal_entries").get(),
    postings: db.$client.prepare("SELECT count(*) n FROM postings").get(),
    events: db.$client.prepare("SELECT count(*) n FROM audit_events").get(),
  };
}

beforeAll(() => {
  createCommunity(db, { name: "测试小区", address: "测试路 1 号", billingPeriod: "monthly", postingMinDays: 15 }, "system");
});

describe("the chart of accounts", () => {
  it("is seeded with the community, in the same event", () => {
    const row = db.$client.prepare("SELECT count(*) n FROM accounts").get() as { n: number };
    expect(row.n).toBeGreaterThanOrEqual(28);
    const event = db.$client.prepare("SELECT data FROM audit_events WHERE action = 'community.create'").get() as { data: string };
    expect((JSON.parse(event.data) as { rows: { accounts: unknown[] } }).rows.accounts).toHaveLength(row.n);
  });
});

describe("posting", () => {
  it("writes a balanced entry with its postings and one event holding them", () => {
    const { entry, event } = postVoucher(db, { businessDate: "2026-03-31", memo: "一季度利息", postings: [bank(1234), interest(-1234)] }, "1");
    const found = getEntry(db, entry.id)!;
    expect(found.lines.map((l) => l.posting.amountFen)).toEqual([1234, -1234]);
    expect(event.action).toBe("ledger.post");
    const data = event.data as { rows: { journal_entries: unknown[]; postings: { amountFen: number }[] } };
    expect(data.rows.postings.map((p) => p.amountFen)).toEqual([1234, -1234]);
    expect(accountBalanceFen(db, "cogoverned", ACCOUNT.bank, "2026-03-31")).toBe(1234);
    expect(accountBalanceFen(db, "cogoverned", ACCOUNT.bank, "2026-03-30")).toBe(0);
  });

  it.each([
    ["an unbalanced entry", [bank(100), interest(-99)], "ledger.unbalanced"],
    ["a single posting", [bank(100)], "ledger.tooFewPostings"],
    ["an unknown account", [bank(100), { book: "cogoverned" as const, accountCode: "9999", amountFen: -100 }], "ledger.unknownAccount"],
    ["an account outside its book", [bank(100), { book: "cogoverned" as const, accountCode: "6801", amountFen: -100 }], "ledger.accountNotInBook"],
    ["a fractional fen", [bank(100.5), interest(-100.5)], "ledger.notFen"],
    ["a zero posting", [bank(0), interest(0)], "ledger.zeroAmount"],
    ["books that balance only together", [bank(100), { book: "public_revenue" as const, accountCode: ACCOUNT.incomeInterest, amountFen: -100 }], "ledger.unbalanced"],
  ])("refuses %s and writes nothing", (_name, lines, code) => {
    const before = counts();
    expect(refusal(() => postVoucher(db, { businessDate: "2026-04-01", memo: "x", postings: lines }, "1")).code).toBe(code);
    expect(counts()).toEqual(before);
  });

  it("refuses a date that does not exist", () => {
    expect(refusal(() => postVoucher(db, { businessDate: "2026-02-30", memo: "x", postings: [bank(1), interest(-1)] }, "1")).code).toBe("ledger.badDate");
  });
});

describe("the voucher guard (no yuan leaves a book by a manual voucher)", () => {
  const co = (accountCode: string, amountFen: number): PostingInput => ({ book: "cogoverned", accountCode, amountFen });
  const pr = (accountCode: string, amountFen: number): PostingInput => ({ book: "public_revenue", accountCode, amountFen });

  it("knows every expense account of the chart as a spending account", () => {
    expect([...SPENDING_ACCOUNT_CODES].sort()).toEqual(CHART.filter((a) => a.type === "expense").map((a) => a.code).sort());
  });

  it.each([
    ["money out of the co-managed bank", [co("3101", 100), co("1002", -100)], 2, "1002"],
    ["money out of the public-revenue bank", [pr("3101", 100), pr("1002", -100)], 2, "1002"],
    ["paying the property company", [co("2241", 100), co("1002", -100)], 2, "1002"],
    ["refunding prepaid fees", [co("2203", 100), co("1002", -100)], 2, "1002"],
    ["an art. 11 kind booked against a payable", [co("6601", 100), co("2241", -100)], 1, "6601"],
    ["the 酬金 accrued by hand", [co("6701", 100), co("2241", -100)], 1, "6701"],
    ["a public-revenue spending kind", [pr("3101", -100), pr("6809", 100)], 2, "6809"],
    ["settling the payable to suppliers", [co("2202", 100), co("3101", -100)], 1, "2202"],
    ["spending hidden among receipts", [co("1002", 500), co("6006", -500), co("6604", 100), co("1002", -100)], 3, "6604"],
  ])("refuses %s, naming the line", (_name, lines, line, accountCode) => {
    expect(checkVoucher(lines)).toEqual({ code: "ledger.voucherSpends", line, accountCode });
  });

  it.each([
    ["a receipt into the bank", [co("1002", 100), co("6006", -100)]],
    ["an opening balance", [co("1002", 100), co("3101", -100), pr("1002", 5), pr("3101", -5)]],
    ["a correction between income accounts", [co("6009", 100), co("6006", -100)]],
    ["crediting a spending account (a refund received)", [co("1002", 100), co("6603", -100)]],
    ["crediting the payable to suppliers", [co("3101", 100), co("2202", -100)]],
    ["a fee bill", [co("1122", 100), co("6001", -100)]],
  ])("allows %s", (_name, lines) => {
    expect(checkVoucher(lines)).toBeNull();
  });

  it("is enforced by postVoucher, writing nothing", () => {
    const before = counts();
    const error = refusal(() => postVoucher(db, { businessDate: "2026-04-01", memo: "付保洁费", postings: [co("6603", 100), co("1002", -100)] }, "1"));
    expect(error.code).toBe("ledger.voucherSpends");
    expect(error.options.params).toEqual({ line: 1, accountCode: "6603" });
    expect(error.options.status).toBe(422);
    expect(counts()).toEqual(before);
  });

  it("still lets a voucher be reversed, though the reversal credits the bank", () => {
    const { entry } = postVoucher(db, { businessDate: "2026-04-07", memo: "利息（重复）", postings: [bank(300), interest(-300)] }, "1");
    const { entry: reversal } = reverseEntry(db, entry.id, { reason: "重复录入", businessDate: "2026-04-07" }, "1");
    expect(getEntry(db, reversal.id)!.lines.map((l) => [l.posting.accountCode, l.posting.amountFen])).toEqual([["1002", -300], ["6006", 300]]);
    expect(verifyDatabase(db).ok).toBe(true);
  });
});

describe("reversal", () => {
  it("adds the opposite entry linked to the original, once", () => {
    const { entry } = postVoucher(db, { businessDate: "2026-04-02", memo: "错账", postings: [bank(500), interest(-500)] }, "1");
    const before = accountBalanceFen(db, "cogoverned", ACCOUNT.bank, "2026-12-31");
    const { entry: reversal } = reverseEntry(db, entry.id, { reason: "金额有误", businessDate: "2026-04-03" }, "1");
    expect(reversal.reversesEntryId).toBe(entry.id);
    expect(reversal.reason).toBe("金额有误");
    expect(accountBalanceFen(db, "cogoverned", ACCOUNT.bank, "2026-12-31")).toBe(before - 500);
    expect(getEntry(db, entry.id)!.reversedBy?.id).toBe(reversal.id);
    expect(refusal(() => reverseEntry(db, entry.id, { reason: "again", businessDate: "2026-04-03" }, "1")).code).toBe("ledger.alreadyReversed");
    expect(refusal(() => reverseEntry(db, reversal.id, { reason: "undo", businessDate: "2026-04-03" }, "1")).code).toBe("ledger.reversalOfReversal");
  });

  it("refuses to reverse an entry that belongs to a bill, payment, income or 酬金 record", () => {
    const { entry } = auditedWrite(db, { actor: "1", action: "test.income" }, (tx, seq) => {
      const written = writeEntry(tx, seq, { businessDate: "2026-04-05", memo: "收入", sourceKind: "income", sourceId: "1", postings: [bank(700), interest(-700)] }, "1");
      return { result: { entry: written.entry }, subject: `entry:${written.entry.id}`, rows: written.rows };
    });
    const before = counts();
    expect(refusal(() => reverseEntry(db, entry.id, { reason: "x", businessDate: "2026-04-06" }, "1")).code).toBe("ledger.reverseThroughSource");
    expect(counts()).toEqual(before);
  });

  it("lists balances per book and account", () => {
    const rows = balancesOn(db, "2026-12-31");
    expect(rows.find((r) => r.book === "cogoverned" && r.accountCode === ACCOUNT.bank)?.balanceFen).toBe(1234 + 700);
    expect(rows.reduce((s, r) => s + r.balanceFen, 0)).toBe(0);
  });
});

describe("history", () => {
  it("cannot be updated or deleted", () => {
    expect(() => db.update(postings).set({ amountFen: 1 }).where(eq(postings.id, 1)).run()).toThrow(/append-only/);
    expect(() => db.delete(journalEntries).where(eq(journalEntries.id, 1)).run()).toThrow(/append-only/);
  });

  it("verifies, and a posting altered in the file names its event", () => {
    const intact = verifyDatabase(db);
    expect(intact.ok).toBe(true);
    const posting = db.select().from(postings).where(eq(postings.id, 1)).get()!;
    db.$client.exec("DROP TRIGGER postings_no_update");
    db.$client.prepare("UPDATE postings SET amount_fen = amount_fen + 1 WHERE id = 1").run();
    const result = verifyDatabase(db);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatchObject({ seq: posting.auditSeq, code: "rows.content_mismatch" });
  });
});
