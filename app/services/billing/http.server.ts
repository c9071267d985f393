import { data } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { isDomainError } from "~/domain/errors";

/**
 * Like request.server's `refuse`, but also hands the page the refusal's
 * params (e.g. how much is owed), so the message can name them.
 */
export function refuseWithParams(submission: { reply: (options: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult }, error: unknown) {
  if (!isDomainError(error)) throw error;
  const field = error.options.field;
  const lastResult = submission.reply(field ? { fieldErrors: { [field]: [error.code] } } : { formErrors: [error.code] });
  return data({ lastResult, params: error.options.params ?? null }, { status: error.options.status ?? 400 });
}

/** Today's date in Asia/Shanghai, only as a page's default (services take explicit dates). */
export function todayInShanghai(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
