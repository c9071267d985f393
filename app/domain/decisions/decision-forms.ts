import { z } from "zod";
import { parseArea } from "../area";
import { isIsoDate } from "../calendar";
import { parseYuan } from "../money";
import { digitsToSafeInteger, normalizeNumericText, parseUnsignedDecimal } from "../numeric-text";

/**
 * The form that records an owners' decision (/decisions/new), used by the
 * page (in the browser) and the action alike. Messages are i18n keys. The
 * files (minutes, counted ballots) are not in the schema: the action reads
 * them and the service refuses a decision without minutes.
 */
export const DECISION_TITLE_MAX = 200;
export const DECISION_TEXT_MAX = 5000;
export const TALLY_SIDES = ["agree", "disagree", "abstain"] as const;
export type TallySide = (typeof TALLY_SIDES)[number];

type Parsed = { ok: true; value: number } | { ok: false; code: string };

/**
 * A tally's area: blank or 0 is none; otherwise exactly as parseArea reads a
 * unit's area (two decimals at most). A tally may exceed the largest single
 * unit parseArea allows, so a "too large" reading is redone from the digits.
 */
export function parseTallyArea(input: string): Parsed {
  const text = normalizeNumericText(input);
  if (text === "") return { ok: true, value: 0 };
  if (text.startsWith("-")) return { ok: false, code: "decisions.errors.negative" };
  const parsed = parseArea(text);
  if (parsed.ok) return parsed;
  if (parsed.error.code === "area.not_positive") return { ok: true, value: 0 };
  if (parsed.error.code === "area.too_large") {
    const digits = parseUnsignedDecimal(text.replace(/\s*(?:m²|m2|㎡|平方米|平米)$/, ""), { allowGrouping: true });
    if (digits && digits.fractionDigits.length <= 2 && digits.integerDigits.length <= 11) {
      return { ok: true, value: digitsToSafeInteger(digits.integerDigits + digits.fractionDigits.padEnd(2, "0")) };
    }
  }
  return { ok: false, code: `errors.${parsed.error.code}` };
}

/** A headcount: blank is 0, else whole digits only. */
export function parseHeads(input: string): Parsed {
  const text = normalizeNumericText(input);
  if (text === "") return { ok: true, value: 0 };
  if (text.startsWith("-")) return { ok: false, code: "decisions.errors.negative" };
  if (!/^\d{1,9}$/.test(text)) return { ok: false, code: "decisions.errors.headsInvalid" };
  return { ok: true, value: digitsToSafeInteger(text) };
}

const viaParser = (parse: (s: string) => Parsed) =>
  z.string().optional().default("").transform((value, ctx) => {
    const parsed = parse(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.code });
      return z.NEVER;
    }
    return parsed.value;
  });

const requiredText = (max: number, error: string) =>
  z.string({ error }).trim().min(1, { error }).max(max, { error: "errors.tooLong" });
const isoDate = z.string({ error: "decisions.errors.date" }).trim().refine(isIsoDate, { error: "decisions.errors.date" });

/** Optional amount in yuan: blank means the decision authorises no spending. */
const optionalYuan = z.string().optional().default("").transform((value, ctx) => {
  if (value.trim() === "") return null;
  const parsed = parseYuan(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: `errors.${parsed.error.code}` });
    return z.NEVER;
  }
  if (parsed.value <= 0) {
    ctx.addIssue({ code: "custom", message: "decisions.errors.authorisedPositive" });
    return z.NEVER;
  }
  return parsed.value;
});

export const decisionFormSchema = z.object({
  title: requiredText(DECISION_TITLE_MAX, "decisions.errors.titleRequired"),
  matter: z.coerce.number({ error: "decisions.errors.matter" }).int({ error: "decisions.errors.matter" })
    .min(1, { error: "decisions.errors.matter" }).max(9, { error: "decisions.errors.matter" }),
  text: requiredText(DECISION_TEXT_MAX, "decisions.errors.textRequired"),
  heldFrom: isoDate,
  heldUntil: isoDate,
  announcedOn: isoDate,
  agreeArea: viaParser(parseTallyArea),
  agreeOwners: viaParser(parseHeads),
  disagreeArea: viaParser(parseTallyArea),
  disagreeOwners: viaParser(parseHeads),
  abstainArea: viaParser(parseTallyArea),
  abstainOwners: viaParser(parseHeads),
  authorised: optionalYuan,
}).superRefine((v, ctx) => {
  if (v.heldUntil < v.heldFrom) ctx.addIssue({ code: "custom", path: ["heldUntil"], message: "decisions.errors.datesOrder" });
  if (v.announcedOn < v.heldUntil) ctx.addIssue({ code: "custom", path: ["announcedOn"], message: "decisions.errors.announcedBeforeEnd" });
  for (const side of TALLY_SIDES) {
    // Each owner holds some area, and area is held by some owner.
    if ((v[`${side}Area`] === 0) !== (v[`${side}Owners`] === 0)) {
      ctx.addIssue({ code: "custom", path: [`${side}Area`], message: "decisions.errors.areaWithoutOwners" });
    }
  }
});
export type DecisionFormValue = z.infer<typeof decisionFormSchema>;

/** The form's values as the service's tallies. */
export function talliesOfForm(v: DecisionFormValue) {
  return {
    agree: { areaCentiM2: v.agreeArea, owners: v.agreeOwners },
    disagree: { areaCentiM2: v.disagreeArea, owners: v.disagreeOwners },
    abstain: { areaCentiM2: v.abstainArea, owners: v.abstainOwners },
  };
}
