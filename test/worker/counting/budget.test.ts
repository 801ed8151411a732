/**
 * The privacy budget (shared/privacy-budget.ts) against an independent count: contributions of
 * every lifetime are run through the real cell expansion (worker/counting/cells.ts) with and
 * without them, and the cells that differ (added and removed of each day, the audience of each
 * checkpoint day) are counted and weighted by their epsilon. The worst lifetime must spend
 * exactly the budget the record states, and none more.
 */
import { describe, expect, it } from "vitest";
import {
  cellEpsilons,
  contributionBudget,
  isCheckpoint,
  toNumber,
} from "../../../shared/privacy-budget.ts";
import type { SiteConfig } from "../../../shared/schema.ts";
import { parseFlows, segmentCells } from "../../../worker/counting/cells.ts";
import type { FlowRow } from "../../../worker/durable-objects/site-counter.ts";
import { privacyRecord } from "../../../worker/privacy/record.ts";
import { demo, noisy } from "../helpers.ts";

const SEG = '["a","b"]';

/** A background of other visitors: arrivals every day, some withdrawals and refreshes. */
function background(from: number, to: number): FlowRow[] {
  const rows: FlowRow[] = [];
  for (let d = from; d <= to; d++) {
    rows.push({ day: d, made: d, old: "", new: SEG, n: 5 + (d % 3) });
    if (d - 2 >= from) rows.push({ day: d, made: d - 2, old: SEG, new: "", n: 1 });
    if (d - 7 >= from) rows.push({ day: d, made: d - 7, old: SEG, new: SEG, n: 2 });
  }
  return rows;
}

/** The one contribution: made on `made`, then withdrawn, replaced, or left to age out. */
function contribution(made: number, end: { day: number; how: "withdrawn" | "replaced" } | null) {
  const rows: FlowRow[] = [{ day: made, made, old: "", new: SEG, n: 1 }];
  if (end?.how === "withdrawn") rows.push({ day: end.day, made, old: SEG, new: "", n: 1 });
  // A replace takes it away and adds a new contribution (another one, outside this count).
  if (end?.how === "replaced") rows.push({ day: end.day, made, old: SEG, new: "", n: 1 });
  return rows;
}

/** The epsilon that the released cells of one segment spend on the one contribution. */
function spent(
  config: SiteConfig,
  withIt: FlowRow[],
  without: FlowRow[],
  from: number,
  to: number,
) {
  const eps = cellEpsilons(config);
  const a = segmentCells(parseFlows(withIt), "a", config.windowDays, from, to);
  const b = segmentCells(parseFlows(without), "a", config.windowDays, from, to);
  let epsilon = 0;
  let cells = 0;
  for (let d = from; d <= to; d++) {
    const x = a.get(d);
    const y = b.get(d);
    for (const kind of ["added", "removed"] as const) {
      const diff = Math.abs((x?.[kind] ?? 0) - (y?.[kind] ?? 0));
      if (diff > 0) cells++;
      epsilon += diff * toNumber(eps.cell);
    }
    if (isCheckpoint(d, config.windowDays)) {
      const diff = Math.abs((x?.audience ?? 0) - (y?.audience ?? 0));
      if (diff > 0) cells++;
      epsilon += diff * toNumber(eps.checkpoint);
    }
  }
  return { epsilon, cells };
}

describe("privacy budget", () => {
  it.each([
    ["noisy", noisy],
    ["demo with noise", { ...demo, exactCounts: false }],
  ])(
    "should equal an independent count of the cells one contribution touches (%s)",
    (_n, config) => {
      const W = config.windowDays;
      const from = 20_000;
      const to = from + 3 * W;
      const base = background(from - W, to);
      let worst = { epsilon: 0, cells: 0 };
      for (let made = from; made < from + W; made++) {
        const ends = [
          null,
          ...Array.from({ length: W }, (_, j) => ({ day: made + j, how: "withdrawn" as const })),
          { day: made + 3, how: "replaced" as const },
          // Withdrawn after it aged out: the counter writes no flow (site-counter.ts), nothing changes.
        ];
        for (const end of ends) {
          const s = spent(config, [...base, ...contribution(made, end)], base, from - W, to);
          if (s.epsilon > worst.epsilon) worst = s;
        }
      }
      const budget = contributionBudget(config);
      expect(budget).not.toBeNull();
      expect(worst.epsilon).toBeCloseTo(budget?.perSegment ?? 0, 9);
      expect(worst.cells).toBe(budget?.cellsPerSegment);
      // The record states the same figures, over all segments too.
      const record = privacyRecord(config).differentialPrivacy;
      expect(record?.epsilon).toBeCloseTo(worst.epsilon, 9);
      expect(record?.cellsPerSegment).toBe(worst.cells);
      expect(record?.perContribution).toBeCloseTo(worst.epsilon * config.segments.length, 6);
    },
  );

  it("should meet the defaults' targets: at most 1 per contribution per segment", () => {
    const budget = contributionBudget({ ...demo, exactCounts: false, dpEpsilon: 1 });
    expect(budget?.perSegment).toBeLessThanOrEqual(1);
    // A year of weekly refreshes: 53 contributions, 2 cells each, and one checkpoint per period.
    expect(budget?.contributionsPerYear).toBe(53);
    expect(budget?.perVisitorYear).toBeGreaterThan(budget?.perContribution ?? 0);
  });

  it("should state no budget in exact mode", () => {
    expect(contributionBudget(demo)).toBeNull();
    expect(privacyRecord(demo).differentialPrivacy).toBeNull();
    expect(privacyRecord(demo).counts).toMatch(/^exact: .*anyone who can contribute can unmask/);
  });
});
