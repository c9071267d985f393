/**
 * A process writing through the services in a loop until it is killed
 * (issue 9 §4). Run as `node --import tsx crash-writer.ts <seed> [checkpoint]`
 * with DATABASE_PATH set. It loads the services and prints {"ready":true};
 * on the stdin line "go" it opens the database through getDb and writes, each
 * call its own IMMEDIATE transaction: fee payments, interest income, manual
 * vouchers, proposals with a quote, batches of payments in one writeBatch
 * transaction, and now and then a whole quarter's bill run (≈ 200 bills and
 * entries in one transaction). After each commit it prints {"c":<head seq>}
 * — the parent holds it to that: a commit it was told of must survive the
 * kill. With "checkpoint" it also forces WAL checkpoints, announcing each
 * with {"ckpt":n} before and {"ckptDone":n} after, so the parent can kill it
 * in the middle of one.
 */
import readline from "node:readline";
import { writeBatch, type Db } from "~db/connection";
import { addDays, shanghaiDate } from "~/domain/calendar";
import { DomainError } from "~/domain/errors";
import { storeAttachmentFile, type StoredAttachment } from "~/services/attachments.server";
import { chainHead } from "~/services/audit.server";
import { recordPayment } from "~/services/billing/payments.server";
import { runBills } from "~/services/billing/runs.server";
import { getDb } from "~/services/db.server";
import { recordIncome } from "~/services/income/income.server";
import { postVoucher } from "~/services/ledger/entries.server";
import { addQuote, closeQuoting, draftProposal, openQuoting } from "~/services/spending/proposals.server";
import { userOf } from "./race-world";

const seed = Number(process.argv[2] ?? "1");
const checkpointMode = process.argv[3] === "checkpoint";

/** mulberry32: the same seed gives the same mix, so a failing run can be replayed. */
let state = seed >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const PDF = new Uint8Array([...Buffer.from("%PDF-1.4\n% crash\n"), ...Buffer.from("1 0 obj << >> endobj\n%%EOF\n")]);

function nextBillPeriod(db: Db): string {
  const { last } = db.$client.prepare("SELECT max(period_end) AS last FROM bills").get() as { last: string };
  const [y, m] = last.split("-").map(Number) as [number, number];
  const index = y * 12 + m; // the month after `last`, 0-based month index
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin });
  say({ ready: true });
  await new Promise<void>((resolve) => lines.on("line", (line) => line === "go" && resolve()));
  const db = getDb();
  const manager = String(userOf(db, "manager").id);
  const unitIds = (db.$client.prepare("SELECT id FROM units").all() as { id: number }[]).map((u) => u.id);
  const supplierIds = (db.$client.prepare("SELECT id FROM suppliers WHERE active = 1 AND related_to_company = 0").all() as { id: number }[]).map((s) => s.id);
  const quoteFile: StoredAttachment = await storeAttachmentFile(PDF, "quote.pdf");
  const today = shanghaiDate(new Date());
  let op = 0;
  let checkpoints = 0;

  const payment = (tag: string) => recordPayment(db, {
    unitId: pick(unitIds), receivedOn: today, amountFen: 1 + Math.floor(random() * 300_000), method: pick(["bank", "wechat", "alipay", "cash"] as const),
    reference: `crash ${tag}`, idempotencyKey: `crash-${seed}-${tag}`, allowPrepayment: true,
  }, manager);
  const writes: [number, () => void][] = [
    [40, () => payment(String(op))],
    [15, () => recordIncome(db, {
      kind: "interest", book: pick(["cogoverned", "public_revenue"] as const), receivedOn: today, amountFen: 1 + Math.floor(random() * 50_000),
      counterparty: "工商银行", counterpartyIsPerson: false, reference: `利息 ${seed}-${op}`,
    }, manager)],
    [15, () => postVoucher(db, {
      businessDate: today, memo: `其他收入 ${seed}-${op}`,
      postings: [{ book: "cogoverned", accountCode: "1002", amountFen: 100 + op }, { book: "cogoverned", accountCode: "6009", amountFen: -(100 + op) }],
    }, manager)],
    [10, () => {
      const { proposal } = draftProposal(db, {
        book: "cogoverned", kind: pick(["6602", "6603", "6604"]), title: `崩溃测试方案 ${seed}-${op}`, reason: "测试写入中途被杀死。",
        items: [{ description: "材料", quantity: "1", unit: "批", estimatedFen: 10_000 + op }], isMajorRepair: false,
      }, manager);
      openQuoting(db, proposal.id, manager);
      addQuote(db, { proposalId: proposal.id, supplierId: pick(supplierIds), itemAmounts: [10_000 + op], validUntil: "2099-12-31", note: "", attachment: quoteFile }, manager);
      closeQuoting(db, proposal.id, manager);
    }],
    [15, () => writeBatch(db, () => {
      for (let i = 0; i < 5; i++) payment(`${op}.${i}`);
    })],
    [3, () => runBills(db, { periodStart: nextBillPeriod(db), issuedOn: today, dueOn: addDays(today, 30) }, manager)],
  ];
  const total = writes.reduce((s, [weight]) => s + weight, 0);
  let written = false;
  const startSeq = chainHead(db)?.seq ?? 0;
  for (;;) {
    op += 1;
    let r = random() * total;
    const write = writes.find(([weight]) => (r -= weight) < 0)![1];
    try {
      write();
    } catch (error) {
      // A refusal (a unit's closed period, say) is the service doing its job; anything else stops the writer.
      if (!(error instanceof DomainError)) throw error;
    }
    const head = chainHead(db)?.seq ?? 0;
    say({ c: head });
    // "writing" once something really committed: the parent's kill then always has work to lose.
    if (!written && head > startSeq) {
      written = true;
      say({ writing: true });
    }
    if (checkpointMode && op % 8 === 0) {
      // A bill run first, so the checkpoint has a few hundred pages to copy back.
      runBills(db, { periodStart: nextBillPeriod(db), issuedOn: today, dueOn: addDays(today, 30) }, manager);
      say({ c: chainHead(db)?.seq ?? 0 });
      checkpoints += 1;
      say({ ckpt: checkpoints });
      db.$client.pragma("wal_checkpoint(TRUNCATE)");
      say({ ckptDone: checkpoints });
    }
  }
}

await main();
