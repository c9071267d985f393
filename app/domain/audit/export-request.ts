import { z } from "zod";
import { isIsoDate } from "../calendar";

/** An optional day YYYY-MM-DD from a query string: "" counts as absent. */
const day = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : typeof value === "string" ? value.trim() : value),
  z.string({ error: "exports.errors.badDate" }).refine(isIsoDate, { error: "exports.errors.badDate" }).optional(),
);

/** The date range of an export download (?from=&to=), both optional, from ≤ to. */
export const exportRangeSchema = z
  .object({ from: day, to: day })
  .refine((range) => !(range.from && range.to && range.from > range.to), { error: "exports.errors.badRange" });

/** The public /verify page's query: what a person pasted (a hash or an address), bounded. */
export const verifyQuerySchema = z.object({ hash: z.string().max(2048).optional() });

/** /auditor/bundle?attachments=1: whether the files go in too. */
export const bundleQuerySchema = z.object({ attachments: z.enum(["0", "1"]).optional() });
