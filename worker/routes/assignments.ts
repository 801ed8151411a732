/**
 * @module
 * POST and DELETE /v1/sites/:site/assignments (DESIGN.md data flow 4-5): strict validation
 * (shared/assignment.ts, a code per cause), then counting; DELETE retracts by receipt.
 * Every 4xx is decided before a Durable Object is touched, except a spent proof (409, decided by
 * the object its challenge names, before counting) and a spent receipt (409), which the object
 * decides inside the same transaction that would have changed the count. On a site with
 * `proof: "turnstile"`, Cloudflare's siteverify decides the proof (worker/counting/turnstile.ts).
 * A keyed assignment routed by a config older than a raise of `shards` its object has seen
 * (this isolate's cache, within PUBLISH_LIVE_WITHIN_MS) reloads the site from the store and is
 * routed again, once (worker/counting/shards.ts StaleShards).
 */
import { Hono } from "hono";
import { validateAssignment } from "../../shared/assignment.ts";
import { RetractionRequestSchema } from "../../shared/schema.ts";
import type { AppEnv } from "../app-env.ts";
import { countAssignment, retractAssignment } from "../counting/assign.ts";
import { spendProof } from "../counting/proof.ts";
import { StaleShards } from "../counting/shards.ts";
import { ApiError } from "../errors.ts";
import { parseWith, readJsonBody } from "../middleware/json-body.ts";
import type { Site } from "../sites/cache.ts";

const NO_STORE = { "Cache-Control": "no-store" };

export const assignmentsRoute = new Hono<AppEnv>()
  .post("/", async (c) => {
    const body = await readJsonBody(c.req.raw);
    if (body instanceof Response) return body;
    // Sec-GPC: 1 (invariant 7): sale-or-share purposes count as refused whatever the body says.
    const checked = validateAssignment(c.var.config, body.value, {
      gpc: c.req.header("Sec-GPC") === "1",
    });
    if (!checked.ok) throw ApiError.from(checked.error);
    const { proof, idempotencyKey } = checked.value;
    await spendProof(c.env, c.var.keys, c.var.config, proof, Date.now(), idempotencyKey, {
      secret: c.env.TURNSTILE_SECRET,
      fetch: c.var.fetch,
    });
    const count = (site: Site) =>
      countAssignment(
        c.env,
        c.var.keys,
        site === c.var.site ? c.var.config : { ...c.var.config, shards: site.config.shards },
        checked.value,
        Date.now(),
        site.previousShards,
      );
    const answer = await count(c.var.site).catch(async (e: unknown) => {
      if (!(e instanceof StaleShards)) throw e;
      const fresh = await c.var.sites.getSite(c.env, c.var.config.id, Date.now(), true);
      if (!fresh) throw new ApiError("unknown_site", "no such site");
      return count(fresh);
    });
    return c.json(answer, 200, NO_STORE);
  })
  .delete("/", async (c) => {
    const body = await readJsonBody(c.req.raw);
    if (body instanceof Response) return body;
    const parsed = parseWith(RetractionRequestSchema, body.value, '{ "receipt": string }');
    await retractAssignment(c.env, c.var.keys, c.var.config, parsed.receipt);
    return c.json({ retracted: true as const }, 200, NO_STORE);
  });
