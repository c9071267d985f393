import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import type { Matter } from "~/domain/decisions/matters";
import { challengeUntil, checkTallies, decide, settledOutcome, type Count, type Outcome, type Tallies } from "~/domain/decisions/outcome";

// An independent reference: ratios as decimal.js quotients compared with the
// thresholds as quotients (not the cross-multiplication outcome.ts uses).
const D = Decimal.clone({ precision: 40 });
const TWO_THIRDS = new D(2).div(3);
const HALF = new D(1).div(2);
const THREE_QUARTERS = new D(3).div(4);

function ratio(part: number, whole: number) {
  return new D(part).div(whole);
}
/** One dimension (area or heads): [quorate, approves an ordinary matter, approves a special one]. */
function referenceDimension(total: number, agree: number, disagree: number, abstain: number): [boolean, boolean, boolean] {
  const participating = agree + disagree + abstain;
  const quorate = ratio(participating, total).gte(TWO_THIRDS);
  if (participating === 0) return [quorate, false, false];
  const share = ratio(agree, participating);
  return [quorate, share.gt(HALF), share.gte(THREE_QUARTERS)];
}
function referenceOutcome(area: [boolean, boolean, boolean], heads: [boolean, boolean, boolean], special: boolean): Outcome {
  if (!area[0] || !heads[0]) return "no_quorum";
  const i = special ? 2 : 1;
  return area[i] && heads[i] ? "passed" : "failed";
}

/** Every split of at most `total` into agree/disagree/abstain. */
function splits(total: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let a = 0; a <= total; a++) for (let d = 0; a + d <= total; d++) for (let b = 0; a + d + b <= total; b++) out.push([a, d, b]);
  return out;
}

const c = (areaCentiM2: number, owners: number): Count => ({ areaCentiM2, owners });
const tallies = (agree: Count, disagree: Count, abstain: Count): Tallies => ({ agree, disagree, abstain });
const ORDINARY: Matter = 4;
const SPECIAL: Matter = 7;

describe("decide against an exact reference", () => {
  it("agrees on every tally of every small register, ordinary and special", () => {
    // Per-dimension reference verdicts, computed once, combined for every pair of splits.
    const headTable = new Map<string, [boolean, boolean, boolean]>();
    const areaTable = new Map<string, [boolean, boolean, boolean]>();
    const headSplits = new Map<number, [number, number, number][]>();
    const areaSplits = new Map<number, [number, number, number][]>();
    for (let h = 1; h <= 12; h++) {
      headSplits.set(h, splits(h));
      for (const s of headSplits.get(h)!) headTable.set(`${h}:${s.join(",")}`, referenceDimension(h, ...s));
    }
    for (let a = 1; a <= 15; a++) {
      areaSplits.set(a, splits(a));
      for (const s of areaSplits.get(a)!) areaTable.set(`${a}:${s.join(",")}`, referenceDimension(a, ...s));
    }
    let compared = 0;
    let mismatches = 0;
    const outcomes = { passed: 0, failed: 0, no_quorum: 0 };
    for (let h = 1; h <= 12; h++) {
      for (let a = 1; a <= 15; a++) {
        for (const hs of headSplits.get(h)!) {
          const hr = headTable.get(`${h}:${hs.join(",")}`)!;
          for (const as of areaSplits.get(a)!) {
            // A side with heads holds area and the other way round (checkTallies refuses the rest).
            if ((hs[0] === 0) !== (as[0] === 0) || (hs[1] === 0) !== (as[1] === 0) || (hs[2] === 0) !== (as[2] === 0)) continue;
            const t = tallies(c(as[0], hs[0]), c(as[1], hs[1]), c(as[2], hs[2]));
            const ar = areaTable.get(`${a}:${as.join(",")}`)!;
            for (const matter of [ORDINARY, SPECIAL]) {
              const verdict = decide(matter, { areaCentiM2: a, owners: h }, t);
              compared++;
              outcomes[verdict.outcome]++;
              const expected = referenceOutcome(ar, hr, matter === SPECIAL);
              const i = matter === SPECIAL ? 2 : 1;
              if (verdict.outcome !== expected || verdict.quorumArea !== ar[0] || verdict.quorumOwners !== hr[0]
                || verdict.approvalArea !== ar[i] || verdict.approvalOwners !== hr[i]) mismatches++;
            }
          }
        }
      }
    }
    expect(mismatches).toBe(0);
    expect(compared).toBeGreaterThan(1_000_000);
    for (const n of Object.values(outcomes)) expect(n).toBeGreaterThan(1000);
  }, 120_000);
});

