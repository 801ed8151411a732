/**
 * A SegmentsResponse with known counts for rendering tests: each segment's daily audiences are
 * given; any below k is suppressed exactly as the Worker does it (null, `suppressed: true`).
 */
import type { SegmentsResponse } from "../../../shared/schema.ts";
import { dayOf } from "../../../worker/counting/day.ts";
import { changeOf, shareOf } from "../../../worker/counting/read.ts";

export const FIXTURE_K = 10;

function point(day: string, audience: number, k: number) {
  const suppressed = audience < k;
  return suppressed
    ? { day, audience: null, added: null, removed: null, suppressed, unusual: false }
    : { day, audience, added: 0, removed: 0, suppressed, unusual: false };
}

/** Days ending 2026-11-20, oldest first. */
export function fixtureDays(n: number): string[] {
  const end = Date.UTC(2026, 10, 20);
  return Array.from({ length: n }, (_, i) =>
    new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/**
 * `respondents` are the respondents' daily audiences (default: each day's sum over the
 * segments); shares and changes follow from the shown audiences as the Worker computes them.
 */
export function fixture(
  audiences: Record<string, { label: string; daily: number[] }>,
  k = FIXTURE_K,
  respondents?: number[],
): SegmentsResponse {
  const all = Object.values(audiences);
  const n = Math.max(0, ...all.map((a) => a.daily.length));
  const days = fixtureDays(n);
  const period = (series: { day: string }[]) =>
    [
      dayOf(Date.parse(series[0]?.day ?? "2026-11-20")),
      dayOf(Date.parse(series[series.length - 1]?.day ?? "2026-11-20")),
    ] as const;
  const rDaily =
    respondents ?? days.map((_, i) => all.reduce((sum, a) => sum + (a.daily[i] ?? 0), 0));
  const rSeries = rDaily.map((a, i) => point(days[i] ?? "", a, k));
  const rNow = rSeries[rSeries.length - 1];
  const segments = Object.entries(audiences).map(([id, { label, daily }]) => {
    const own = fixtureDays(daily.length);
    const series = daily.map((a, i) => point(own[i] ?? "", a, k));
    const current = series[series.length - 1];
    return {
      id,
      label,
      audience: current?.audience ?? null,
      suppressed: current?.suppressed ?? true,
      share: shareOf(current?.audience ?? null, rNow?.audience ?? null),
      change: changeOf(series, ...period(series)),
      series,
    };
  });
  return {
    site: "demo",
    window: 30,
    k,
    day: "2026-11-20",
    noise: false,
    respondents: {
      audience: rNow?.audience ?? null,
      suppressed: rNow?.suppressed ?? true,
      series: rSeries,
      change: changeOf(rSeries, ...period(rSeries)),
    },
    segments,
  };
}

/** Runners: 1234 now; Beginners: 7 now (suppressed, was 12 two days before); Yoga: always 3. */
export const KNOWN = fixture({
  runners: { label: "Runners", daily: [1000, 1100, 1200, 1234] },
  beginners: { label: "Beginners", daily: [12, 11, 9, 7] },
  yoga: { label: "Mind and body", daily: [3, 3, 3, 3] },
});
