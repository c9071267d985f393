import { asc, eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { bankMappings } from "~db/schema";
import { normalizeMapping, type BankMapping } from "~/domain/bank/mapping";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";

export type BankMappingRow = typeof bankMappings.$inferSelect;

export function parseStoredMapping(text: string): BankMapping {
  return JSON.parse(text) as BankMapping;
}

/** Saves a mapping under a bank name (action `bank.mapping_save`): a new row, or the named one updated. */
export function saveBankMapping(db: Db, input: { name: string } & BankMapping, actor: Actor) {
  const { name, ...mapping } = input;
  const text = JSON.stringify(normalizeMapping(mapping));
  return auditedWrite(db, { actor, action: "bank.mapping_save" }, (tx, seq) => {
    const existing = tx.select().from(bankMappings).where(eq(bankMappings.name, name.trim())).get();
    const row = existing
      ? tx.update(bankMappings).set({ mapping: text, auditSeq: seq }).where(eq(bankMappings.id, existing.id)).returning().get()
      : tx.insert(bankMappings).values({ name: name.trim(), mapping: text, auditSeq: seq }).returning().get();
    return {
      result: { mapping: row, updated: Boolean(existing) },
      subject: `bank_mapping:${row.id}`,
      rows: { bank_mappings: [rowViews.bank_mappings(row)] },
      extra: { updated: Boolean(existing) },
    };
  });
}

export function listBankMappings(db: Db): (BankMappingRow & { parsed: BankMapping })[] {
  return db.select().from(bankMappings).orderBy(asc(bankMappings.name)).all().map((row) => ({ ...row, parsed: parseStoredMapping(row.mapping) }));
}

export function getBankMapping(db: Db, id: number): BankMapping | null {
  const row = db.select().from(bankMappings).where(eq(bankMappings.id, id)).get();
  return row ? parseStoredMapping(row.mapping) : null;
}