describe("decide at each threshold (民法典 arts. 278 and 1259)", () => {
  // A register of 300.00 m² and 30 owners: 2/3 = 200.00 m² and 20 heads.
  const totals = { areaCentiM2: 30_000, owners: 30 };

  it("counts participation of exactly two thirds as quorate (以上 includes), one hundredth of m² or one head less as not", () => {
    expect(decide(ORDINARY, totals, tallies(c(20_000, 20), c(0, 0), c(0, 0))).outcome).toBe("passed");
    const areaShort = decide(ORDINARY, totals, tallies(c(19_999, 20), c(0, 0), c(0, 0)));
    expect(areaShort).toMatchObject({ outcome: "no_quorum", quorumArea: false, quorumOwners: true });
    const headShort = decide(ORDINARY, totals, tallies(c(20_000, 19), c(0, 0), c(0, 0)));
    expect(headShort).toMatchObject({ outcome: "no_quorum", quorumArea: true, quorumOwners: false });
  });

  it("refuses a quorum met by area only, or by heads only", () => {
    expect(decide(ORDINARY, totals, tallies(c(29_000, 5), c(0, 0), c(0, 0))).outcome).toBe("no_quorum");
    expect(decide(ORDINARY, totals, tallies(c(1_000, 29), c(0, 0), c(0, 0))).outcome).toBe("no_quorum");
  });

  it("does not pass an ordinary matter at exactly half (过半数 excludes), and passes it just above", () => {
    const half = decide(ORDINARY, totals, tallies(c(10_000, 10), c(10_000, 10), c(0, 0)));
    expect(half).toMatchObject({ outcome: "failed", approvalArea: false, approvalOwners: false });
    expect(decide(ORDINARY, totals, tallies(c(10_001, 11), c(9_999, 9), c(0, 0))).outcome).toBe("passed");
    // Half the area but more than half the heads: still failed.
    expect(decide(ORDINARY, totals, tallies(c(10_000, 11), c(10_000, 9), c(0, 0)))).toMatchObject({ outcome: "failed", approvalArea: false, approvalOwners: true });
  });

  it("passes a special matter at exactly three quarters (以上 includes), and fails it just below", () => {
    expect(decide(SPECIAL, totals, tallies(c(15_000, 15), c(5_000, 5), c(0, 0))).outcome).toBe("passed");
    expect(decide(SPECIAL, totals, tallies(c(14_999, 15), c(5_001, 5), c(0, 0)))).toMatchObject({ outcome: "failed", approvalArea: false, approvalOwners: true });
    // 24 participants: 18 heads is exactly 3/4, 17 is not.
    expect(decide(SPECIAL, totals, tallies(c(18_000, 18), c(6_000, 6), c(0, 0))).outcome).toBe("passed");
    expect(decide(SPECIAL, totals, tallies(c(18_000, 17), c(6_000, 7), c(0, 0)))).toMatchObject({ outcome: "failed", approvalArea: true, approvalOwners: false });
    // What passes an ordinary matter (2/3) fails a special one.
    const twoThirds = tallies(c(14_000, 14), c(7_000, 7), c(0, 0));
    expect(decide(ORDINARY, totals, twoThirds).outcome).toBe("passed");
    expect(decide(SPECIAL, totals, twoThirds).outcome).toBe("failed");
  });

  it("fails when the area approves and the heads do not, and the other way round", () => {
    expect(decide(ORDINARY, totals, tallies(c(15_000, 8), c(5_000, 12), c(0, 0)))).toMatchObject({ outcome: "failed", approvalArea: true, approvalOwners: false });
    expect(decide(ORDINARY, totals, tallies(c(5_000, 12), c(15_000, 8), c(0, 0)))).toMatchObject({ outcome: "failed", approvalArea: false, approvalOwners: true });
  });

  it("counts abstentions as participation: they make the quorum and weigh against approval", () => {
    const verdict = decide(ORDINARY, totals, tallies(c(10_001, 11), c(0, 0), c(9_999, 9)));
    expect(verdict).toMatchObject({ outcome: "passed", participating: c(20_000, 20) });
    expect(decide(ORDINARY, totals, tallies(c(10_000, 10), c(0, 0), c(10_000, 10))).outcome).toBe("failed");
    expect(decide(ORDINARY, totals, tallies(c(10_001, 11), c(0, 0), c(0, 0))).outcome).toBe("no_quorum");
  });
});

