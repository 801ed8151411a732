/**
 * Exact mode's complementary suppression (worker/counting/read.ts exactSeries): in a series,
 * audience(D1) - audience(D0) = the sum of added - removed over (D0, D1] for every pair of days,
 * so a held-back number can be computed from shown ones exactly when one of these identities
 * has a single held-back term. Random flows, every subtraction tried: none ever has one.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFlows, segmentCells } from "../../../worker/counting/cells.ts";
import { changeOf, exactSeries, shareOf } from "../../../worker/counting/read.ts";
import type { FlowRow } from "../../../worker/durable-objects/site-counter.ts";

const SEG = '["s"]';

/** Random flows of segment s over days 0..days-1: arrivals and withdrawals of live ones. */
const flowsArb = (days: number) =>
  fc
    .array(
      fc.record({
        day: fc.integer({ min: 0, max: days - 1 }),
        back: fc.integer({ min: 0, max: 4 }),
        arrive: fc.integer({ min: 0, max: 14 }),
        leave: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 40 },
    )
    .map((xs) => {
      const rows: FlowRow[] = [];
      for (const x of xs) {
        if (x.arrive > 0) rows.push({ day: x.day, made: x.day, old: "", new: SEG, n: x.arrive });
        const made = x.day - x.back;
        if (x.leave > 0 && made >= 0)
          rows.push({ day: x.day, made, old: SEG, new: "", n: x.leave });
      }
      return rows;
    });

describe("exact series: complementary suppression", () => {
  it("should leave no subtraction between shown numbers with exactly one held-back term", () => {
    const days = 16;
    const window = 5;
    fc.assert(
      fc.property(flowsArb(days), fc.integer({ min: 2, max: 12 }), (rows, k) => {
        const cells = segmentCells(parseFlows(rows), "s", window, 0, days - 1);
        const series = exactSeries(cells, 1, days - 1, k);
        // Every shown number is at least k.
        for (const p of series)
          for (const n of [p.audience, p.added, p.removed])
            if (n !== null) expect(n).toBeGreaterThanOrEqual(k);
        let tried = 0;
        for (let i = 0; i < series.length; i++) {
          for (let j = i + 1; j < series.length; j++) {
            // audience(j) - audience(i) = sum over (i, j] of added - removed.
            const terms = [series[i]?.audience, series[j]?.audience];
            for (let t = i + 1; t <= j; t++) terms.push(series[t]?.added, series[t]?.removed);
            const hidden = terms.filter((x) => x === null).length;
            expect(hidden).not.toBe(1);
            tried++;
          }
        }
        expect(tried).toBe((series.length * (series.length - 1)) / 2);
      }),
      { numRuns: 300 },
    );
  });

  it("should show added and removed when everything around them is at least k", () => {
    const rows: FlowRow[] = [
      { day: 0, made: 0, old: "", new: SEG, n: 20 },
      { day: 1, made: 1, old: "", new: SEG, n: 12 },
      { day: 1, made: 0, old: SEG, new: "", n: 10 },
    ];
    const cells = segmentCells(parseFlows(rows), "s", 5, 0, 1);
    expect(exactSeries(cells, 1, 1, 10)[0]).toMatchObject({
      audience: 22,
      added: 12,
      removed: 10,
      suppressed: false,
    });
    // One fewer withdrawal: removed is 9 < k, so added would give it away; both are withheld.
    const fewer = rows.map((r) => (r.old ? { ...r, n: 9 } : r));
    const c2 = segmentCells(parseFlows(fewer), "s", 5, 0, 1);
    expect(exactSeries(c2, 1, 1, 10)[0]).toMatchObject({
      audience: 23,
      added: null,
      removed: null,
    });
  });
});

describe("change and share: from shown audiences only (issue 14)", () => {
  const pointArb = fc.record({
    audience: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
  });

  it("should say a change only between two shown audiences, and nothing a held-back one would give", () => {
    fc.assert(
      fc.property(fc.array(pointArb, { minLength: 1, maxLength: 10 }), (xs) => {
        const points = xs.map((x, i) => ({
          day: `2026-01-${String(i + 1).padStart(2, "0")}`,
          audience: x.audience,
          added: null,
          removed: null,
          suppressed: x.audience === null,
          unusual: false,
        }));
        const c = changeOf(points, 20_000, 20_000 + xs.length - 1);
        const first = points[0]?.audience ?? null;
        const last = points[points.length - 1]?.audience ?? null;
        expect(c.first).toBe(first);
        expect(c.last).toBe(last);
        if (first === null || last === null) {
          // A held-back end: no difference, so no subtraction can bring it back.
          expect(c.absolute).toBeNull();
          expect(c.relative).toBeNull();
        } else {
          expect(c.absolute).toBe(last - first);
          expect(c.relative).toBe(
            first === 0 ? null : Math.round(((last - first) / first) * 1000) / 1000,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it("should give a share only of two shown audiences, within 0..1", () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
        fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
        (a, b) => {
          const s = shareOf(a, b);
          if (a === null || b === null || b === 0) expect(s).toBeNull();
          else {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(1);
            expect(Math.abs((s ?? 0) - Math.min(1, a / b))).toBeLessThanOrEqual(0.0005 + 1e-12);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
