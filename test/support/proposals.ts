import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "~db/connection";
import { users } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { creditCodeCheckChar } from "~/domain/spending/credit-codes";
import type { ProposalDraftInput, SubmitInput } from "~/domain/spending/proposal-forms";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { storeAttachmentFile } from "~/services/attachments.server";
import { createSupplier } from "~/services/spending/suppliers.server";
import { addQuote, closeQuoting, draftProposal, openQuoting } from "~/services/spending/proposals.server";
import { signIn } from "./http";

/** Tiny files that pass (or fail) the content check. */
export const FILES = {
  pdf: () => new Uint8Array([...Buffer.from("%PDF-1.4\n% quote\n"), ...Buffer.from("1 0 obj << >> endobj\n%%EOF\n")]),
  png: () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  exe: () => new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]),
};

let codeCounter = 0;
/** A valid unified social credit code, different each call. */
export function creditCode(): string {
  codeCounter += 1;
  const first17 = `91310000MA${String(100000 + codeCounter * 7).padStart(6, "0")}0`.slice(0, 17);
  return first17 + creditCodeCheckChar(first17)!;
}

/** The demo community's users by login, with their ids and actor strings. */
export async function proposalsWorld(db: Db) {
  await ensureDemoCommunity(db);
  const byLogin = (login: string) => {
    const row = db.select().from(users).where(eq(users.login, login)).get();
    if (!row) throw new Error(`no demo user ${login}`);
    return { id: row.id, actor: String(row.id) };
  };
  const logins = ["admin", "manager", "accountant", "director", "committee1", "committee2", "committee3", "committee4", "auditor", "owner"] as const;
  return Object.fromEntries(logins.map((l) => [l, byLogin(l)])) as Record<(typeof logins)[number], { id: number; actor: string }>;
}

export async function cookieOf(login: string): Promise<string> {
  return (await signIn(login, DEMO_PASSWORD)).cookie;
}

/** A supplier through section 1's createSupplier (organisation, valid credit code). */
export function supplier(db: Db, manager: string, fields: { name: string; phone?: string; bankAccount?: string; address?: string; legalRepresentative?: string; relatedToCompany?: boolean }) {
  const { supplier: row } = createSupplier(db, {
    kind: "organisation", creditCode: creditCode(), name: fields.name, legalRepresentative: fields.legalRepresentative ?? `${fields.name}法人`,
    phone: fields.phone ?? "", address: fields.address ?? "", bankAccount: fields.bankAccount ?? "",
    relatedToCompany: fields.relatedToCompany ?? false, companyRelation: fields.relatedToCompany ? "物业公司子公司" : "",
  }, manager) as unknown as { supplier: { id: number } };
  return row;
}

export function elevatorDraft(fields: Partial<ProposalDraftInput> = {}): ProposalDraftInput {
  return {
    book: "cogoverned", kind: "6602", title: "3 号楼电梯维修", reason: "电梯曳引机异响，维保单位检查后建议更换钢丝绳。",
    items: [
      { description: "更换曳引钢丝绳", quantity: "6", unit: "根", estimatedFen: 900_000 },
      { description: "人工及调试", quantity: "1", unit: "项", estimatedFen: 300_000 },
    ],
    isMajorRepair: false, ...fields,
  };
}

export async function storedPdf() {
  return storeAttachmentFile(FILES.pdf(), "报价单.pdf");
}

/** A proposal in quoting with one quote per [supplierId, [item fen…], validUntil]. */
export async function quotedProposal(db: Db, manager: string, draft: ProposalDraftInput, quotes: [number, number[], string?][], now = new Date("2026-05-01T02:00:00Z")) {
  const { proposal } = draftProposal(db, draft, manager, now);
  openQuoting(db, proposal.id, manager);
  const ids: number[] = [];
  for (const [supplierId, itemAmounts, validUntil] of quotes) {
    const { quote } = addQuote(db, { proposalId: proposal.id, supplierId, itemAmounts, validUntil: validUntil ?? "2026-12-31", note: "", attachment: await storedPdf() }, manager);
    ids.push(quote.id);
  }
  return { proposalId: proposal.id, quoteIds: ids, close: () => closeQuoting(db, proposal.id, manager) };
}

export function submitInput(selectedQuoteId: number, fields: Partial<SubmitInput> = {}): SubmitInput {
  return {
    selectedQuoteId, selectionReason: "", exceptionReason: "", collusionReason: "",
    advancePercent: "0.00", retentionPercent: "0.00", warrantyMonths: 0, onDate: "2026-05-10", ...fields,
  };
}

/** Row counts of the spending tables and the audit head: equal before and after a refusal. */
export function spendingDigest(db: Db) {
  const n = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const tables = ["proposals", "quotes", "selection_scores", "approvals", "spending_attachments", "attachments", "procurement_rules", "notification_outbox"];
  return {
    ...Object.fromEntries(tables.map((t) => [t, n(t)])),
    statuses: db.$client.prepare("SELECT group_concat(id || ':' || status || ':' || audit_seq) AS s FROM proposals").get(),
    maxSeq: (db.$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n,
  };
}

/** A refusal with this code (and status) that leaves every spending table as it was. */
export async function expectRefused(db: Db, fn: () => unknown, code: string, status?: number) {
  const before = spendingDigest(db);
  let thrown: unknown;
  try {
    await fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((thrown as DomainError).code).toBe(code);
  if (status !== undefined) expect((thrown as DomainError).options.status).toBe(status);
  expect(spendingDigest(db)).toEqual(before);
  return thrown as DomainError;
}
