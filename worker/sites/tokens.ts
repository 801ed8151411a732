/**
 * @module
 * Tokens: 256 random bits, shown once; only SHA-256 of a token is stored, with a fingerprint
 * (the first 8 hex of SHA-256 of that hash) that names it in logs and lists without revealing
 * either. Ids are random too (never derived from the token).
 */
import { sha256Hex, toBase64Url, toHex } from "../counting/encoding.ts";

/** A prefix so a leaked token is recognisable (secret scanners, people). */
export const TOKEN_PREFIX = "pfy_";

/** A fresh token. */
export function newToken(): string {
  return `${TOKEN_PREFIX}${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
}

/** A fresh token id (64 random bits, hex). */
export function newTokenId(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(8)));
}

/** The stored hash of a token. */
export const tokenHash = (token: string): Promise<string> => sha256Hex(token);

/** The fingerprint of a token hash. */
export const fingerprintOf = async (hash: string): Promise<string> =>
  (await sha256Hex(hash)).slice(0, 8);
