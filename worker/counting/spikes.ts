/**
 * @module
 * Spike flags (issue 13): a day whose added contributions for a segment exceed a robust
 * baseline, SPIKE_FACTOR times the median of the shown `added` of the SPIKE_BASELINE_DAYS days
 * before it (never less than k), is marked `unusual`, so a marketer can tell a flood from a
 * campaign's steady rise. Post-processing of numbers already shown (the noisy released cells, or
 * exact ones that passed suppression): it reveals nothing the series does not, and draws no noise.
 */
import type { SeriesPoint } from "../../shared/schema.ts";
import { SPIKE_BASELINE_DAYS, SPIKE_FACTOR, SPIKE_MIN_DAYS } from "../limits.ts";

/** The median of a non-empty list. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * `unusual` for each point of one segment's series, oldest first: its `added` is shown and above
 * SPIKE_FACTOR × max(median of the shown `added` of the SPIKE_BASELINE_DAYS days before, k), with
 * at least SPIKE_MIN_DAYS of them shown (too short a past flags nothing).
 */
export function unusualDays(points: readonly Pick<SeriesPoint, "added">[], k: number): boolean[] {
  const out: boolean[] = [];
  const before: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const added = points[i]?.added ?? null;
    // One pass (a read flags every count's series): the shown `added` of the days before.
    before.length = 0;
    for (let j = Math.max(0, i - SPIKE_BASELINE_DAYS); j < i; j++) {
      const a = points[j]?.added;
      if (a !== null && a !== undefined) before.push(a);
    }
    out.push(
      added !== null &&
        before.length >= SPIKE_MIN_DAYS &&
        added > SPIKE_FACTOR * Math.max(median(before), k),
    );
  }
  return out;
}
