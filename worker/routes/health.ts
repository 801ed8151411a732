/**
 * @module
 * GET /healthz: an empty route (204), for uptime checks and as the benchmark's baseline.
 */
import { Hono } from "hono";

export const healthRoute = new Hono().get("/", (c) => c.body(null, 204));
