import { z } from "zod";
import { isIsoDate } from "../calendar";

/**
 * The schemas of the pages where statements are prepared, approved,
 * published, posted and reopened (issue 5). Used by the pages in the browser
 * and by the actions alike; messages are i18n keys. The services check the
 * rules that need the database (draftable periods, the posting window's
 * minimum, who may act); these only check what a person typed.
 */

/**
 * The limits of section A's rules (./publishing.ts), repeated here because
 * the browser imports this module and publishing.ts reaches node:crypto
 * through snapshot.ts; a test checks that both agree.
 */
export const WORK_REPORT_MAX = 20_000;
export const REOPEN_REASON_MIN = 5;
export const REOPEN_REASON_MAX = 2_000;
export const BOARD_LOCATION_MAX = 200;
export const BOARD_NOTE_MAX = 500;

const PERIOD = /^\d{4}(Q[1-4])?$/;

const period = z
  .string({ error: "statementAdmin.errors.period" })
  .trim()
  .regex(PERIOD, { error: "statementAdmin.errors.period" });

const workReport = z.string().max(WORK_REPORT_MAX, { error: "errors.tooLong" }).optional().default("");

const date = z
  .string({ error: "statementAdmin.errors.date" })
  .trim()
  .refine(isIsoDate, { error: "statementAdmin.errors.date" });

const requiredText = (max: number, missing: string) =>
  z.string({ error: missing }).trim().min(1, { error: missing }).max(max, { error: "errors.tooLong" });

/** /statements/drafts: a manager starts the first draft of a period ("2026Q1" or "2026"). */
export const newDraftFormSchema = z.object({ period, workReport });

/** /statements/drafts/:id — the manager edits the work report. */
export const workReportFormSchema = z.object({ intent: z.literal("workReport"), workReport });

/** /statements/drafts/:id — the director approves (no fields). */
export const approveFormSchema = z.object({ intent: z.literal("approve") });

/** /statements/drafts/:id — a committee member publishes with its posting window 公示期. */
export const publishFormSchema = z
  .object({
    intent: z.literal("publish"),
    postedFrom: date,
    postedTo: date,
    location: z.string().trim().max(BOARD_LOCATION_MAX, { error: "errors.tooLong" }).optional(),
  })
  .refine((v) => v.postedTo >= v.postedFrom, { error: "statementAdmin.errors.windowOrder", path: ["postedTo"] });

/** The draft page's one form per intent. */
export const draftActionFormSchema = z.discriminatedUnion(
  "intent",
  [workReportFormSchema, approveFormSchema, publishFormSchema],
  { error: "statementAdmin.errors.intent" },
);

export type DraftAction = z.infer<typeof draftActionFormSchema>;

/**
 * /statements/:id/board — where the notice was posted, with a photo of the
 * board (JPEG, PNG or PDF; its content is checked by the server when stored).
 */
export const boardPostingFormSchema = z.object({
  location: requiredText(BOARD_LOCATION_MAX, "statementAdmin.errors.locationRequired"),
  postedOn: date,
  note: z.string().trim().max(BOARD_NOTE_MAX, { error: "errors.tooLong" }).optional().default(""),
  photo: z.instanceof(File, { error: "statementAdmin.errors.photo" }).optional(),
});

/** /statements/:id/reopen — why the published figures must be corrected. */
export const reopenFormSchema = z.object({
  reason: requiredText(REOPEN_REASON_MAX, "statementAdmin.errors.reasonRequired")
    .refine((text) => text.length === 0 || text.length >= REOPEN_REASON_MIN, { error: "statementAdmin.errors.reasonShort" }),
});
