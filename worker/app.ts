/**
 * @module
 * The Hono app (DESIGN.md "HTTP API v1"), built over the site store with a list of seeds so
 * tests can serve fixture sites with the same code. worker/index.ts builds it from worker/sites.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";
import type { Fetcher } from "./counting/turnstile.ts";
import { ApiError, notFound, onError } from "./errors.ts";
import { visitorCors } from "./middleware/cors.ts";
import { marketerAuth, tokenAuth } from "./middleware/marketer-auth.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { secrets } from "./middleware/secrets.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { siteConfig } from "./middleware/site.ts";
import { accessLogRoute } from "./routes/access-log.ts";
import { adminRoute } from "./routes/admin.ts";
import { answersCsvRoute } from "./routes/answers-csv.ts";
import { assignmentsRoute } from "./routes/assignments.ts";
import { challengeRoute } from "./routes/challenge.ts";
import { changesRoute } from "./routes/changes.ts";
import { configRoute } from "./routes/config.ts";
import { healthRoute } from "./routes/health.ts";
import { privacyRoute } from "./routes/privacy.ts";
import { answersRoute, segmentsRoute } from "./routes/segments.ts";
import { segmentsCsvRoute } from "./routes/segments-csv.ts";
import { sitesRoute } from "./routes/sites.ts";
import { widgetScriptRoute } from "./routes/widget-script.ts";
import type { SeedInput } from "./sites/site-store.ts";
import { type Sites, siteStore } from "./sites/store.ts";

/** 405 for a known path with an unknown method. */
const methodNotAllowed =
  (allow: string): MiddlewareHandler<AppEnv> =>
  () => {
    throw new ApiError("method_not_allowed", `use ${allow}`, undefined, { Allow: allow });
  };

/** The API of the stored sites, under /v1/sites/:site. */
export function siteApi(): Hono<AppEnv> {
  const auth = marketerAuth();
  return new Hono<AppEnv>()
    .use("*", siteConfig())
    .use("/config", visitorCors("GET, HEAD, OPTIONS"))
    .use("/challenge", visitorCors("GET, OPTIONS"))
    .use("/assignments", visitorCors("POST, DELETE, OPTIONS"), rateLimit("write"))
    .use("/segments", rateLimit("read"), auth)
    .use("/segments.csv", rateLimit("read"), auth)
    .use("/answers", rateLimit("read"), auth)
    .use("/answers.csv", rateLimit("read"), auth)
    .use("/access-log", rateLimit("read"), tokenAuth("auditor", "owner"))
    .use("/admin/*", rateLimit("read"), tokenAuth("owner"))
    .route("/config", configRoute)
    .route("/widget.js", widgetScriptRoute)
    .route("/challenge", challengeRoute)
    .route("/assignments", assignmentsRoute)
    .route("/segments", segmentsRoute)
    .route("/segments.csv", segmentsCsvRoute)
    .route("/answers", answersRoute)
    .route("/answers.csv", answersCsvRoute)
    .route("/privacy", privacyRoute)
    .route("/changes", changesRoute)
    .route("/access-log", accessLogRoute)
    .route("/admin", adminRoute)
    .all("/config", methodNotAllowed("GET, HEAD, OPTIONS"))
    .all("/widget.js", methodNotAllowed("GET"))
    .all("/challenge", methodNotAllowed("GET, OPTIONS"))
    .all("/assignments", methodNotAllowed("POST, DELETE, OPTIONS"))
    .all("/segments", methodNotAllowed("GET"))
    .all("/segments.csv", methodNotAllowed("GET"))
    .all("/answers", methodNotAllowed("GET"))
    .all("/answers.csv", methodNotAllowed("GET"))
    .all("/privacy", methodNotAllowed("GET"))
    .all("/changes", methodNotAllowed("GET"))
    .all("/access-log", methodNotAllowed("GET"))
    .all("/admin/config", methodNotAllowed("GET, PUT"))
    .all("/admin/tokens", methodNotAllowed("GET, POST"))
    .all("/admin/tokens/:id", methodNotAllowed("DELETE"));
}

/** Puts the site store's interface and the outbound fetch on every request (`c.var`). */
const withSites =
  (sites: Sites, outbound: Fetcher): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    c.set("sites", sites);
    c.set("fetch", outbound);
    await next();
  };

/** What the app calls out with by default: the runtime's fetch. */
const runtimeFetch: Fetcher = (url, init) => fetch(url, init);

/**
 * The whole app over the site store with `seeds` (imported on first use); routes of other parts
 * (dashboard, console, OpenAPI) are added by worker/index.ts and see `c.var.sites` too.
 * `options.fetch` replaces the runtime's fetch for calls out (tests answer for siteverify).
 */
export function createApp(
  seeds: readonly SeedInput[],
  options: { fetch?: Fetcher } = {},
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use("*", securityHeaders());
  app.use("*", withSites(siteStore(seeds), options.fetch ?? runtimeFetch));
  app.route("/healthz", healthRoute);
  app.use("/v1/*", secrets());
  app.use("/v1/sites", rateLimit("signin"));
  app.route("/v1/sites", sitesRoute);
  app.all("/v1/sites", methodNotAllowed("POST"));
  app.route("/v1/sites/:site", siteApi());
  return app;
}
