/**
 * @module
 * Token authentication: `Authorization: Bearer TOKEN`, looked up by its SHA-256 in the site store
 * (worker/sites; the store holds hashes only). Roles: marketers read counts, auditors read the
 * access log and the change log, owners do everything. No token, or an unknown, revoked,
 * expired or another site's one, is 401, alike (no oracle for a valid token of another site);
 * a token of this site whose role may not do this is 403.
 * Lookups are not cached, so a revoked token is refused on its next request.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import type { Role } from "../sites/site-store.ts";

/** The bearer token of a request, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1];
}

/** What each role may read or do, for the messages of a 403. */
const WHAT: Record<Role, string> = {
  owner: "everything",
  marketer: "counts",
  auditor: "the access log and the change log",
};

/** Requires a live token of this site (after middleware/site.ts) with one of `roles`. */
export const tokenAuth =
  (...roles: Role[]): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const site = c.var.config.id;
    const challenge = { "WWW-Authenticate": `Bearer realm="${site}"` };
    const token = bearerToken(c.req.header("Authorization"));
    if (token === undefined)
      throw new ApiError(
        "unauthorized",
        `send a token of this site (${roles.join(" or ")}) as Authorization: Bearer TOKEN`,
        undefined,
        challenge,
      );
    const who = await c.var.sites.tokens.identify(c.env, site, token);
    if (who.kind === "invalid")
      throw new ApiError("unauthorized", "the token is not valid", undefined, challenge);
    if (!roles.includes(who.token.role)) {
      throw new ApiError(
        "forbidden",
        `a ${who.token.role} token may read ${WHAT[who.token.role]}; this needs ${roles.join(" or ")}`,
      );
    }
    c.set("token", who.token);
    await next();
  };

/** Marketer reads of counts: marketers and owners. */
export const marketerAuth = (): MiddlewareHandler<AppEnv> => tokenAuth("marketer", "owner");
