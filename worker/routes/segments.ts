/**
 * @module
 * GET /v1/sites/:site/segments (marketer, Bearer token): audiences per segment, current and as a
 * daily series (shared/schema.ts SegmentsResponseSchema), with `?days=N` (ending today) or
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD` (a date range, UTC), and `?segments=a,b`.
 * Each successful read is appended to the site's access log (shard 0).
 */
import { type Context, Hono } from "hono";
import type { SegmentsResponse, SiteConfig } from "../../shared/schema.ts";
import { seriesDaysMax } from "../../shared/site-config.ts";
import type { AppEnv } from "../app-env.ts";
import { dayOf, isoDay } from "../counting/day.ts";
import {
  lastReadableDay,
  oldestSeriesDay,
  type ReadOptions,
  readAudiences,
} from "../counting/read.ts";
import { shardStub } from "../counting/shards.ts";
import { ApiError } from "../errors.ts";

/** A `YYYY-MM-DD` query value as a day number, or a 400 naming the field. */
function dayParam(field: "from" | "to", value: string): number {
  const ms = Date.parse(`${value}T00:00:00Z`);
  const day = /^\d{4}-\d\d-\d\d$/.test(value) && Number.isFinite(ms) ? dayOf(ms) : Number.NaN;
  // The round trip refuses dates that Date.parse would roll over (2026-02-30).
  if (Number.isNaN(day) || isoDay(day) !== value) {
    throw new ApiError("bad_request", `${field} must be a date as YYYY-MM-DD`, { field });
  }
  return day;
}

/**
 * Parses `?days`, `?from`/`?to` and `?segments`; a bad value is 400 bad_request naming it.
 * The period comes back resolved (`from` and `to` always set), as the series will have it.
 */
export function readOptions(
  config: SiteConfig,
  query: { days?: string; from?: string; to?: string; segments?: string },
  now: number = Date.now(),
): ReadOptions & { from: number; to: number } {
  const today = dayOf(now);
  const oldest = oldestSeriesDay(config, today);
  const max = seriesDaysMax(config);
  let days = config.windowDays;
  if (query.days !== undefined) {
    if (query.from !== undefined || query.to !== undefined) {
      throw new ApiError("bad_request", "give days, or from and to, not both", { field: "days" });
    }
    days = Number(query.days);
    if (!/^\d+$/.test(query.days) || days < 1 || days > max) {
      throw new ApiError(
        "bad_request",
        `days must be an integer from 1 to ${max} (retention ${config.retentionDays} days, each point needs its ${config.windowDays}-day window)`,
        { field: "days" },
      );
    }
  }
  // With noise the default period ends yesterday: nothing of the open day is released.
  const to = query.to === undefined ? lastReadableDay(config, today) : dayParam("to", query.to);
  if (to > today || to < oldest) {
    throw new ApiError(
      "bad_request",
      `to must be from ${isoDay(oldest)} to ${isoDay(today)} (today, UTC)`,
      { field: "to" },
    );
  }
  const from =
    query.from === undefined ? Math.max(oldest, to - days + 1) : dayParam("from", query.from);
  if (from > to || from < oldest) {
    throw new ApiError(
      "bad_request",
      `from must be from ${isoDay(oldest)} (older days' windows are no longer kept) to the to date`,
      { field: "from" },
    );
  }
  const options: ReadOptions & { from: number; to: number } = { from, to, now };
  if (query.segments !== undefined) {
    const ids = query.segments.split(",").filter((s) => s !== "");
    const unknown = ids.filter((id) => !config.segments.some((s) => s.id === id));
    if (ids.length === 0 || unknown.length > 0) {
      throw new ApiError(
        "bad_request",
        "segments must list segment ids of this site, separated by commas",
        {
          field: "segments",
          unknown,
        },
      );
    }
    options.segments = ids;
  }
  return options;
}

/** Appends one access-log row for a successful marketer read (never an IP or a user agent). */
/** The fingerprint column of a failed sign-in: the same for every one, derived from nothing. */
export const FAILED_SIGN_IN_FINGERPRINT = "--------";

export async function logAccess(
  env: Pick<Env, "COUNTER">,
  config: SiteConfig,
  endpoint: string,
  fingerprint: string,
): Promise<void> {
  await shardStub(env, config.id, 0).appendAccess({ at: Date.now(), endpoint, token: fingerprint });
}

/** The marketer read both the JSON and the CSV route serve: query → audiences, logged. */
export async function readForMarketer(
  c: Context<AppEnv>,
  endpoint: string,
): Promise<SegmentsResponse> {
  const config = c.var.config;
  const options = readOptions(config, {
    days: c.req.query("days"),
    from: c.req.query("from"),
    to: c.req.query("to"),
    segments: c.req.query("segments"),
  });
  const body = await readAudiences(c.env, config, options);
  await logAccess(c.env, config, endpoint, c.var.token?.fingerprint ?? "");
  return body;
}

export const segmentsRoute = new Hono<AppEnv>().get("/", async (c) =>
  c.json(await readForMarketer(c, "segments"), 200, { "Cache-Control": "private, no-store" }),
);
