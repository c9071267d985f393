import { z } from "zod";
import { parsePercent } from "./income/percent";

/** The statement posting window is never below the national 15 days (DESIGN.md §8). */
export const MIN_POSTING_DAYS = 15;

/** Days an answer to an owner's question 质询 is due in (issue 5): 1..90, 15 by default. */
export const MIN_ANSWER_DUE_DAYS = 1;
export const MAX_ANSWER_DUE_DAYS = 90;
export const DEFAULT_ANSWER_DUE_DAYS = 15;

const answerDueDays = z.coerce
  .number({ error: "questions.settings.answerDueDaysInvalid" })
  .int({ error: "questions.settings.answerDueDaysInvalid" })
  .min(MIN_ANSWER_DUE_DAYS, { error: "questions.settings.answerDueDaysInvalid" })
  .max(MAX_ANSWER_DUE_DAYS, { error: "questions.settings.answerDueDaysInvalid" });

/**
 * The lowest share of public revenue the owners may send to the maintenance
 * fund, where the city requires one (often 50 %): a percentage 0–100 with at
 * most two decimals, normalized ("50" → "50.00").
 */
export const DEFAULT_MAINTENANCE_FUND_MIN_PERCENT = "50.00";
const minPercent = z.string({ error: "publicRevenue.errors.floorInvalid" }).transform((value, ctx) => {
  const parsed = parsePercent(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: "publicRevenue.errors.floorInvalid" });
    return z.NEVER;
  }
  return parsed.value;
});

/**
 * The stored settings (community.settings JSON). Fields added later carry
 * defaults, so the settings of a community created before them still parse.
 */
export const communitySettingsSchema = z.object({
  billingPeriod: z.enum(["monthly", "quarterly"], { error: "errors.billingPeriod" }),
  postingMinDays: z.coerce
    .number({ error: "errors.integer" })
    .int({ error: "errors.integer" })
    .min(MIN_POSTING_DAYS, { error: "errors.postingMinDays" })
    .max(366, { error: "errors.postingMinDays" }),
  // Published statements readable without logging in (they are posted on the board anyway).
  statementsPublic: z.boolean().default(true),
  answerDueDays: answerDueDays.default(DEFAULT_ANSWER_DUE_DAYS),
  maintenanceFundMinPercent: minPercent.default(DEFAULT_MAINTENANCE_FUND_MIN_PERCENT),
});

export type CommunitySettings = z.infer<typeof communitySettingsSchema>;

export const DEFAULT_SETTINGS: CommunitySettings = {
  billingPeriod: "quarterly", postingMinDays: 15, statementsPublic: true, answerDueDays: DEFAULT_ANSWER_DUE_DAYS,
  maintenanceFundMinPercent: DEFAULT_MAINTENANCE_FUND_MIN_PERCENT,
};

/**
 * The admin's form. A checkbox sends nothing when unticked, so in the form an
 * absent statementsPublic means "no" (the stored default "yes" is only for
 * settings written before the field existed).
 */
export const communityFormSchema = z.object({
  name: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(100, { error: "errors.tooLong" }),
  address: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(200, { error: "errors.tooLong" }),
}).extend(communitySettingsSchema.shape).extend({
  statementsPublic: z.boolean().optional().default(false),
});

/** What the services take: callers from before issue 5 may leave the new fields out (they then keep their current or default values). */
export type CommunityForm = Omit<z.infer<typeof communityFormSchema>, "statementsPublic" | "answerDueDays" | "maintenanceFundMinPercent">
  & Partial<Pick<CommunitySettings, "statementsPublic" | "answerDueDays" | "maintenanceFundMinPercent">>;
