/**
 * @module
 * The server secret and the keyed hashes derived from it. One secret (RECEIPT_KEY) keys every
 * HMAC, with a purpose label in front of each message so that no two uses can be confused:
 * receipts, idempotency-key hashes, derived nonces, rate-limit keys, proof-of-work challenges
 * and the digests of what a keyed contribution is counted in.
 *
 * The secret comes from `wrangler secret put RECEIPT_KEY`. Only when it is unset and the request
 * is addressed to a loopback host (wrangler dev, `npm start`) is a fixed, public dev key used; a
 * deployed Worker is never reached under a loopback host name, so it can never fall back to it
 * (worker/README.md, "Secrets").
 */
import { MIN_SECRET_LENGTH } from "../limits.ts";
import { toHex, utf8 } from "./encoding.ts";

/** The public, insecure key for local development only (see the module comment). */
export const DEV_RECEIPT_KEY = "dev-only-insecure-receipt-key-do-not-deploy-0000";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** What each keyed hash is for; part of every MAC'd message. */
export type KeyPurpose =
  | "receipt"
  | "idempotency"
  | "nonce"
  | "ratelimit"
  | "challenge"
  /** The digest of what a keyed contribution is counted in (counting/assign.ts). */
  | "counted";

/** HMAC-SHA256 with the server secret, per purpose. */
export interface Keys {
  mac(purpose: KeyPurpose, message: string): Promise<Uint8Array>;
  verify(purpose: KeyPurpose, message: string, mac: Uint8Array): Promise<boolean>;
}

/** The secret for a request to `hostname`, or undefined when none may be used. */
export function resolveSecret(env: { RECEIPT_KEY?: string }, hostname: string): string | undefined {
  const secret = env.RECEIPT_KEY;
  if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) return secret;
  if (secret === undefined && LOOPBACK.has(hostname)) return DEV_RECEIPT_KEY;
  return undefined;
}

const cache = new Map<string, Keys>();

/** The keys of `secret` (imported once per isolate). */
export function keysFor(secret: string): Keys {
  let keys = cache.get(secret);
  if (keys) return keys;
  const key = crypto.subtle.importKey(
    "raw",
    utf8(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  const data = (purpose: KeyPurpose, message: string) => utf8(`${purpose}\n${message}`);
  keys = {
    async mac(purpose, message) {
      return new Uint8Array(await crypto.subtle.sign("HMAC", await key, data(purpose, message)));
    },
    // crypto.subtle.verify compares in constant time.
    async verify(purpose, message, mac) {
      return crypto.subtle.verify("HMAC", await key, mac, data(purpose, message));
    },
  };
  cache.set(secret, keys);
  return keys;
}

/** A keyed hash as hex: what is stored instead of a client-chosen value (DESIGN.md invariant 2). */
export async function keyedHash(keys: Keys, purpose: KeyPurpose, message: string): Promise<string> {
  return toHex(await keys.mac(purpose, message));
}
