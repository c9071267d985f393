import { z } from "zod";
import { ROLES, roleSchema } from "./roles";

export const PASSWORD_MIN_LENGTH = 10;

const password = z
  .string({ error: "errors.required" })
  .min(PASSWORD_MIN_LENGTH, { error: "errors.passwordTooShort" })
  .max(200, { error: "errors.tooLong" });

const login = z
  .string({ error: "errors.required" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, { error: "errors.login" });

const displayName = z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(60, { error: "errors.tooLong" });

// Conform's parseWithZod coerces form text first: "" → undefined, "12" → 12,
// "on" → true, and a single checked box → a one-item array.
const optionalId = z.number({ error: "errors.invalid" }).int({ error: "errors.invalid" }).positive({ error: "errors.invalid" }).optional();

const roles = z.array(roleSchema, { error: "errors.role" }).min(1, { error: "errors.rolesRequired" }).max(ROLES.length);

const checkbox = z.boolean({ error: "errors.invalid" }).default(false);

export const loginFormSchema = z.object({
  login: z.string({ error: "errors.required" }).trim().toLowerCase().min(1, { error: "errors.required" }).max(40, { error: "errors.tooLong" }),
  password: z.string({ error: "errors.required" }).min(1, { error: "errors.required" }).max(200, { error: "errors.tooLong" }),
  redirectTo: z.string().max(500).optional(),
});

export const createUserFormSchema = z.object({
  login,
  displayName,
  password,
  roles,
  isDirector: checkbox,
  ownerId: optionalId,
});
export type CreateUserInput = z.infer<typeof createUserFormSchema>;

export const updateUserFormSchema = z.object({
  displayName,
  roles,
  isDirector: checkbox,
  ownerId: optionalId,
});
export type UpdateUserInput = z.infer<typeof updateUserFormSchema>;

export const resetPasswordFormSchema = z.object({ password });

export const changePasswordFormSchema = z
  .object({
    currentPassword: z.string({ error: "errors.required" }).min(1, { error: "errors.required" }).max(200),
    newPassword: password,
    confirmPassword: z.string({ error: "errors.required" }).min(1, { error: "errors.required" }).max(200),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], error: "errors.passwordMismatch" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], error: "errors.passwordUnchanged" });

/** Owner-linked roles and the director flag must make sense together. */
export function checkUserRoles(input: { roles: readonly string[]; isDirector: boolean; ownerId?: number | null }): string | null {
  if (input.isDirector && !input.roles.includes("committee")) return "errors.directorNeedsCommittee";
  if (input.roles.includes("owner") && !input.ownerId) return "errors.ownerNeedsRecord";
  return null;
}
