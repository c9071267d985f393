import { and, eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { owners, units } from "~db/schema";
import type { JsonObject } from "~/domain/audit-chain";
import { parseUnitRegisterCsv, type RegisterRowError } from "~/domain/unit-register-csv";
import { sha256Hex } from "~/domain/audit-chain";
import type { Actor } from "./audit.server";
import { rowViews } from "./audit-rows.server";
import { auditedWrite } from "./audited-write.server";
import { insertOwner } from "./owners.server";

export type ImportOutcome =
  | { ok: true; unitCount: number; newOwnerCount: number; seq: number }
  | { ok: false; errors: RegisterRowError[] };

/**
 * Imports the unit register from CSV: all rows or none. An owner is matched
 * by kind, name and phone — to an existing owner or to another line of the
 * same file — so a person with several units becomes one owner. The whole
 * import is one audit event carrying every row it wrote.
 */
export function importUnitRegister(db: Db, csvText: string, actor: Actor): ImportOutcome {
  const parsed = parseUnitRegisterCsv(csvText);
  if (!parsed.ok) return parsed;
  const existingErrors: RegisterRowError[] = [];
  try {
    return auditedWrite(db, { actor, action: "unit.import" }, (tx, seq) => {
      for (const row of parsed.rows) {
        const clash = tx.select({ id: units.id }).from(units).where(and(eq(units.building, row.building), eq(units.number, row.number))).get();
        if (clash) existingErrors.push({ line: row.line, field: "unit", code: "errors.unitExists" });
      }
      // There is one developer owner (SPC interpretation art. 9): every developer line is that owner.
      const developer = tx.select({ id: owners.id, name: owners.name }).from(owners).where(eq(owners.kind, "developer")).get();
      const developerName = developer?.name ?? parsed.rows.find((r) => r.ownerKind === "developer")?.ownerName;
      for (const row of parsed.rows) {
        if (row.ownerKind === "developer" && row.ownerName !== developerName) {
          existingErrors.push({ line: row.line, field: "owner", code: "errors.oneDeveloper" });
        }
      }
      if (existingErrors.length > 0) throw new ImportRefused();

      const ownerIds = new Map<string, number>();
      const newOwners: JsonObject[] = [];
      const newUnits: JsonObject[] = [];
      for (const row of parsed.rows) {
        const key = row.ownerKind === "developer" ? "developer" : [row.ownerKind, row.ownerName, row.ownerPhone].join("\u0000");
        let ownerId = ownerIds.get(key) ?? (row.ownerKind === "developer" ? developer?.id : undefined);
        if (ownerId === undefined) {
          const existing = tx
            .select({ id: owners.id })
            .from(owners)
            .where(and(eq(owners.kind, row.ownerKind), eq(owners.name, row.ownerName), eq(owners.phone, row.ownerPhone)))
            .get();
          if (existing) ownerId = existing.id;
          else {
            const owner = insertOwner(tx, { kind: row.ownerKind, name: row.ownerName, phone: row.ownerPhone }, seq);
            newOwners.push(rowViews.owners(owner));
            ownerId = owner.id;
          }
          ownerIds.set(key, ownerId);
        }
        const unit = tx
          .insert(units)
          .values({ building: row.building, number: row.number, areaCentiM2: row.areaCentiM2, kind: row.kind, ownerId, auditSeq: seq })
          .returning()
          .get();
        newUnits.push(rowViews.units(unit));
      }
      return {
        result: { ok: true as const, unitCount: newUnits.length, newOwnerCount: newOwners.length, seq },
        subject: `import:${seq}`,
        rows: { owners: newOwners, units: newUnits },
        extra: { fileSha256: sha256Hex(csvText), lineCount: parsed.rows.length },
      };
    });
  } catch (error) {
    if (error instanceof ImportRefused) return { ok: false, errors: existingErrors.sort((a, b) => a.line - b.line) };
    throw error;
  }
}

class ImportRefused extends Error {}
