import { z } from "zod";
import { parseArea } from "./area";

export const UNIT_KINDS = ["residential", "commercial", "developer_unsold", "developer_undelivered"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const OWNER_KINDS = ["person", "organisation", "developer"] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

/** A developer's unsold and undelivered units belong to its one developer owner (SPC interpretation art. 9). */
export function isDeveloperUnitKind(kind: UnitKind): boolean {
  return kind === "developer_unsold" || kind === "developer_undelivered";
}

const text = (max: number) =>
  z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(max, { error: "errors.tooLong" });

/** Mainland mobile (11 digits from 1) or a landline with area code; empty is allowed. */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const phone = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s]/g, ""))
  .refine((v) => v === "" || PHONE_PATTERN.test(v), { error: "errors.phone" });

export const areaField = z.string({ error: "errors.required" }).transform((value, ctx) => {
  const parsed = parseArea(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: `errors.${parsed.error.code}` });
    return z.NEVER;
  }
  return parsed.value;
});

export const ownerFormSchema = z.object({
  kind: z.enum(OWNER_KINDS, { error: "errors.ownerKind" }),
  name: text(100),
  phone: phone.optional().transform((v) => v ?? ""),
});
export type OwnerInput = z.infer<typeof ownerFormSchema>;

export const unitFormSchema = z.object({
  building: text(20),
  number: text(20),
  area: areaField,
  kind: z.enum(UNIT_KINDS, { error: "errors.unitKind" }),
  ownerId: z.coerce.number({ error: "errors.ownerRequired" }).int({ error: "errors.ownerRequired" }).positive({ error: "errors.ownerRequired" }),
});
export type UnitInput = z.infer<typeof unitFormSchema>;

/** A unit's kind must agree with its owner's: developer units only with the developer. */
export function checkUnitOwner(unitKind: UnitKind, ownerKind: OwnerKind): string | null {
  if (isDeveloperUnitKind(unitKind) !== (ownerKind === "developer")) return "errors.developerUnitOwner";
  return null;
}
