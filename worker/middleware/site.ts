/**
 * @module
 * Resolves the `:site` path parameter to its config, or 404 unknown_site.
 */
import type { MiddlewareHandler } from "hono";
import type { SiteConfig } from "../../shared/schema.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";

export const siteConfig =
  (sites: ReadonlyMap<string, SiteConfig>): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const config = sites.get(c.req.param("site") ?? "");
    if (!config) throw new ApiError("unknown_site", "no such site");
    c.set("config", config);
    await next();
  };
