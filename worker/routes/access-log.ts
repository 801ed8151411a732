/**
 * @module
 * GET /v1/sites/:site/access-log (auditors and owners): the marketers' reads of the retention
 * period, newest first: time, endpoint and token fingerprint, never an address.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { listAccess } from "../dashboard/access-log.ts";

export const accessLogRoute = new Hono<AppEnv>().get("/", async (c) =>
  c.json({ entries: await listAccess(c.env, c.var.config.id, Date.now()) }, 200, {
    "Cache-Control": "private, no-store",
  }),
);
