/**
 * @module
 * GET /v1/sites/:site/segments (marketer, Bearer token): respondents, and audiences, shares and
 * changes per segment, current and as a daily series (shared/schema.ts SegmentsResponseSchema),
 * with `?days=N` (ending today) or `?from=YYYY-MM-DD&to=YYYY-MM-DD` (a date range, UTC), and
 * `?segments=a,b` or `?compare=a,b[,c,d]` (side by side, with declared overlaps and breakdowns).
 * Each successful read is appended to the site's access log (shard 0).
 */
import { type Context, Hono } from "hono";
import { MAX_COMPARE, MIN_COMPARE } from "../../shared/limits.ts";
import type { AnswersResponse, SegmentsResponse, SiteConfig } from "../../shared/schema.ts";
import { seriesDaysMax } from "../../shared/site-config.ts";
import type { AppEnv } from "../app-env.ts";
import { dayOf, isoDay } from "../counting/day.ts";
import {
  lastReadableDay,
  oldestSeriesDay,
  type ReadOptions,
  readAnswers,
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
 * `?compare=a,b[,c,d]`: MIN_COMPARE to MAX_COMPARE distinct segment ids of the site, else 400
 * with its own code (compare_count, unknown_segment, duplicate_segment), naming the ids.
 */
export function compareParam(config: SiteConfig, value: string): string[] {
  const ids = value.split(",").filter((s) => s !== "");
  if (ids.length < MIN_COMPARE || ids.length > MAX_COMPARE) {
    throw new ApiError(
      "compare_count",
      `compare takes ${MIN_COMPARE} to ${MAX_COMPARE} segment ids separated by commas; ${ids.length} given`,
      { field: "compare", given: ids.length, min: MIN_COMPARE, max: MAX_COMPARE },
    );
  }
  const unknown = ids.filter((id) => !config.segments.some((s) => s.id === id));
  if (unknown.length > 0) {
    throw new ApiError(
      "unknown_segment",
      `compare names segments this site does not have: ${unknown.join(", ")}`,
      { field: "compare", unknown },
    );
  }
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) {
    throw new ApiError("duplicate_segment", `compare names a segment twice: ${twice.join(", ")}`, {
      field: "compare",
      duplicates: [...new Set(twice)],
    });
  }
  return ids;
}

/**
 * Parses `?days`, `?from`/`?to`, `?segments` and `?compare`; a bad value is a 400 naming it.
 * The period comes back resolved (`from` and `to` always set), as the series will have it.
 */
export function readOptions(
  config: SiteConfig,
  query: { days?: string; from?: string; to?: string; segments?: string; compare?: string },
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
  if (query.compare !== undefined) {
    if (query.segments !== undefined) {
      throw new ApiError("bad_request", "give segments or compare, not both", {
        field: "compare",
      });
    }
    options.compare = compareParam(config, query.compare);
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

/** The read options of a marketer request's query (`segments` and `compare` only if allowed). */
function optionsOf(c: Context<AppEnv>, segments: boolean) {
  return readOptions(c.var.config, {
    days: c.req.query("days"),
    from: c.req.query("from"),
    to: c.req.query("to"),
    ...(segments ? { segments: c.req.query("segments"), compare: c.req.query("compare") } : {}),
  });
}

/** The marketer read both the JSON and the CSV route serve: query → audiences, logged. */
export async function readForMarketer(
  c: Context<AppEnv>,
  endpoint: string,
): Promise<SegmentsResponse> {
  const config = c.var.config;
  const body = await readAudiences(c.env, config, optionsOf(c, true));
  await logAccess(c.env, config, endpoint, c.var.token?.fingerprint ?? "");
  return body;
}

/** The answers read of /answers and /answers.csv: same period parameters, logged. */
export async function readAnswersForMarketer(
  c: Context<AppEnv>,
  endpoint: string,
): Promise<AnswersResponse> {
  const config = c.var.config;
  for (const field of ["segments", "compare"] as const) {
    if (c.req.query(field) !== undefined) {
      throw new ApiError(
        "bad_request",
        `answers takes days, or from and to, not ${field}; for answers within segments use /segments?compare=`,
        { field },
      );
    }
  }
  const body = await readAnswers(c.env, config, optionsOf(c, false));
  await logAccess(c.env, config, endpoint, c.var.token?.fingerprint ?? "");
  return body;
}

export const segmentsRoute = new Hono<AppEnv>().get("/", async (c) =>
  c.json(await readForMarketer(c, "segments"), 200, { "Cache-Control": "private, no-store" }),
);

/**
 * GET /v1/sites/:site/answers (marketer): per question, per option (per value of a scale), its
 * audience, share of the respondents, change and daily series (AnswersResponseSchema): counts
 * kept like segment counts, never anyone's answers. Same auth and period as /segments.
 */
export const answersRoute = new Hono<AppEnv>().get("/", async (c) =>
  c.json(await readAnswersForMarketer(c, "answers"), 200, {
    "Cache-Control": "private, no-store",
  }),
);
