import { z } from "zod";
import { parseYuan } from "./money";

/**
 * A form field for a positive amount typed in yuan (at most two decimals),
 * parsed exactly to fen. `positiveCode` is the feature's own message for
 * zero or a negative amount; malformed input gets the shared money errors.
 */
export function positiveYuanField(positiveCode: string) {
  return z.string({ error: "errors.money.empty" }).transform((value, ctx) => {
    const parsed = parseYuan(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: `errors.${parsed.error.code}` });
      return z.NEVER;
    }
    if (parsed.value <= 0) {
      ctx.addIssue({ code: "custom", message: positiveCode });
      return z.NEVER;
    }
    return parsed.value;
  });
}
