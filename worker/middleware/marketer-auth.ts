/**
 * @module
 * Marketer authentication: `Authorization: Bearer TOKEN`, whose SHA-256 is compared in constant
 * time with the site's `marketerTokenSha256` (the config never holds the token). A token opens
 * only its own site: a token of another site is 403 forbidden, anything else 401.
 */
import type { MiddlewareHandler } from "hono";
import type { SiteConfig } from "../../shared/schema.ts";
import type { AppEnv } from "../app-env.ts";
import { sha256Hex, utf8 } from "../counting/encoding.ts";
import { ApiError } from "../errors.ts";

/** Constant-time equality of two strings of the same length (hex digests here). */
function sameHex(a: string, b: string): boolean {
  const x = utf8(a);
  const y = utf8(b);
  return x.byteLength === y.byteLength && crypto.subtle.timingSafeEqual(x, y);
}

/**
 * Whether `token` is the marketer token of `config`.
 * @example if (!(await tokenMatches(config, bearer))) return c.text("no", 401);
 */
export async function tokenMatches(config: SiteConfig, token: string): Promise<boolean> {
  return sameHex(await sha256Hex(token), config.marketerTokenSha256);
}

/** The token's fingerprint for the access log: the first 8 hex of SHA-256 of the token's hash. */
export function tokenFingerprint(config: SiteConfig): Promise<string> {
  return sha256Hex(config.marketerTokenSha256).then((h) => h.slice(0, 8));
}

/** The bearer token of a request, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1];
}

/** Requires the site's marketer token (after middleware/site.ts). */
export const marketerAuth =
  (sites: ReadonlyMap<string, SiteConfig>): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const challenge = { "WWW-Authenticate": `Bearer realm="${c.var.config.id}"` };
    const token = bearerToken(c.req.header("Authorization"));
    if (token === undefined)
      throw new ApiError(
        "unauthorized",
        "send the marketer token as Authorization: Bearer TOKEN",
        undefined,
        challenge,
      );
    if (await tokenMatches(c.var.config, token)) return next();
    for (const other of sites.values()) {
      if (other.id !== c.var.config.id && (await tokenMatches(other, token))) {
        throw new ApiError("forbidden", "this token is for another site");
      }
    }
    throw new ApiError("unauthorized", "the marketer token is not valid", undefined, challenge);
  };
