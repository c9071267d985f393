import type { Db } from "~db/connection";
import { isDomainError } from "~/domain/errors";
import { creditCodeCheckChar, residentIdCheckChar } from "~/domain/spending/credit-codes";
import type { SupplierFormInput } from "~/domain/spending/supplier-forms";
import type { Actor } from "~/services/audit.server";
import { createSupplier, type SupplierRow } from "~/services/spending/suppliers.server";

/** A valid unified social credit code: "91310000MA1K" + five digits of `n` + its check character. */
export function creditCodeFor(n: number): string {
  const first17 = `91310000MA1K${String(n % 100_000).padStart(5, "0")}`;
  return first17 + creditCodeCheckChar(first17)!;
}

/** A valid resident ID number born 1990-01-01 with sequence `n` (0–999). */
export function residentIdFor(n: number): string {
  const first17 = `11010519900101${String(n % 1000).padStart(3, "0")}`;
  return first17 + residentIdCheckChar(first17)!;
}

let next = 0;

/** A valid organisation (unless `partial` says otherwise), created through the service. */
export function buildSupplier(db: Db, partial: Partial<SupplierFormInput> = {}, actor: Actor = "system"): SupplierRow {
  for (;;) {
    next += 1;
    const input: SupplierFormInput = {
      kind: "organisation",
      name: `测试供应商${next}号有限公司`,
      creditCode: creditCodeFor(next),
      legalRepresentative: `法人${next}`,
      contactName: `联系人${next}`,
      phone: `1380000${String(next % 10_000).padStart(4, "0")}`,
      address: `上海市浦东新区测试路${next}号`,
      bankName: "中国工商银行上海分行",
      bankAccount: `6222 0210 0100 ${String(next % 10_000).padStart(4, "0")}`,
      scope: "电梯维修保养",
      ...partial,
    };
    try {
      return createSupplier(db, input, actor).supplier;
    } catch (error) {
      // Another builder call (or demo data) already holds this generated code: take the next one.
      if (partial.creditCode === undefined && isDomainError(error) && error.code === "suppliers.errors.duplicateCreditCode") continue;
      throw error;
    }
  }
}

export function buildSuppliers(db: Db, n: number, actor: Actor = "system"): SupplierRow[] {
  return Array.from({ length: n }, () => buildSupplier(db, {}, actor));
}
