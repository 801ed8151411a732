import { describe, expect, it } from "vitest";
import { countsPerContribution } from "../../shared/counting-keys.ts";
import {
  cellEpsilons,
  checkpointPeriod,
  checkpointsPerContribution,
  contributionBudget,
  describeBudget,
  epsilonOf,
  isCheckpoint,
  isEpsilonExact,
  scaleOf,
} from "../../shared/privacy-budget.ts";

const config = (dpEpsilon: number, windowDays: number, segments = 3) => ({
  dpEpsilon,
  windowDays,
  exactCounts: false,
  segments: Array.from({ length: segments }, (_, i) => ({ id: `s${i}`, label: "s", rule: true })),
});

describe("privacy budget", () => {
  it("should put a checkpoint every half window, so a contribution meets at most two", () => {
    expect(checkpointPeriod(30)).toBe(15);
    expect(checkpointPeriod(7)).toBe(4);
    expect(checkpointsPerContribution(30)).toBe(2);
    expect(checkpointsPerContribution(7)).toBe(2);
    expect(checkpointsPerContribution(1)).toBe(1);
    // Any run of `window` days holds at most that many checkpoints.
    for (const w of [1, 2, 7, 30, 31, 90]) {
      for (let start = 0; start < 2 * w; start++) {
        let n = 0;
        for (let d = start; d < start + w; d++) if (isCheckpoint(d, w)) n++;
        expect(n).toBeLessThanOrEqual(checkpointsPerContribution(w));
      }
    }
  });

  it("should split epsilon into rationals that add up to it: 3/8 per cell and 1/8 per checkpoint at window 30", () => {
    const c = config(1, 30);
    expect(cellEpsilons(c)).toEqual({ cell: { num: 3, den: 8 }, checkpoint: { num: 1, den: 8 } });
    expect(scaleOf(cellEpsilons(c).cell)).toEqual({ num: 8, den: 3 });
    const half = cellEpsilons(config(0.5, 7));
    expect(half).toEqual({ cell: { num: 3, den: 16 }, checkpoint: { num: 1, den: 16 } });
    expect(epsilonOf({ dpEpsilon: 0.125 })).toEqual({ num: 1, den: 8 });
    expect(isEpsilonExact(0.125)).toBe(true);
    expect(isEpsilonExact(0.1234)).toBe(false);
  });

  it("should add a contribution up over the counts it can be in and a visitor over a year", () => {
    const b = contributionBudget(config(1, 30, 4));
    // 53 contributions x 2 cells x 3/8 + ceil(365 / 15) = 25 checkpoints x 1/8, per count; and
    // 5 counts: the respondents and 4 segments (no questions here).
    expect(b).toEqual({
      perSegment: 1,
      segments: 4,
      counts: 5,
      perContribution: 5,
      contributionsPerYear: 53,
      perVisitorYear: 5 * (53 * 2 * 0.375 + 25 * 0.125),
      cellsPerSegment: 4,
    });
    expect(describeBudget(b)).toContain("epsilon 1 per contribution per count (4 cells)");
    expect(contributionBudget({ ...config(1, 30), exactCounts: true })).toBeNull();
    expect(describeBudget(null)).toContain("anyone who can contribute can unmask");
  });

  it("should widen the budget by every count a contribution can be in: options, overlaps, breakdowns", () => {
    const questions = [
      { id: "one", label: "q", kind: "single" as const, options: opts(4), sensitive: false },
      { id: "many", label: "q", kind: "multiple" as const, options: opts(3), sensitive: false },
      { id: "s", label: "q", kind: "scale" as const, min: 1, max: 9, sensitive: false },
    ];
    const c = {
      ...config(1, 30, 4),
      questions,
      overlaps: [["s0", "s1"] as [string, string]],
      breakdowns: ["s2"],
    };
    // A single choice and a scale are one option each, a multiple choice all of its 3.
    expect(countsPerContribution(c)).toEqual({
      respondents: 1,
      segments: 4,
      overlaps: 1,
      options: 5,
      breakdowns: 5,
      total: 16,
    });
    expect(contributionBudget(c)?.perContribution).toBe(16);
    expect(contributionBudget({ ...c, dpEpsilon: 0.25 })?.perContribution).toBe(4);
  });
});

function opts(n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: `o${i}`, label: "o" }));
}
