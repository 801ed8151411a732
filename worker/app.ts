/**
 * @module
 * The Hono app (DESIGN.md "HTTP API v1"), built from a map of site configs so tests can serve
 * fixture sites with the same code. worker/index.ts builds it from worker/sites.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { SiteConfig } from "../shared/schema.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError, notFound, onError } from "./errors.ts";
import { visitorCors } from "./middleware/cors.ts";
import { marketerAuth } from "./middleware/marketer-auth.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { secrets } from "./middleware/secrets.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { siteConfig } from "./middleware/site.ts";
import { assignmentsRoute } from "./routes/assignments.ts";
import { configRoute } from "./routes/config.ts";
import { healthRoute } from "./routes/health.ts";
import { privacyRoute } from "./routes/privacy.ts";
import { segmentsRoute } from "./routes/segments.ts";
import { segmentsCsvRoute } from "./routes/segments-csv.ts";
import { widgetScriptRoute } from "./routes/widget-script.ts";

/** 405 for a known path with an unknown method. */
const methodNotAllowed =
  (allow: string): MiddlewareHandler<AppEnv> =>
  () => {
    throw new ApiError("method_not_allowed", `use ${allow}`, undefined, { Allow: allow });
  };

/** The API of the sites in `sites`, under /v1/sites/:site. */
export function siteApi(sites: ReadonlyMap<string, SiteConfig>): Hono<AppEnv> {
  const auth = marketerAuth(sites);
  return new Hono<AppEnv>()
    .use("*", siteConfig(sites))
    .use("/config", visitorCors("GET, HEAD, OPTIONS"))
    .use("/assignments", visitorCors("POST, DELETE, OPTIONS"), rateLimit())
    .use("/segments", rateLimit(), auth)
    .use("/segments.csv", rateLimit(), auth)
    .route("/config", configRoute)
    .route("/widget.js", widgetScriptRoute)
    .route("/assignments", assignmentsRoute)
    .route("/segments", segmentsRoute)
    .route("/segments.csv", segmentsCsvRoute)
    .route("/privacy", privacyRoute)
    .all("/config", methodNotAllowed("GET, HEAD, OPTIONS"))
    .all("/widget.js", methodNotAllowed("GET"))
    .all("/assignments", methodNotAllowed("POST, DELETE, OPTIONS"))
    .all("/segments", methodNotAllowed("GET"))
    .all("/segments.csv", methodNotAllowed("GET"))
    .all("/privacy", methodNotAllowed("GET"));
}

/** The whole app; routes of other parts (dashboard, OpenAPI) are added by worker/index.ts. */
export function createApp(sites: ReadonlyMap<string, SiteConfig>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use("*", securityHeaders());
  app.route("/healthz", healthRoute);
  app.use("/v1/*", secrets());
  app.route("/v1/sites/:site", siteApi(sites));
  return app;
}
