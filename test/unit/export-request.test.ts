import { describe, expect, it } from "vitest";
import { exportRangeSchema, verifyQuerySchema } from "~/domain/audit/export-request";

describe("the export range of a download", () => {
  it("takes optional days, empty as absent, and refuses bad days and inverted ranges with their messages", () => {
    expect(exportRangeSchema.parse({})).toEqual({});
    expect(exportRangeSchema.parse({ from: "", to: " 2026-03-31 " })).toEqual({ to: "2026-03-31" });
    expect(exportRangeSchema.parse({ from: "2026-01-01", to: "2026-01-01" })).toEqual({ from: "2026-01-01", to: "2026-01-01" });
    for (const from of ["2026-02-30", "2026/01/01", "yesterday", "2026-1-1"]) {
      expect(exportRangeSchema.safeParse({ from }).error?.issues[0]?.message).toBe("exports.errors.badDate");
    }
    expect(exportRangeSchema.safeParse({ from: "2026-04-01", to: "2026-03-31" }).error?.issues[0]?.message).toBe("exports.errors.badRange");
  });

  it("bounds what a visitor may paste on /verify", () => {
    expect(verifyQuerySchema.parse({ hash: "a".repeat(64) })).toEqual({ hash: "a".repeat(64) });
    expect(verifyQuerySchema.safeParse({ hash: "x".repeat(5000) }).success).toBe(false);
  });
});
