import { describe, expect, it } from "vitest";
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

  it("should add a contribution up over segments and a visitor over a year", () => {
    const b = contributionBudget(config(1, 30, 4));
    // 53 contributions x 2 cells x 3/8 + ceil(365 / 15) = 25 checkpoints x 1/8, per segment.
    expect(b).toEqual({
      perSegment: 1,
      segments: 4,
      perContribution: 4,
      contributionsPerYear: 53,
      perVisitorYear: 4 * (53 * 2 * 0.375 + 25 * 0.125),
      cellsPerSegment: 4,
    });
    expect(describeBudget(b)).toContain("epsilon 1 per contribution per segment (4 cells)");
    expect(contributionBudget({ ...config(1, 30), exactCounts: true })).toBeNull();
    expect(describeBudget(null)).toContain("anyone who can contribute can unmask");
  });
});
