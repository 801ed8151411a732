/**
 * A SegmentsResponse with known counts for rendering tests: each segment's daily audiences are
 * given; any below k is suppressed exactly as the Worker does it (null, `suppressed: true`), and
 * shares and changes are derived from the shown numbers as the API derives them (issue 14).
 */
import type {
  Change,
  QuestionAnswers,
  Respondents,
  SegmentsResponse,
} from "../../../shared/schema.ts";

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

const shown = (a: number | undefined, k: number) => (a === undefined || a < k ? null : a);

/** First and last day's shown audience, their difference and its ratio (3 decimals). */
function change(daily: readonly number[], k: number): Change {
  const days = fixtureDays(daily.length);
  const first = shown(daily[0], k);
  const last = shown(daily[daily.length - 1], k);
  const absolute = first === null || last === null ? null : last - first;
  const relative =
    absolute === null || !first ? null : Math.round((absolute / first) * 1000) / 1000;
  return { from: days[0] ?? "", to: days[days.length - 1] ?? "", first, last, absolute, relative };
}

/** An audience over a base (both shown), 3 decimals, within 0..1; else null. */
function share(audience: number | null, base: number | null): number | null {
  if (audience === null || base === null || base === 0) return null;
  return Math.min(1, Math.round((audience / base) * 1000) / 1000);
}

function measured(daily: readonly number[], k: number, base: number | null) {
  const days = fixtureDays(daily.length);
  const current = point(days[days.length - 1] ?? "2026-11-20", daily[daily.length - 1] ?? 0, k);
  return {
    audience: current.audience,
    suppressed: current.suppressed,
    share: share(current.audience, base),
    change: change(daily, k),
    series: daily.map((a, i) => point(days[i] ?? "", a, k)),
  };
}

export function respondentsOf(daily: readonly number[], k = FIXTURE_K): Respondents {
  const { share: _share, ...rest } = measured(daily, k, null);
  return rest;
}

export function fixture(
  audiences: Record<string, { label: string; daily: number[] }>,
  k = FIXTURE_K,
  respondentsDaily?: number[],
): SegmentsResponse {
  const first = Object.values(audiences)[0]?.daily ?? [0];
  const respondents = respondentsOf(respondentsDaily ?? first.map((a) => a * 2), k);
  const segments = Object.entries(audiences).map(([id, { label, daily }]) => ({
    id,
    label,
    ...measured(daily, k, respondents.audience),
  }));
  return { site: "demo", window: 30, k, day: "2026-11-20", noise: false, respondents, segments };
}

/** One question's distribution from each option's daily audiences, shares over `base`. */
export function question(
  id: string,
  label: string,
  options: Record<string, { label: string; daily: number[] }>,
  base: number | null,
  k = FIXTURE_K,
): QuestionAnswers {
  return {
    id,
    label,
    kind: "multiple",
    options: Object.entries(options).map(([oid, o]) => ({
      id: oid,
      label: o.label,
      ...measured(o.daily, k, base),
    })),
  };
}

/**
 * Runners: 1234 now; Beginners: 7 now (suppressed, was 12 two days before); Yoga: always 3.
 * Respondents: 2000 rising to 2468 (twice the runners).
 */
export const KNOWN = fixture({
  runners: { label: "Runners", daily: [1000, 1100, 1200, 1234] },
  beginners: { label: "Beginners", daily: [12, 11, 9, 7] },
  yoga: { label: "Mind and body", daily: [3, 3, 3, 3] },
});

/** What people answered, over KNOWN's respondents (2468 on the last day). */
export const KNOWN_ANSWERS: QuestionAnswers[] = [
  question(
    "interests",
    "What do you enjoy?",
    {
      running: { label: "Running", daily: [900, 950, 1000, 1234] },
      yoga: { label: "Yoga", daily: [3, 3, 3, 3] },
    },
    2468,
  ),
];
