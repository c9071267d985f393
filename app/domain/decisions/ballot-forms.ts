import { z } from "zod";
import { isIsoDate } from "../calendar";
import { parseYuan } from "../money";
import { CHOICES } from "./ballot-tally";
import { MATTERS } from "./matters";

/**
 * The forms of /ballots/new and /ballots/:id, shared by the page (validation
 * in the browser) and the action. Messages are i18n keys.
 */
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A date and a wall-clock time in China (UTC+8 all year, no summer time) as an RFC 3339 UTC instant. */
export function shanghaiInstant(date: string, time: string): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString();
}

/** An amount in yuan that may be left empty (null: the ballot authorises no spending). */
const optionalYuan = z.string().optional().transform((value, ctx) => {
  if (value === undefined || value.trim() === "") return null;
  const parsed = parseYuan(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: `errors.${parsed.error.code}` });
    return z.NEVER;
  }
  if (parsed.value <= 0) {
    ctx.addIssue({ code: "custom", message: "ballots.errors.authorisedPositive" });
    return z.NEVER;
  }
  return parsed.value;
});

export const openBallotFormSchema = z.object({
  title: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(200, { error: "errors.tooLong" }),
  matter: z.coerce.number({ error: "ballots.errors.matter" }).int({ error: "ballots.errors.matter" })
    .refine((m) => (MATTERS as readonly number[]).includes(m), { error: "ballots.errors.matter" }),
  text: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(5000, { error: "errors.tooLong" }),
  authorised: optionalYuan,
  deadlineDate: z.string({ error: "errors.required" }).refine(isIsoDate, { error: "ballots.errors.deadlineDate" }),
  deadlineTime: z.string({ error: "errors.required" }).regex(TIME, { error: "ballots.errors.deadlineTime" }),
});
export type OpenBallotForm = z.infer<typeof openBallotFormSchema>;

/** The detail page's two buttons: an owner's vote, the committee's close. No field names an owner. */
export const ballotActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("vote"), choice: z.enum(CHOICES, { error: "ballots.errors.choice" }) }),
  z.object({ intent: z.literal("close") }),
], { error: "errors.invalid" });
