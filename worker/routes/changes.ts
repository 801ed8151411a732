/**
 * @module
 * GET /v1/sites/:site/changes (anyone): the public, hash-chained change log (DESIGN.md invariant
 * 9), `{ entries }` oldest first. Check it with `npm run verify-changes -- URL`.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";

export const changesRoute = new Hono<AppEnv>().get("/", async (c) => {
  const entries = await c.var.sites.history(c.env, c.var.config.id);
  return c.json({ entries }, 200, { "Cache-Control": "public, max-age=60" });
});
