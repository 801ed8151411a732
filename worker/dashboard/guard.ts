/**
 * @module
 * What stands between a request and the dashboard's data: the cross-site check of state-changing
 * posts (CSRF), the session cookie's attributes, and the session check itself.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { CookieOptions } from "hono/utils/cookie";
import type { AppEnv } from "../app-env.ts";
import { resolveSecret } from "../counting/keys.ts";
import type { TokenRow } from "../sites/site-store.ts";
import { dashboardPath } from "./pages.tsx";
import {
  SESSION_COOKIE,
  SESSION_SECONDS,
  type SessionArea,
  sessionKey,
  verifySession,
} from "./session.ts";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a POST comes from a page of this origin. The cookie is SameSite=Strict already; this
 * is the second line (OWASP CSRF cheat sheet, "Verifying Origin with standard headers"): the
 * Origin header must be ours, or, where a browser leaves it out, Sec-Fetch-Site must say
 * same-origin. A request with neither is refused.
 */
export function sameOrigin(c: Context): boolean {
  const self = new URL(c.req.url).origin;
  const origin = c.req.header("Origin");
  if (origin !== undefined && origin !== "null") return origin === self;
  return c.req.header("Sec-Fetch-Site") === "same-origin";
}

/** Where each area's pages (and so its cookie) live. */
export const areaPath = (area: SessionArea, site: string): string =>
  area === "dashboard" ? dashboardPath(site) : `/admin/${site}`;

/** Secure everywhere but plain-http local development (where a Secure cookie would be dropped). */
export function cookieOptions(
  c: Context,
  site: string,
  maxAge: number,
  area: SessionArea = "dashboard",
): CookieOptions {
  const url = new URL(c.req.url);
  return {
    path: areaPath(area, site),
    httpOnly: true,
    secure: !(url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname)),
    sameSite: "Strict",
    maxAge,
  };
}

/** The session cookie's options when signing in. */
export const sessionCookie = (
  c: Context,
  site: string,
  area: SessionArea = "dashboard",
): CookieOptions => cookieOptions(c, site, SESSION_SECONDS, area);

const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The session key for this request: derived from RECEIPT_KEY (worker/counting/keys.ts decides
 * when the public dev key may stand in). Fails closed like middleware/secrets.ts.
 */
export function sessionKeyFor(c: Context<AppEnv>): Promise<CryptoKey> {
  const secret = resolveSecret(c.env, new URL(c.req.url).hostname);
  if (secret === undefined)
    throw new Error("RECEIPT_KEY is not set: dashboard sessions cannot be signed");
  let key = keys.get(secret);
  if (!key) {
    key = sessionKey(secret);
    keys.set(secret, key);
  }
  return key;
}

/** The session of a request: none (no cookie), invalid (forged, expired, another site's, or its token revoked), or valid with its token. */
export type SessionState =
  | { kind: "none" }
  | { kind: "invalid" }
  | { kind: "valid"; token: TokenRow };

/**
 * The session of this request for `site` in `area`. A valid signature is not enough: the token
 * it was opened with must still be live in the site store, so revoking a token ends its sessions
 * on their next request, and the area's session version must be the one it was opened under, so
 * a sign-out ends every session opened before it (one store call for both).
 */
export async function sessionState(
  c: Context<AppEnv>,
  site: string,
  area: SessionArea = "dashboard",
): Promise<SessionState> {
  const value = getCookie(c, SESSION_COOKIE);
  if (value === undefined) return { kind: "none" };
  const claim = await verifySession(await sessionKeyFor(c), site, value, Date.now(), area);
  if (claim === undefined) return { kind: "invalid" };
  const token = await c.var.sites.sessions.live(c.env, site, area, claim);
  return token ? { kind: "valid", token } : { kind: "invalid" };
}
