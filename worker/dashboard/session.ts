/**
 * @module
 * The session of the dashboard (marketers) and of the console (owners): a signed, short-lived
 * cookie, never on a visitor (visitor endpoints never set a cookie, DESIGN.md invariant 4).
 *
 * The value is `EXPIRY.TOKEN.VERSION.SIGNATURE`: EXPIRY in Unix seconds, TOKEN the id (not the
 * secret) of the token it was opened with, VERSION the site's session version for the area when
 * it was opened, SIGNATURE = base64url(HMAC-SHA256(key,
 * "AREA-session\nSITE\nEXPIRY\nTOKEN\nVERSION")), AREA "dashboard" or "console". The key is
 * derived with HKDF (RFC 5869) from the Worker's secret, with its own `info`, so a session can
 * never pass as a receipt or the other way round. Verification goes through
 * `crypto.subtle.verify`, which compares in constant time. On every request
 * (worker/dashboard/guard.ts) the site store must still have the token live, so a revoked (or
 * rotated away) token ends its sessions, and the area's session version must still be VERSION:
 * a sign-out raises it, so every cookie of that site and area issued before it stops working,
 * copies included (issue 13: a copied cookie outlived sign-out).
 */

import { SESSION_SECONDS } from "./constants.ts";

export { SESSION_COOKIE, SESSION_SECONDS } from "./constants.ts";

/** HKDF `info` for the session key (domain separation from receipts). */
const KEY_INFO = "preferably/dashboard-session/v2";

const encoder = new TextEncoder();

/** Derives the HMAC key for sessions from the Worker's secret. */
export async function sessionKey(secret: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveKey",
  ]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(KEY_INFO) },
    base,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign", "verify"],
  );
}

/** Which pages a session opens: each has its own cookie path and signature. */
export type SessionArea = "dashboard" | "console";

function message(
  area: SessionArea,
  site: string,
  expiry: number,
  token: string,
  version: number,
): Uint8Array {
  return encoder.encode(`${area}-session\n${site}\n${expiry}\n${token}\n${version}`);
}

function toBase64Url(bytes: ArrayBuffer): string {
  let s = "";
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return undefined; // 32 bytes, unpadded
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Token ids as the site store makes them (random hex, or `seed-SITE-ROLE`). */
const TOKEN_ID = /^[a-z0-9_-]{1,100}$/;

/** What a signed session says: the token it was opened with and the session version then. */
export interface SessionClaim {
  token: string;
  version: number;
}

/**
 * A new session value for `site`, opened with token `token` (its id) under the area's session
 * version `version` (the site store's), valid SESSION_SECONDS from `now` (ms).
 * @example const value = await signSession(key, "demo", Date.now(), "seed-demo-marketer", "dashboard", 0);
 */
export async function signSession(
  key: CryptoKey,
  site: string,
  now: number,
  token: string,
  area: SessionArea = "dashboard",
  version = 0,
): Promise<string> {
  if (!TOKEN_ID.test(token)) throw new Error("not a token id");
  if (!Number.isSafeInteger(version) || version < 0) throw new Error("not a session version");
  const expiry = Math.floor(now / 1000) + SESSION_SECONDS;
  const signature = await crypto.subtle.sign(
    "HMAC",
    key,
    message(area, site, expiry, token, version),
  );
  return `${expiry}.${token}.${version}.${toBase64Url(signature)}`;
}

/**
 * The token id and session version of `value` when it is a session of `area` for `site` at
 * `now` (ms): well-formed, signed by `key` for this site and area, not expired, and not valid for
 * longer than a session can be. Undefined otherwise. Whether the token is still live and the
 * version still current is the caller's question (the site store).
 */
export async function verifySession(
  key: CryptoKey,
  site: string,
  value: string | undefined,
  now: number,
  area: SessionArea = "dashboard",
): Promise<SessionClaim | undefined> {
  const match =
    value === undefined
      ? null
      : /^(\d{1,12})\.([a-z0-9_-]{1,100})\.(0|[1-9]\d{0,14})\.([A-Za-z0-9_-]+)$/.exec(value);
  if (!match?.[1] || !match[2] || !match[3] || !match[4]) return undefined;
  const expiry = Number(match[1]);
  const version = Number(match[3]);
  const seconds = now / 1000;
  if (expiry <= seconds || expiry > seconds + SESSION_SECONDS) return undefined;
  const signature = fromBase64Url(match[4]);
  if (!signature) return undefined;
  const ok = await crypto.subtle.verify(
    "HMAC",
    key,
    signature,
    message(area, site, expiry, match[2], version),
  );
  return ok ? { token: match[2], version } : undefined;
}
