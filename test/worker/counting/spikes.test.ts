import { describe, expect, it } from "vitest";
import { unusualDays } from "../../../worker/counting/spikes.ts";
import { SPIKE_BASELINE_DAYS, SPIKE_FACTOR, SPIKE_MIN_DAYS } from "../../../worker/limits.ts";

const K = 10;
const series = (added: (number | null)[]) => added.map((a) => ({ added: a }));

describe("unusualDays", () => {
  it("should flag a day above SPIKE_FACTOR times the median of the days before, not at it", () => {
    expect([SPIKE_FACTOR, SPIKE_BASELINE_DAYS, SPIKE_MIN_DAYS]).toEqual([5, 14, 7]);
    const quiet = Array<number>(10).fill(20);
    // Median 20: 100 is 5 times it (not above), 101 is above.
    expect(unusualDays(series([...quiet, 100]), K).at(-1)).toBe(false);
    expect(unusualDays(series([...quiet, 101]), K).at(-1)).toBe(true);
    expect(unusualDays(series([...quiet, 101]), K).slice(0, -1)).not.toContain(true);
  });

  it("should be robust: one earlier flood does not raise the baseline (a median, not a mean)", () => {
    const days = series([20, 20, 20, 900, 20, 20, 20, 20, 150]);
    // Only the last day: the 900 three days in does not make 150 look ordinary.
    expect(unusualDays(days, K)).toEqual([...Array<boolean>(8).fill(false), true]);
  });

  it("should look back SPIKE_BASELINE_DAYS only: a campaign's higher level becomes the baseline", () => {
    const before = Array<number>(SPIKE_BASELINE_DAYS).fill(200);
    const flags = unusualDays(series([...Array<number>(10).fill(20), ...before, 900]), K);
    expect(flags.at(-1)).toBe(false);
  });

  it("should flag nothing without SPIKE_MIN_DAYS of shown days before, or when added is held back", () => {
    expect(unusualDays(series([20, 20, 20, 20, 20, 20, 500]), K)).not.toContain(true);
    expect(unusualDays(series([...Array<number>(7).fill(20), null]), K).at(-1)).toBe(false);
    // Held-back days are not a baseline of zero.
    expect(unusualDays(series([null, null, null, null, null, null, null, 30]), K).at(-1)).toBe(
      false,
    );
  });

  it("should never flag below SPIKE_FACTOR times k, however quiet the past (noise near zero)", () => {
    const zeros = Array<number>(10).fill(0);
    expect(unusualDays(series([...zeros, SPIKE_FACTOR * K]), K).at(-1)).toBe(false);
    expect(unusualDays(series([...zeros, SPIKE_FACTOR * K + 1]), K).at(-1)).toBe(true);
  });
});
