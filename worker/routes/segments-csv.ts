/**
 * @module
 * GET /v1/sites/:site/segments.csv (marketer): the same figures as /segments, one row per segment
 * per day (RFC 4180). A suppressed count (below k) is an empty cell, and the `suppressed` column
 * says `true`; a number is only ever a count at or above k.
 */
import { Hono } from "hono";
import type { SegmentsResponse } from "../../shared/schema.ts";
import type { AppEnv } from "../app-env.ts";
import { csv } from "../csv.ts";
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
] as const;

/** The CSV text of a segments answer (worker/csv.ts: text quoted, formulas defused). */
export function toCsv(body: SegmentsResponse): string {
  return csv(
    CSV_HEADER,
    body.segments.flatMap((s) =>
      s.series.map((p) => [
        p.day,
        s.id,
        s.label,
        p.audience,
        p.added,
        p.removed,
        p.suppressed,
        p.unusual,
      ]),
    ),
  );
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
