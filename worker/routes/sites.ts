/**
 * @module
 * POST /v1/sites (the operator): `Authorization: Bearer OPERATOR_KEY` and one site config →
 * 201 `{ site, ownerToken }`. The config passes what every publish passes (worker/sites/
 * accept.ts); a config without privacy settings gets the schema's defaults. OPERATOR_KEY is a
 * secret (`wrangler secret put OPERATOR_KEY`); only on a loopback host without it is the public
 * local key `local-operator-key` accepted (the rule of RECEIPT_KEY, worker/counting/keys.ts).
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { sha256Hex, utf8 } from "../counting/encoding.ts";
import { ApiError } from "../errors.ts";
import { MAX_CONFIG_BYTES, MIN_SECRET_LENGTH } from "../limits.ts";
import { readJsonBody } from "../middleware/json-body.ts";
import { bearerToken } from "../middleware/marketer-auth.ts";
import { acceptConfig } from "../sites/accept.ts";

/** The public operator key of local development (never accepted off loopback). */
export const LOCAL_OPERATOR_KEY = "local-operator-key";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The operator key for a request to `hostname`, or undefined when none may be used. */
export function operatorKey(env: { OPERATOR_KEY?: string }, hostname: string): string | undefined {
  const key = env.OPERATOR_KEY;
  if (key !== undefined) return key.length >= MIN_SECRET_LENGTH ? key : undefined;
  return LOOPBACK.has(hostname) ? LOCAL_OPERATOR_KEY : undefined;
}

/** Constant-time comparison through digests of equal length. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
  return crypto.subtle.timingSafeEqual(utf8(x), utf8(y));
}

export const sitesRoute = new Hono<AppEnv>().post("/", async (c) => {
  const key = operatorKey(c.env, new URL(c.req.url).hostname);
  const given = bearerToken(c.req.header("Authorization"));
  const challenge = { "WWW-Authenticate": 'Bearer realm="operator"' };
  if (key === undefined) {
    throw new ApiError(
      "unauthorized",
      `OPERATOR_KEY is not set (or shorter than ${MIN_SECRET_LENGTH} characters): run \`wrangler secret put OPERATOR_KEY\``,
      undefined,
      challenge,
    );
  }
  if (given === undefined || !(await sameSecret(given, key)))
    throw new ApiError(
      "unauthorized",
      "send the operator key as Authorization: Bearer KEY",
      undefined,
      challenge,
    );
  const body = await readJsonBody(c.req.raw, MAX_CONFIG_BYTES);
  if (body instanceof Response) return body;
  const { config } = acceptConfig(body.value, {
    credentials: false,
    turnstile: Boolean(c.env.TURNSTILE_SECRET),
  });
  const owner = await c.var.sites.createSite(c.env, config);
  if (!owner)
    throw new ApiError("site_exists", `a site "${config.id}" exists already`, { field: "id" });
  return c.json({ site: config.id, ownerToken: owner.token }, 201, { "Cache-Control": "no-store" });
});
