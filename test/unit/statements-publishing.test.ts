import { describe, expect, it } from "vitest";
import { nextPeriod } from "~/domain/statements/snapshot";
import { draftProblem, endedQuarters, firstDifference, periodNameZh, postingWindowProblems, windowDays } from "~/domain/statements/publishing";

const state = (drafted: string[], published: string[]) => ({ drafted: new Set(drafted), published: new Set(published) });

describe("posting window", () => {
  it("counts both days and needs at least the minimum, never below 15", () => {
    expect(windowDays("2026-04-01", "2026-04-15")).toBe(15);
    expect(postingWindowProblems({ from: "2026-04-01", to: "2026-04-15" }, "2026-03-31", 15)).toEqual([]);
    expect(postingWindowProblems({ from: "2026-04-01", to: "2026-04-14" }, "2026-03-31", 10)).toEqual([{ code: "publishing.errors.windowTooShort", params: { days: 14, min: 15 } }]);
    expect(postingWindowProblems({ from: "2026-04-01", to: "2026-04-20" }, "2026-03-31", 30)[0]!.code).toBe("publishing.errors.windowTooShort");
  });
  it("starts after the period and in order, with real dates", () => {
    expect(postingWindowProblems({ from: "2026-03-31", to: "2026-05-01" }, "2026-03-31", 15)).toEqual([{ code: "publishing.errors.windowTooEarly", params: { earliest: "2026-04-01" } }]);
    expect(postingWindowProblems({ from: "2026-05-01", to: "2026-04-01" }, "2026-03-31", 15)[0]!.code).toBe("publishing.errors.windowOrder");
    expect(postingWindowProblems({ from: "2026-02-30", to: "2026-04-01" }, "2026-03-31", 15)[0]!.code).toBe("publishing.errors.windowDate");
  });
});

describe("what may be drafted", () => {
  it("needs an ended, undrafted period, quarters in order, a year after its four quarters", () => {
    expect(draftProblem("2026Q4", "2026-11-21", state([], []))?.code).toBe("publishing.errors.periodNotEnded");
    expect(draftProblem("2026Q3", "2026-11-21", state([], []))).toBeNull();
    expect(draftProblem("2026Q3", "2026-11-21", state(["2026Q3"], []))?.code).toBe("publishing.errors.alreadyDrafted");
    expect(draftProblem("2026Q3", "2026-11-21", state(["2026Q1"], ["2026Q1"]))?.code).toBe("publishing.errors.previousNotPublished");
    expect(draftProblem("2026Q2", "2026-11-21", state(["2026Q1"], ["2026Q1"]))).toBeNull();
    expect(draftProblem("2025", "2026-11-21", state([], ["2025Q1", "2025Q2", "2025Q3"]))?.params).toMatchObject({ missing: "2025Q4" });
    expect(draftProblem("2025", "2026-11-21", state([], ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]))).toBeNull();
    expect(draftProblem("2025Q5", "2026-11-21", state([], []))?.code).toBe("publishing.errors.period");
  });
  it("lists ended quarters and names periods", () => {
    expect(endedQuarters("2026-07-01", 2026)).toEqual(["2026Q1", "2026Q2"]);
    expect(nextPeriod("2025Q4")).toBe("2026Q1");
    expect(nextPeriod("2025")).toBe("2026");
    expect(periodNameZh("2026Q1")).toBe("2026年第1季度");
    expect(periodNameZh("2026")).toBe("2026年度");
  });
});

describe("firstDifference", () => {
  it("names the first differing path", () => {
    const a = { books: { cogoverned: { income: [{ key: "6001", amountFen: 1 }, { key: "6003", amountFen: 123400 }] } } };
    const b = { books: { cogoverned: { income: [{ key: "6001", amountFen: 1 }, { key: "6003", amountFen: 123500 }] } } };
    expect(firstDifference(a, b)).toBe("books.cogoverned.income[1].amountFen: 123400 ≠ 123500");
    expect(firstDifference(a, structuredClone(a))).toBeNull();
    expect(firstDifference({ x: [1] }, { x: [1, 2] })).toBe("x[1]: (missing) ≠ 2");
  });
});
