import { z } from "zod";

/** The statement posting window is never below the national 15 days (DESIGN.md §8). */
export const MIN_POSTING_DAYS = 15;

export const communitySettingsSchema = z.object({
  billingPeriod: z.enum(["monthly", "quarterly"], { error: "errors.billingPeriod" }),
  postingMinDays: z.coerce
    .number({ error: "errors.integer" })
    .int({ error: "errors.integer" })
    .min(MIN_POSTING_DAYS, { error: "errors.postingMinDays" })
    .max(366, { error: "errors.postingMinDays" }),
});

export type CommunitySettings = z.infer<typeof communitySettingsSchema>;

export const DEFAULT_SETTINGS: CommunitySettings = { billingPeriod: "quarterly", postingMinDays: 15 };

export const communityFormSchema = z.object({
  name: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(100, { error: "errors.tooLong" }),
  address: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(200, { error: "errors.tooLong" }),
}).extend(communitySettingsSchema.shape);

export type CommunityForm = z.infer<typeof communityFormSchema>;
