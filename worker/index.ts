/**
 * @module
 * The Preferably Worker: the visitor API, the marketer API, the owner's and operator's API and
 * (added by their own modules) the dashboard, the console and the OpenAPI description. Static
 * files (/widget.js, the demo page) are served by the [assets] block of wrangler.toml before this
 * code runs. Sites live in the site store (worker/sites), seeded from worker/sites/*.json.
 */
import { createApp } from "./app.ts";
import { consoleRoute } from "./routes/console.tsx";
import { dashboardRoute } from "./routes/dashboard.tsx";
import { openApiRoute } from "./routes/openapi.ts";
import { SEEDS } from "./sites/seeds.ts";

const app = createApp(SEEDS);

// ---- Other parts mount their routes here (middleware of createApp applies to them too). -------
// For a marketer page, reuse: c.var.sites (worker/sites: getSite, tokens), siteConfig() from
// ./middleware/site.ts, tokenAuth() from ./middleware/marketer-auth.ts, readAudiences() from
// ./counting/read.ts (with c.var.keys: mount under /v1/* or use secrets() from ./middleware/secrets.ts).
app.route("/dashboard", dashboardRoute());
app.route("/admin", consoleRoute());
app.route("/openapi.json", openApiRoute);
// ------------------------------------------------------------------------------------------------

export default app;

export { SiteCounter } from "./durable-objects/site-counter.ts";
export { SiteStore } from "./sites/site-store.ts";
