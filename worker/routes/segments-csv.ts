/**
 * @module
 * GET /v1/sites/:site/segments.csv (marketer): the same figures as /segments, one row per segment
 * per day (RFC 4180). A suppressed count (below k) is an empty cell, and the `suppressed` column
 * says `true`; a number is only ever a count at or above k.
 */
import { Hono } from "hono";
import type { SegmentsResponse } from "../../shared/schema.ts";
import type { AppEnv } from "../app-env.ts";
import { readForMarketer } from "./segments.ts";

export const CSV_HEADER = [
  "day",
  "segment",
  "label",
  "audience",
  "added",
  "removed",
  "suppressed",
] as const;

/** One CSV field: quoted when needed; a leading = + - @ is defused against spreadsheet formulas. */
function field(value: string | number | null): string {
  if (value === null) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV text of a segments answer. */
export function toCsv(body: SegmentsResponse): string {
  const lines = [CSV_HEADER.join(",")];
  for (const s of body.segments) {
    for (const p of s.series) {
      lines.push(
        [p.day, s.id, s.label, p.audience, p.added, p.removed, String(p.suppressed)]
          .map(field)
          .join(","),
      );
    }
  }
  return `${lines.join("\r\n")}\r\n`;
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
