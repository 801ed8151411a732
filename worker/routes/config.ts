/**
 * @module
 * GET /v1/sites/:site/config: the public site config the widget fetches (DESIGN.md data flow 1),
 * with a strong ETag (SHA-256 of the body), `If-None-Match` → 304, and a short public cache.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { CONFIG_MAX_AGE_SECONDS } from "../limits.ts";
import { publicConfigOf } from "../sites/public-config.ts";

/** RFC 9110 §13.1.2: If-None-Match compares weakly; "*" matches any. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === "*" || t === etag);
}

export const configRoute = new Hono<AppEnv>().get("/", async (c) => {
  const { body, etag } = await publicConfigOf(c.var.config);
  const headers = {
    ETag: etag,
    "Cache-Control": `public, max-age=${CONFIG_MAX_AGE_SECONDS}`,
  };
  if (etagMatches(c.req.header("If-None-Match"), etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, "Content-Type": "application/json; charset=utf-8" });
});
