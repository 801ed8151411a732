/**
 * A SegmentsResponse with known counts for rendering tests: each segment's daily audiences are
 * given; any below k is suppressed exactly as the Worker does it (null, `suppressed: true`).
 */
import type { SegmentsResponse } from "../../../shared/schema.ts";

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

export function fixture(
  audiences: Record<string, { label: string; daily: number[] }>,
  k = FIXTURE_K,
): SegmentsResponse {
  const segments = Object.entries(audiences).map(([id, { label, daily }]) => {
    const days = fixtureDays(daily.length);
    const last = daily[daily.length - 1] ?? 0;
    const current = point(days[days.length - 1] ?? "2026-11-20", last, k);
    return {
      id,
      label,
      audience: current.audience,
      suppressed: current.suppressed,
      series: daily.map((a, i) => point(days[i] ?? "", a, k)),
    };
  });
  return { site: "demo", window: 30, k, day: "2026-11-20", noise: false, segments };
}

/** Runners: 1234 now; Beginners: 7 now (suppressed, was 12 two days before); Yoga: always 3. */
export const KNOWN = fixture({
  runners: { label: "Runners", daily: [1000, 1100, 1200, 1234] },
  beginners: { label: "Beginners", daily: [12, 11, 9, 7] },
  yoga: { label: "Mind and body", daily: [3, 3, 3, 3] },
});
