/**
 * @module
 * GET /openapi.json: the OpenAPI 3.1 description of the public endpoints, generated from the
 * shared schemas (worker/openapi/document.ts). Public and cacheable; any origin may read it, so
 * API tools and docs sites can load it.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { openApiDocument } from "../openapi/document.ts";

/** How long browsers and caches keep the description (seconds); it changes only on deploy. */
export const OPENAPI_MAX_AGE_SECONDS = 3600;

export const openApiRoute = new Hono<AppEnv>().get("/", (c) =>
  c.json(openApiDocument(), 200, {
    "Cache-Control": `public, max-age=${OPENAPI_MAX_AGE_SECONDS}`,
    "Access-Control-Allow-Origin": "*",
  }),
);
