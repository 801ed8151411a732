/**
 * @module
 * GET /v1/sites/:site/segments (marketer, Bearer token): audiences per segment, current and as a
 * daily series (shared/schema.ts SegmentsResponseSchema), with `?days=N` and `?segments=a,b`.
 * Each successful read is appended to the site's access log (shard 0).
 */
import { type Context, Hono } from "hono";
import type { SegmentsResponse, SiteConfig } from "../../shared/schema.ts";
import { seriesDaysMax } from "../../shared/site-config.ts";
import type { AppEnv } from "../app-env.ts";
import { type ReadOptions, readAudiences } from "../counting/read.ts";
import { shardStub } from "../counting/shards.ts";
import { ApiError } from "../errors.ts";
import { tokenFingerprint } from "../middleware/marketer-auth.ts";

/** Parses `?days` and `?segments`; a bad value is 400 bad_request naming it. */
export function readOptions(
  config: SiteConfig,
  query: { days?: string; segments?: string },
): ReadOptions {
  const options: ReadOptions = {};
  if (query.days !== undefined) {
    const days = Number(query.days);
    const max = seriesDaysMax(config);
    if (!/^\d+$/.test(query.days) || days < 1 || days > max) {
      throw new ApiError(
        "bad_request",
        `days must be an integer from 1 to ${max} (retention ${config.retentionDays} days, each point needs its ${config.windowDays}-day window)`,
        { field: "days" },
      );
    }
    options.days = days;
  }
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
export async function logAccess(
  env: Pick<Env, "COUNTER">,
  config: SiteConfig,
  endpoint: string,
): Promise<void> {
  await shardStub(env, config.id, 0).appendAccess({
    at: Date.now(),
    endpoint,
    token: await tokenFingerprint(config),
  });
}

/** The marketer read both the JSON and the CSV route serve: query → audiences, logged. */
export async function readForMarketer(
  c: Context<AppEnv>,
  endpoint: string,
): Promise<SegmentsResponse> {
  const config = c.var.config;
  const options = readOptions(config, {
    days: c.req.query("days"),
    segments: c.req.query("segments"),
  });
  const body = await readAudiences(c.env, config, options, c.var.keys);
  await logAccess(c.env, config, endpoint);
  return body;
}

export const segmentsRoute = new Hono<AppEnv>().get("/", async (c) =>
  c.json(await readForMarketer(c, "segments"), 200, { "Cache-Control": "private, no-store" }),
);
