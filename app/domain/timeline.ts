/**
 * The timeline in words (issue 4 item 10), pure: an audit event becomes a
 * small serialisable item — who did what, from which status to which, and the
 * human facts the writing service put in the event's `extra` data. The rows'
 * content is never copied (it may hold digests and would make pages heavy).
 */

export interface TimelineFacts {
  amountFen?: number;
  choice?: string;
  reason?: string;
  stage?: string;
  outcome?: string;
}

export interface TimelineItem {
  seq: number;
  at: string;
  actor: string;
  /** users.displayName for a user id; "system" for the system; null for "anonymous" or an unknown id. */
  actorName: string | null;
  actorKind: "user" | "system" | "anonymous";
  action: string;
  subject: string;
  from: string | null;
  to: string | null;
  facts: TimelineFacts;
}

export interface RawEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  /** The event data: canonical JSON text or the parsed object. */
  data: string | Record<string, unknown>;
}

const TEXT_FACTS = ["choice", "reason", "stage"] as const;
const MAX_TEXT = 500;

function text(value: unknown): string | null {
  if (typeof value === "string") return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return null;
}

/** The outcome may be written as a status word or as an approvalOutcome object ({status, reason, tally}). */
function outcomeText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object" && "status" in value) return text((value as { status: unknown }).status);
  return null;
}

export function extractFacts(data: Record<string, unknown>): TimelineFacts {
  const facts: TimelineFacts = {};
  if (typeof data.amountFen === "number" && Number.isSafeInteger(data.amountFen)) facts.amountFen = data.amountFen;
  for (const key of TEXT_FACTS) {
    const value = text(data[key]);
    if (value !== null && value !== "") facts[key] = value;
  }
  const outcome = outcomeText(data.outcome);
  if (outcome !== null && outcome !== "") facts.outcome = outcome;
  return facts;
}

function parseData(data: RawEvent["data"]): Record<string, unknown> {
  if (typeof data !== "string") return data;
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A user id actor is its decimal id; anything else is "system" or "anonymous". */
export function actorUserId(actor: string): number | null {
  return /^[1-9][0-9]*$/.test(actor) ? Number(actor) : null;
}

export function timelineItem(event: RawEvent, names: ReadonlyMap<number, string>): TimelineItem {
  const data = parseData(event.data);
  const userId = actorUserId(event.actor);
  const actorKind = userId !== null ? "user" : event.actor === "system" ? "system" : "anonymous";
  const actorName = userId !== null ? names.get(userId) ?? null : actorKind === "system" ? "system" : null;
  return {
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    actorName,
    actorKind,
    action: event.action,
    subject: event.subject,
    from: text(data.from),
    to: text(data.to),
    facts: extractFacts(data),
  };
}

/** The i18n key of an action's sentence: `timeline.actions.proposal_open_quoting`. */
export function actionKey(action: string): string {
  return `timeline.actions.${action.replace(/\./g, "_")}`;
}

/** The kind of a subject ("proposal:12" → "proposal"). */
export function subjectKind(subject: string): string {
  const i = subject.indexOf(":");
  return i < 0 ? subject : subject.slice(0, i);
}

const STATUS_GROUPS: Record<string, string> = {
  proposal: "proposal",
  budget: "budget",
  supplier: "supplier",
  rules: "rules",
  notification_channel: "channel",
  statement: "statement",
  ballot: "ballot",
};

/** The i18n key of a status word for the subject's kind, or null when the kind has no status words. */
export function statusKey(subject: string, status: string): string | null {
  const group = STATUS_GROUPS[subjectKind(subject)];
  return group ? `timeline.status.${group}.${status}` : null;
}
