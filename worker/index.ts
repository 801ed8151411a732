/**
 * @module
 * The Preferably Worker (placeholder until the edge-service issue lands).
 */
import { Hono } from "hono";
import { SITES } from "./sites/index.ts";

const app = new Hono<{ Bindings: Env }>();
app.get("/v1/sites/:site/config", (c) => {
  const site = SITES.get(c.req.param("site"));
  return site ? c.json({ site: site.id }) : c.json({ error: { code: "unknown_site", message: "no such site" } }, 404);
});

export default app;

export class SiteCounter implements DurableObject {
  fetch(): Response {
    return new Response(null, { status: 404 });
  }
}
