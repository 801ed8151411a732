/**
 * @module
 * GET /v1/sites/:site/changes (anyone): the public, hash-chained change log (DESIGN.md invariant
 * 9), `{ entries }` oldest first, as of the published version this isolate serves (cached per
 * version, so a read costs no Durable Object round trip in steady state). Check it with
 * `npm run verify-changes -- URL`.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";

export const changesRoute = new Hono<AppEnv>().get("/", async (c) => {
  const entries = await c.var.sites.history(c.env, c.var.config.id, c.var.site.version);
  return c.json({ entries }, 200, { "Cache-Control": "public, max-age=60" });
});