describe("settledOutcome against every completion of small ballots", () => {
  type Choice = "agree" | "disagree" | "abstain" | "none";
  const CHOICES: Choice[] = ["agree", "disagree", "abstain", "none"];

  function talliesOf(areas: number[], choices: Choice[]): Tallies {
    const t = tallies(c(0, 0), c(0, 0), c(0, 0));
    choices.forEach((choice, i) => {
      if (choice === "none") return;
      t[choice] = c(t[choice].areaCentiM2 + areas[i]!, t[choice].owners + 1);
    });
    return t;
  }
  function* assignments(n: number, options: Choice[]): Generator<Choice[]> {
    if (n === 0) {
      yield [];
      return;
    }
    for (const rest of assignments(n - 1, options)) for (const o of options) yield [...rest, o];
  }
  function* areaLists(n: number, values: number[]): Generator<number[]> {
    if (n === 0) {
      yield [];
      return;
    }
    for (const rest of areaLists(n - 1, values)) for (const v of values) yield [...rest, v];
  }

  it("says passed exactly when every completion passes, failed when none does, else null", () => {
    let checked = 0;
    const seen = { passed: 0, failed: 0, open: 0 };
    for (const [n, values] of [[1, [1, 2, 3]], [2, [1, 2, 3]], [3, [1, 2, 3]], [4, [1, 2, 3]], [5, [1, 4]]] as const) {
      for (const areas of areaLists(n, [...values])) {
        const totals = { areaCentiM2: areas.reduce((s, a) => s + a, 0), owners: n };
        for (const state of assignments(n, CHOICES)) {
          const waiting = state.flatMap((choice, i) => (choice === "none" ? [i] : []));
          for (const matter of [ORDINARY, SPECIAL]) {
            let passes = 0;
            let completions = 0;
            for (const rest of assignments(waiting.length, CHOICES)) {
              const final = [...state];
              waiting.forEach((index, j) => { final[index] = rest[j]!; });
              completions++;
              if (decide(matter, totals, talliesOf(areas, final)).outcome === "passed") passes++;
            }
            const expected = passes === completions ? "passed" : passes === 0 ? "failed" : null;
            const actual = settledOutcome(matter, totals, talliesOf(areas, state));
            if (actual !== expected) throw new Error(`matter ${matter}, areas ${areas.join("/")}, votes ${state.join("/")}: ${String(actual)} ≠ ${String(expected)}`);
            seen[expected === null ? "open" : expected]++;
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50_000);
    for (const n of Object.values(seen)) expect(n).toBeGreaterThan(100);
  }, 120_000);
});

describe("checkTallies", () => {
  const totals = { areaCentiM2: 10_000, owners: 10 };
  const ok = tallies(c(5_000, 5), c(2_000, 2), c(1_000, 1));

  it("accepts tallies a register could have produced, up to the whole register", () => {
    expect(checkTallies(totals, ok)).toBeNull();
    expect(checkTallies(totals, tallies(c(10_000, 10), c(0, 0), c(0, 0)))).toBeNull();
    expect(checkTallies(totals, tallies(c(0, 0), c(0, 0), c(0, 0)))).toBeNull();
  });

  it("refuses negative and fractional counts", () => {
    expect(checkTallies(totals, tallies(c(-1, 1), c(0, 0), c(0, 0)))?.code).toBe("decisions.errors.negative");
    expect(checkTallies(totals, tallies(c(100, -1), c(0, 0), c(0, 0)))?.code).toBe("decisions.errors.negative");
    expect(checkTallies(totals, tallies(c(100, 1), c(100.5, 1), c(0, 0)))?.code).toBe("decisions.errors.negative");
    expect(checkTallies(totals, tallies(c(100, 1), c(0, 0), c(100, 1.5)))?.code).toBe("decisions.errors.negative");
  });

  it("refuses tallies above the register, by area and by heads separately", () => {
    expect(checkTallies(totals, tallies(c(5_000, 5), c(5_001, 1), c(0, 0)))?.code).toBe("decisions.errors.tallyAboveRegister");
    expect(checkTallies(totals, tallies(c(1_000, 5), c(1_000, 5), c(1_000, 1)))?.code).toBe("decisions.errors.tallyAboveRegister");
  });

  it("refuses area without heads and heads without area", () => {
    expect(checkTallies(totals, tallies(c(100, 0), c(0, 0), c(0, 0)))?.code).toBe("decisions.errors.areaWithoutOwners");
    expect(checkTallies(totals, tallies(c(0, 0), c(0, 2), c(0, 0)))?.code).toBe("decisions.errors.areaWithoutOwners");
  });

  it("refuses an empty register", () => {
    expect(checkTallies({ areaCentiM2: 0, owners: 0 }, tallies(c(0, 0), c(0, 0), c(0, 0)))?.code).toBe("decisions.errors.registerEmpty");
  });
});

describe("challengeUntil (SPC interpretation art. 12: one year)", () => {
  it.each([
    ["2026-03-10", "2027-03-10"],
    ["2024-02-29", "2025-02-28"],
    ["2023-02-28", "2024-02-28"],
    ["2026-12-31", "2027-12-31"],
    ["2026-01-01", "2027-01-01"],
  ])("%s → %s", (announced, last) => {
    expect(challengeUntil(announced)).toBe(last);
  });
});
