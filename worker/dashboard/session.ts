/**
 * @module
 * The marketer's dashboard session: a signed, short-lived cookie, for marketers only (visitor
 * endpoints never set a cookie, DESIGN.md invariant 4).
 *
 * The value is `EXPIRY.SIGNATURE`: EXPIRY in Unix seconds, SIGNATURE = base64url(HMAC-SHA256(key,
 * "dashboard-session\nSITE\nEXPIRY")). The key is derived with HKDF (RFC 5869) from the Worker's
 * secret, with its own `info`, so a session can never pass as a receipt or the other way round.
 * Verification goes through `crypto.subtle.verify`, which compares in constant time.
 * Nothing about the marketer is in the cookie: the site is in its path and in the signature.
 */

import { SESSION_SECONDS } from "./constants.ts";

export { SESSION_COOKIE, SESSION_SECONDS } from "./constants.ts";

/** HKDF `info` for the session key (domain separation from receipts). */
const KEY_INFO = "preferably/dashboard-session/v1";

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

function message(site: string, expiry: number): Uint8Array {
  return encoder.encode(`dashboard-session\n${site}\n${expiry}`);
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

/**
 * A new session value for `site`, valid SESSION_SECONDS from `now` (ms).
 * @example const value = await signSession(key, "demo", Date.now());
 */
export async function signSession(key: CryptoKey, site: string, now: number): Promise<string> {
  const expiry = Math.floor(now / 1000) + SESSION_SECONDS;
  const signature = await crypto.subtle.sign("HMAC", key, message(site, expiry));
  return `${expiry}.${toBase64Url(signature)}`;
}

/**
 * Whether `value` is a live session for `site` at `now` (ms): well-formed, signed by `key` for
 * this site, not expired, and not valid for longer than a session can be.
 */
export async function verifySession(
  key: CryptoKey,
  site: string,
  value: string | undefined,
  now: number,
): Promise<boolean> {
  const match = value === undefined ? null : /^(\d{1,12})\.([A-Za-z0-9_-]+)$/.exec(value);
  if (!match?.[1] || !match[2]) return false;
  const expiry = Number(match[1]);
  const seconds = now / 1000;
  if (expiry <= seconds || expiry > seconds + SESSION_SECONDS) return false;
  const signature = fromBase64Url(match[2]);
  if (!signature) return false;
  return crypto.subtle.verify("HMAC", key, signature, message(site, expiry));
}
