/**
 * @module
 * GET /v1/sites/:site/config: the public site config the widget fetches (DESIGN.md data flow 1),
 * with a strong ETag (SHA-256 of the body), `If-None-Match` → 304, and a short public cache.
 */
import { Hono } from "hono";
import type { SiteConfig } from "../../shared/schema.ts";
import { publicConfig } from "../../shared/site-config.ts";
import type { AppEnv } from "../app-env.ts";
import { sha256Hex } from "../counting/encoding.ts";
import { CONFIG_MAX_AGE_SECONDS } from "../limits.ts";

const rendered = new WeakMap<SiteConfig, Promise<{ body: string; etag: string }>>();

/** The config's body and ETag, computed once per config. */
function render(config: SiteConfig) {
  let r = rendered.get(config);
  if (!r) {
    const body = JSON.stringify(publicConfig(config));
    r = sha256Hex(body).then((h) => ({ body, etag: `"${h.slice(0, 32)}"` }));
    rendered.set(config, r);
  }
  return r;
}

/** RFC 9110 §13.1.2: If-None-Match compares weakly; "*" matches any. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === "*" || t === etag);
}

export const configRoute = new Hono<AppEnv>().get("/", async (c) => {
  const { body, etag } = await render(c.var.config);
  const headers = {
    ETag: etag,
    "Cache-Control": `public, max-age=${CONFIG_MAX_AGE_SECONDS}`,
  };
  if (etagMatches(c.req.header("If-None-Match"), etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, "Content-Type": "application/json; charset=utf-8" });
});
