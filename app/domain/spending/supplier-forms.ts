import { z } from "zod";
import { isIsoDate } from "../calendar";
import { PHONE_PATTERN } from "../register";
import { isValidCreditCode, isValidResidentId, normaliseCode } from "./credit-codes";

/**
 * Form schemas of the supplier register and the related-party declarations,
 * used by the pages (in the browser), the actions and the services alike.
 * Messages are i18n keys.
 */
export const SUPPLIER_KINDS = ["organisation", "individual"] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];

export const NAME_MAX = 100;

const requiredText = (max: number, error = "errors.required") =>
  z.string({ error }).trim().min(1, { error }).max(max, { error: "errors.tooLong" });

/** Optional text: absent (conform sends "" as absent) becomes "". */
const optionalText = (max: number) => z.string().trim().max(max, { error: "errors.tooLong" }).optional().transform((v) => v ?? "");

const phone = z
  .string()
  .trim()
  .transform((v) => v.replace(/\s/g, ""))
  .refine((v) => v === "" || PHONE_PATTERN.test(v), { error: "errors.phone" })
  .optional()
  .transform((v) => v ?? "");

/** A bank account number: 8–30 digits, spaces allowed between groups (kept single). */
export function isBankAccount(text: string): boolean {
  if (!/^[0-9 ]+$/.test(text)) return false;
  const digits = text.replace(/ /g, "").length;
  return digits >= 8 && digits <= 30;
}

const bankAccount = z
  .string()
  .trim()
  .transform((v) => v.normalize("NFKC").replace(/\s+/g, " "))
  .refine((v) => v === "" || isBankAccount(v), { error: "suppliers.errors.bankAccount" })
  .optional()
  .transform((v) => v ?? "");

/** The fields a manager may change after creation (everything but the kind and the identity number). */
const contactShape = {
  name: requiredText(NAME_MAX),
  legalRepresentative: optionalText(NAME_MAX),
  contactName: optionalText(NAME_MAX),
  phone,
  address: optionalText(200),
  bankName: optionalText(100),
  bankAccount,
  scope: optionalText(500),
  relatedToCompany: z.boolean().optional().default(false),
  companyRelation: optionalText(200),
};

type ContactValue = { relatedToCompany: boolean; companyRelation: string };
function checkCompanyRelation(value: ContactValue, ctx: z.RefinementCtx) {
  if (value.relatedToCompany && value.companyRelation === "") {
    ctx.addIssue({ code: "custom", path: ["companyRelation"], message: "suppliers.errors.companyRelationRequired" });
  }
}

/**
 * A new supplier. The page shows both the organisation's fields (credit code,
 * legal representative) and the individual's (ID number) so it works
 * without JavaScript; only the set of the chosen kind is checked and kept.
 */
export const supplierFormSchema = z
  .object({
    kind: z.enum(SUPPLIER_KINDS, { error: "suppliers.errors.kind" }),
    creditCode: optionalText(40).transform(normaliseCode),
    idNumber: optionalText(40).transform(normaliseCode),
    ...contactShape,
  })
  .superRefine((value, ctx) => {
    if (value.kind === "organisation") {
      if (value.creditCode === "") ctx.addIssue({ code: "custom", path: ["creditCode"], message: "suppliers.errors.creditCodeRequired" });
      else if (!isValidCreditCode(value.creditCode)) ctx.addIssue({ code: "custom", path: ["creditCode"], message: "suppliers.errors.creditCode" });
      if (value.legalRepresentative === "") {
        ctx.addIssue({ code: "custom", path: ["legalRepresentative"], message: "suppliers.errors.legalRepresentativeRequired" });
      }
    } else if (value.idNumber === "") {
      ctx.addIssue({ code: "custom", path: ["idNumber"], message: "suppliers.errors.idNumberRequired" });
    } else if (!isValidResidentId(value.idNumber)) {
      ctx.addIssue({ code: "custom", path: ["idNumber"], message: "suppliers.errors.idNumber" });
    }
    checkCompanyRelation(value, ctx);
  });
export type SupplierFormInput = z.input<typeof supplierFormSchema>;
export type SupplierFormValue = z.output<typeof supplierFormSchema>;

/** The edit form: contact details, bank, scope, company relation (the legal representative is checked by the service against the kind). */
export const supplierUpdateFormSchema = z.object(contactShape).superRefine(checkCompanyRelation);
export type SupplierUpdateInput = z.input<typeof supplierUpdateFormSchema>;
export type SupplierUpdateValue = z.output<typeof supplierUpdateFormSchema>;

/** Deactivation and reactivation both need a written reason. */
export const supplierReasonFormSchema = z.object({ reason: requiredText(200, "suppliers.errors.reasonRequired") });
export type SupplierReasonInput = z.input<typeof supplierReasonFormSchema>;

const isoDate = (error: string) => z.string({ error }).trim().refine(isIsoDate, { error });
const id = (error: string) => z.coerce.number({ error }).int({ error }).positive({ error }).max(Number.MAX_SAFE_INTEGER, { error });

/** A declaration 关联关系; `userId` is set only when the director records one for someone else. */
export const declareRelationFormSchema = z.object({
  supplierId: id("suppliers.errors.supplierRequired"),
  userId: id("suppliers.errors.relatedUserRequired").optional(),
  relation: requiredText(200, "suppliers.errors.relationRequired"),
  declaredOn: isoDate("suppliers.errors.date"),
});
export type DeclareRelationFormValue = z.output<typeof declareRelationFormSchema>;

export const endRelationFormSchema = z.object({
  relationId: id("errors.notFound"),
  endedOn: isoDate("suppliers.errors.date"),
  reason: requiredText(200, "suppliers.errors.reasonRequired"),
});
export type EndRelationFormValue = z.output<typeof endRelationFormSchema>;

export const SUPPLIER_STATUS_FILTERS = ["all", "active", "inactive"] as const;

/** The filters of the supplier list; bad values fall back to the defaults. */
export const supplierListQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(SUPPLIER_STATUS_FILTERS).catch("all"),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0),
});
export type SupplierListQuery = z.infer<typeof supplierListQuerySchema>;
