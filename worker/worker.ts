/**
 * @module
 * The Preferably Worker over a list of seeds: the visitor API, the marketer API, the owner's and
 * operator's API and (added by their own modules) the dashboard, the console and the OpenAPI
 * description. Two entries build it: worker/index.ts (production: no seeds) and
 * worker/index.local.ts (local development: the demo site).
 */
import { createApp } from "./app.ts";
import { consoleRoute } from "./routes/console.tsx";
import { dashboardRoute } from "./routes/dashboard.tsx";
import { openApiRoute } from "./routes/openapi.ts";
import type { SeedInput } from "./sites/site-store.ts";

export function buildWorker(seeds: readonly SeedInput[]) {
  const app = createApp(seeds);
  // ---- Other parts mount their routes here (middleware of createApp applies to them too). -----
  // For a marketer page, reuse: c.var.sites (worker/sites: getSite, tokens), siteConfig() from
  // ./middleware/site.ts, tokenAuth() from ./middleware/marketer-auth.ts, readAudiences() from
  // ./counting/read.ts (with c.var.keys: mount under /v1/* or use secrets() from ./middleware/secrets.ts).
  app.route("/dashboard", dashboardRoute());
  app.route("/admin", consoleRoute());
  app.route("/openapi.json", openApiRoute);
  return app;
}
