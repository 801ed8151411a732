/**
 * @module
 * Per-client rate limits that store nothing (issue 13, "Budgets that match real clients"): the
 * Workers rate-limiting bindings count in Cloudflare's memory, keyed by
 * HMAC(secret, day, client), where the client is an IPv4 address or an IPv6 /64
 * (client-key.ts), so the key rotates daily, cannot be reversed without the secret, and is never
 * written by this Worker. Each kind of request has its own budget (its own binding, worker/limits.ts
 * RATE_BUDGETS): a visitor's writes, a marketer's reads and sign-in (much stricter: it guesses
 * tokens) never use up each other's. Visitor writes also spend a per-site budget keyed by the site
 * alone, which caps how fast anyone, from however many addresses, can fill a site's storage.
 * Over a limit: 429 rate_limited with Retry-After (the binding's period).
 * RATE_LIMIT_MODE=report-only (benchmarks only, via `wrangler dev --var`) still asks the binding
 * but lets the request through, so the benchmark measures the limiter's cost without its verdict.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { dayOf } from "../counting/day.ts";
import { type Keys, keyedHash } from "../counting/keys.ts";
import { ApiError } from "../errors.ts";
import { RATE_BUDGETS, RATE_LIMIT_PERIOD_SECONDS, type RateBudget } from "../limits.ts";
import { clientKey } from "./client-key.ts";

/**
 * The per-site write budget's key of each site, per isolate and UTC day, per secret: HMAC(secret,
 * day, site) is the same for every write of a site that day, so it is derived once (the map is
 * dropped when the day changes; it holds at most one entry per known site: the route resolved
 * the site before this runs).
 */
const siteKeys = new WeakMap<Keys, { day: number; keys: Map<string, Promise<string>> }>();

export function siteBudgetKey(keys: Keys, site: string, day: number): Promise<string> {
  let cache = siteKeys.get(keys);
  if (cache?.day !== day) {
    cache = { day, keys: new Map() };
    siteKeys.set(keys, cache);
  }
  let key = cache.keys.get(site);
  if (!key) {
    const entries = cache.keys;
    key = keyedHash(keys, "ratelimit", `site\n${day}\n${site}`).then((h) => h.slice(0, 32));
    // A failed derivation is not kept: the next write derives again.
    key.catch(() => entries.delete(site));
    entries.set(site, key);
  }
  return key;
}

const limited = () =>
  new ApiError("rate_limited", "too many requests; try again later", undefined, {
    "Retry-After": String(RATE_LIMIT_PERIOD_SECONDS),
  });

/** Spends one request of `budget` for this client (and, for visitor writes, for the site). */
export const rateLimit =
  (budget: RateBudget): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (c.req.method === "OPTIONS") return next();
    const enforce = c.env.RATE_LIMIT_MODE !== "report-only";
    // Cloudflare always sets CF-Connecting-IP; requests without it (local tools) share one key.
    const client = clientKey(c.req.header("CF-Connecting-IP") ?? "");
    const day = dayOf(Date.now());
    const key = (await keyedHash(c.var.keys, "ratelimit", `${budget}\n${day}\n${client}`)).slice(
      0,
      32,
    );
    const { success } = await c.env[RATE_BUDGETS[budget].binding].limit({ key });
    if (!success && enforce) throw limited();
    if (budget === "write") {
      const site = c.req.param("site") ?? "";
      const siteKey = await siteBudgetKey(c.var.keys, site, day);
      const { success: siteOk } = await c.env[RATE_BUDGETS.site.binding].limit({ key: siteKey });
      if (!siteOk && enforce) throw limited();
    }
    await next();
  };
