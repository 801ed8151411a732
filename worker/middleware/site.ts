/**
 * @module
 * Resolves the `:site` path parameter to its published config through the site store
 * (worker/sites: cached, no object round trip in steady state), or 404 unknown_site.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";

export const siteConfig = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const site = await c.var.sites.getSite(c.env, c.req.param("site") ?? "");
  if (!site) throw new ApiError("unknown_site", "no such site");
  c.set("site", site);
  c.set("config", site.config);
  await next();
};
