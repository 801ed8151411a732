/**
 * @module
 * A per-client rate limit that stores nothing (issue 3, "Abuse"): the Workers rate-limiting
 * binding counts in Cloudflare's memory, keyed by HMAC(secret, day, CF-Connecting-IP), so the
 * key rotates daily, cannot be reversed without the secret, and is never written by this Worker.
 * Over the limit: 429 rate_limited with Retry-After (the binding's period).
 * RATE_LIMIT_MODE=report-only (benchmarks only, via `wrangler dev --var`) still asks the binding
 * but lets the request through, so the benchmark measures the limiter's cost without its verdict.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { dayOf } from "../counting/day.ts";
import { keyedHash } from "../counting/keys.ts";
import { ApiError } from "../errors.ts";
import { RATE_LIMIT_PERIOD_SECONDS } from "../limits.ts";

export const rateLimit = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (c.req.method === "OPTIONS") return next();
  // Cloudflare always sets CF-Connecting-IP; requests without it (local tools) share one key.
  const ip = c.req.header("CF-Connecting-IP") ?? "";
  const key = (await keyedHash(c.var.keys, "ratelimit", `${dayOf(Date.now())}\n${ip}`)).slice(
    0,
    32,
  );
  const { success } = await c.env.RATE_LIMITER.limit({ key });
  if (!success && c.env.RATE_LIMIT_MODE !== "report-only") {
    throw new ApiError("rate_limited", "too many requests; try again later", undefined, {
      "Retry-After": String(RATE_LIMIT_PERIOD_SECONDS),
    });
  }
  await next();
};
