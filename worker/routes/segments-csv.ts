/**
 * @module
 * GET /v1/sites/:site/segments.csv (marketer): the same figures as /segments, one row per count
 * per day (RFC 4180): first the respondents (segment `*`, which no segment id can be), then
 * each segment, then with `?compare=` each declared overlap (segment `a&b`). A suppressed count
 * (below k) is an empty cell, and the `suppressed` column says `true`; a number is only ever a
 * count at or above k. `share` is that day's audience over that day's respondents (empty on the
 * respondents' rows); `change` and `change_relative` are the change since the period's first
 * day, so the last day's row carries the JSON's `change.absolute` and `change.relative`. All of
 * them are computed from shown audiences only.
 */
import { Hono } from "hono";
import { RESPONDENTS_KEY } from "../../shared/counting-keys.ts";
import type { SegmentsResponse, SeriesPoint } from "../../shared/schema.ts";
import type { AppEnv } from "../app-env.ts";
import { delta, shareOf } from "../counting/read.ts";
import { type CsvValue, csv } from "../csv.ts";
import { readForMarketer } from "./segments.ts";

export const CSV_HEADER = [
  "day",
  "segment",
  "label",
  "audience",
  "added",
  "removed",
  "suppressed",
  "unusual",
  "share",
  "change",
  "change_relative",
] as const;

/** The label of the respondents' rows. */
export const RESPONDENTS_LABEL = "Respondents (every contribution)";

/**
 * The per-day columns of one count's series: its point, its share of `of` (the respondents'
 * series, or none), and its change since the first day (shared with answers.csv).
 */
export function seriesRows(
  points: readonly SeriesPoint[],
  of: readonly SeriesPoint[] | undefined,
): CsvValue[][] {
  const first = points[0]?.audience ?? null;
  return points.map((p, i) => {
    const change = delta(first, p.audience);
    return [
      p.audience,
      p.added,
      p.removed,
      p.suppressed,
      p.unusual,
      of ? shareOf(p.audience, of[i]?.audience ?? null) : null,
      change.absolute,
      change.relative,
    ];
  });
}

/** The CSV text of a segments answer (worker/csv.ts: text quoted, formulas defused). */
export function toCsv(body: SegmentsResponse): string {
  const respondents = body.respondents.series;
  const rows = (id: string, label: string, points: readonly SeriesPoint[], share: boolean) =>
    seriesRows(points, share ? respondents : undefined).map((cells, i) => [
      points[i]?.day ?? "",
      id,
      label,
      ...cells,
    ]);
  return csv(CSV_HEADER, [
    ...rows(RESPONDENTS_KEY, RESPONDENTS_LABEL, respondents, false),
    ...body.segments.flatMap((s) => rows(s.id, s.label, s.series, true)),
    ...(body.comparison?.overlaps ?? []).flatMap((o) =>
      rows(`${o.segments[0]}&${o.segments[1]}`, o.label, o.series, true),
    ),
  ]);
}

export const segmentsCsvRoute = new Hono<AppEnv>().get("/", async (c) => {
  const config = c.var.config;
  const body = await readForMarketer(c, "segments.csv");
  return c.body(toCsv(body), 200, {
    "Content-Type": "text/csv; charset=utf-8; header=present",
    "Content-Disposition": `attachment; filename="${config.id}-segments-${body.day}.csv"`,
    "Cache-Control": "private, no-store",
  });
});
