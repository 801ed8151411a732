/**
 * @module
 * GET /v1/sites/:site/access-log (auditors and owners): the marketers' reads of the retention
 * period, newest first: time, endpoint and token fingerprint, never an address.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { accessJsonStream } from "../dashboard/access-log.ts";

// Streamed page by page (dashboard/access-log.ts): a full log never sits in memory or in one RPC.
export const accessLogRoute = new Hono<AppEnv>().get("/", (c) =>
  c.body(accessJsonStream(c.env, c.var.config.id, Date.now()), 200, {
    "Content-Type": "application/json",
    "Cache-Control": "private, no-store",
  }),
);
