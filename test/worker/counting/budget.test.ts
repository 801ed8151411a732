/**
 * The privacy budget (shared/privacy-budget.ts) against an independent count: contributions of
 * every lifetime are run through the real cell expansion (worker/counting/cells.ts) with and
 * without them, and the cells that differ (added and removed of each day, the audience of each
 * checkpoint day) are counted and weighted by their epsilon. The worst lifetime must spend
 * exactly the budget the record states, and none more.
 */
import { describe, expect, it } from "vitest";
import { countedKeys, countsPerContribution } from "../../../shared/counting-keys.ts";
import {
  cellEpsilons,
  contributionBudget,
  isCheckpoint,
  toNumber,
} from "../../../shared/privacy-budget.ts";
import type { Answer, SiteConfig } from "../../../shared/schema.ts";
import { checkSiteConfig } from "../../../shared/site-config.ts";
import { parseFlows, segmentCells } from "../../../worker/counting/cells.ts";
import { assignSegments } from "../../../worker/counting/segments.ts";
import type { FlowRow } from "../../../worker/durable-objects/site-counter.ts";
import { privacyRecord } from "../../../worker/privacy/record.ts";
import { demo, noisy, tiny } from "../helpers.ts";

/** Every answer set of `config` (each question unanswered or answered every way). */
function everyAnswer(config: SiteConfig): Record<string, Answer>[] {
  let out: Record<string, Answer>[] = [{}];
  for (const q of config.questions) {
    const ways: (Answer | undefined)[] = [undefined];
    if (q.kind === "scale") for (let x = q.min ?? 0; x <= (q.max ?? -1); x++) ways.push(x);
    else if (q.kind === "single") for (const o of q.options ?? []) ways.push(o.id);
    else {
      const ids = (q.options ?? []).map((o) => o.id);
      for (let m = 1; m < 1 << ids.length; m++) ways.push(ids.filter((_, i) => m & (1 << i)));
    }
    out = out.flatMap((a) => ways.map((w) => (w === undefined ? a : { ...a, [q.id]: w })));
  }
  return out;
}

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
      // Over every count a contribution can be in (issue 14): respondents, segments, options.
      const counts = countsPerContribution(config).total;
      expect(record?.countsPerContribution).toBe(counts);
      expect(record?.perContribution).toBeCloseTo(worst.epsilon * counts, 6);
    },
  );

  it("should bound the counts one contribution is in by the config's sensitivity, reached when every rule holds", () => {
    // tiny as it is, and with every segment's rule true and two overlaps and a breakdown.
    const all = checkSiteConfig({
      ...structuredClone(tiny),
      segments: tiny.segments.map((s) => ({ ...s, rule: true })),
      overlaps: [
        ["reds", "high"],
        ["greens", "cat-people"],
      ],
      breakdowns: ["reds"],
    });
    if (!all.ok) throw new Error(JSON.stringify(all.issues));
    for (const config of [tiny, all.config]) {
      let most = 0;
      for (const answers of everyAnswer(config)) {
        const keys = countedKeys(config, answers, assignSegments(config, answers));
        expect(new Set(keys).size).toBe(keys.length);
        most = Math.max(most, keys.length);
      }
      const bound = countsPerContribution(config).total;
      expect(most).toBeLessThanOrEqual(bound);
      if (config === all.config) expect(most).toBe(bound);
    }
    // tiny: respondents, 4 segments, colour 1 + pets 2 + score 1 + stress 1 options.
    expect(countsPerContribution(tiny)).toEqual({
      respondents: 1,
      segments: 4,
      overlaps: 0,
      options: 5,
      breakdowns: 0,
      total: 10,
    });
  });

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
