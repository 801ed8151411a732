/**
 * @module
 * The Preferably Worker: the visitor API, the marketer API and (added by their own modules) the
 * dashboard and the OpenAPI description. Static files (/widget.js, the demo page) are served by
 * the [assets] block of wrangler.toml before this code runs.
 */
import { createApp } from "./app.ts";
import { dashboardRoute } from "./routes/dashboard.tsx";
import { openApiRoute } from "./routes/openapi.ts";
import { SITES } from "./sites/index.ts";

const app = createApp(SITES);

// ---- Other parts mount their routes here (middleware of createApp applies to them too). -------
// For a marketer page, reuse: siteConfig(SITES) from ./middleware/site.ts, marketerAuth(SITES)
// or tokenMatches() from ./middleware/marketer-auth.ts, readAudiences() from ./counting/read.ts
// (with c.var.keys: mount under /v1/* or use secrets() from ./middleware/secrets.ts).
app.route("/dashboard", dashboardRoute(SITES));
app.route("/openapi.json", openApiRoute);
// ------------------------------------------------------------------------------------------------

export default app;

export { SiteCounter } from "./durable-objects/site-counter.ts";
