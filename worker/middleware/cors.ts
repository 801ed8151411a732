/**
 * @module
 * CORS for the visitor endpoints (config, assignments): only the site's allowed origins and the
 * Worker's own origin (the demo page it serves) get Access-Control-Allow-Origin, echoed, never
 * `*`; never Access-Control-Allow-Credentials (invariant 4: the widget sends no credentials).
 * A disallowed Origin on a write is 403 origin_not_allowed before the body is read. Requests
 * without an Origin header (curl, servers) are not browsers' cross-origin calls and pass.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { CORS_MAX_AGE_SECONDS } from "../limits.ts";

/** Whether `origin` may call the visitor endpoints of the context's site. */
function allowed(origin: string, allowedOrigins: readonly string[], self: string): boolean {
  return origin === self || allowedOrigins.includes(origin);
}

export const visitorCors =
  (methods: string): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const origin = c.req.header("Origin");
    const ok =
      origin === undefined ||
      allowed(origin, c.var.config.allowedOrigins, new URL(c.req.url).origin);
    if (c.req.method === "OPTIONS") {
      if (!ok)
        throw new ApiError("origin_not_allowed", "this origin may not call this site", undefined, {
          Vary: "Origin",
        });
      return new Response(null, {
        status: 204,
        headers: {
          ...(origin ? { "Access-Control-Allow-Origin": origin } : {}),
          "Access-Control-Allow-Methods": methods,
          "Access-Control-Allow-Headers": "Content-Type",
          "Access-Control-Max-Age": String(CORS_MAX_AGE_SECONDS),
          Vary: "Origin",
          "Cache-Control": "no-store",
        },
      });
    }
    if (!ok && c.req.method !== "GET" && c.req.method !== "HEAD") {
      throw new ApiError("origin_not_allowed", "this origin may not call this site", undefined, {
        Vary: "Origin",
      });
    }
    await next();
    c.res.headers.append("Vary", "Origin");
    if (ok && origin !== undefined) c.res.headers.set("Access-Control-Allow-Origin", origin);
  };
