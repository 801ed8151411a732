/**
 * @module
 * The owner's API, /v1/sites/:site/admin/* (owner tokens only; marketer and auditor tokens 403):
 * - GET  /config              `{ version, config }`, ETag = the version
 * - PUT  /config              If-Match + a whole config → `{ version, policyVersion, findings }`;
 *                             412 stale, 428 without If-Match, 422 invalid or a high finding,
 *                             422 shards_lowered (`shards` is only ever raised)
 * - GET  /versions            the versions kept for restore; GET /versions/:version one of them
 * - POST /tokens              `{ name, role, expiresInDays? }` → 201 `{ id, token, role, expiresAt }`
 * - GET  /tokens              the site's tokens, without the tokens
 * - DELETE /tokens/:id        revokes: 401 from the next request on, sessions end too
 * Nothing here is cached (`Cache-Control: no-store`).
 */
import { Hono } from "hono";
import { TokenRequestSchema } from "../../shared/schema.ts";
import { shardsLowered } from "../../shared/site-config.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { MAX_CONFIG_BYTES, MAX_TOKENS_PER_SITE } from "../limits.ts";
import { parseWith, readJsonBody } from "../middleware/json-body.ts";
import { acceptConfig, refuse } from "../sites/accept.ts";

const NO_STORE = { "Cache-Control": "no-store" };

/** The version an `If-Match` names (`"3"`, `W/"3"` or `3`), or undefined. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header ?? "");
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

export const etagOf = (version: number): string => `"${version}"`;

export const adminRoute = new Hono<AppEnv>()
  .get("/config", (c) => {
    const { version, config } = c.var.site;
    return c.json({ version, config }, 200, { ...NO_STORE, ETag: etagOf(version) });
  })
  .put("/config", async (c) => {
    const header = c.req.header("If-Match");
    const expected = ifMatchVersion(header);
    if (expected === undefined) {
      throw new ApiError(
        header === undefined ? "if_match_required" : "bad_request",
        'send If-Match with the version you edited (the ETag of GET .../admin/config, e.g. "3")',
        { field: "If-Match" },
      );
    }
    const body = await readJsonBody(c.req.raw, MAX_CONFIG_BYTES);
    if (body instanceof Response) return body;
    const { config, findings } = acceptConfig(body.value, {
      site: c.var.config.id,
      credentials: false,
      previous: c.var.config,
      turnstile: Boolean(c.env.TURNSTILE_SECRET),
    });
    const outcome = await c.var.sites.publish(c.env, config, expected);
    // The version it replaces had more objects than the (cached) config checked above.
    if (outcome.kind === "shards_lowered") {
      const issue = shardsLowered(outcome, config);
      if (issue) refuse([issue], "shards_lowered");
    }
    if (outcome.kind === "stale") {
      throw new ApiError(
        "stale_version",
        `version ${expected} is not the published one (${outcome.version} is): read it again and redo the change`,
        { version: outcome.version },
        { ETag: etagOf(outcome.version) },
      );
    }
    if (outcome.kind !== "published") throw new ApiError("unknown_site", "no such site");
    return c.json(
      { version: outcome.version, policyVersion: outcome.config.policyVersion, findings },
      200,
      { ...NO_STORE, ETag: etagOf(outcome.version) },
    );
  })
  .get("/versions", async (c) =>
    c.json({ versions: await c.var.sites.versions(c.env, c.var.config.id) }, 200, NO_STORE),
  )
  .get("/versions/:version", async (c) => {
    const n = Number(c.req.param("version"));
    const config = Number.isInteger(n)
      ? await c.var.sites.version(c.env, c.var.config.id, n)
      : undefined;
    if (!config) throw new ApiError("not_found", "no such version is kept");
    return c.json({ version: n, config }, 200, NO_STORE);
  })
  .post("/tokens", async (c) => {
    const body = await readJsonBody(c.req.raw);
    if (body instanceof Response) return body;
    const input = parseWith(
      TokenRequestSchema,
      body.value,
      '{ "name": string, "role": "owner" | "marketer" | "auditor", "expiresInDays"?: number }',
    );
    const minted = await c.var.sites.tokens.mint(c.env, c.var.config.id, input);
    if (!minted) {
      throw new ApiError(
        "limit_reached",
        `a site has at most ${MAX_TOKENS_PER_SITE} tokens: revoke one first`,
        { limit: MAX_TOKENS_PER_SITE },
      );
    }
    return c.json(minted, 201, NO_STORE);
  })
  .get("/tokens", async (c) => {
    const rows = await c.var.sites.tokens.list(c.env, c.var.config.id);
    const tokens = rows.map(({ site: _site, ...t }) => t);
    return c.json({ tokens }, 200, NO_STORE);
  })
  .delete("/tokens/:id", async (c) => {
    const id = c.req.param("id");
    if (!(await c.var.sites.tokens.revoke(c.env, c.var.config.id, id)))
      throw new ApiError("unknown_token", "no token with this id on this site");
    return c.json({ revoked: true as const, id }, 200, NO_STORE);
  });
