/**
 * @module
 * Receipts (DESIGN.md "Counting model"): what lets a device replace or retract its contribution
 * without anyone knowing who it is. A receipt is `base64url(payload).base64url(mac)` where the
 * payload is JSON `{ v, site, seg, day, n, exp, sh }` (the counts it is in: segments,
 * respondents, options, overlaps, breakdowns (shared/counting-keys.ts); UTC day number, a nonce the
 * Worker picked, expiry in epoch ms, the object that counted it and spends it: worker/counting/
 * shards.ts) and the mac is HMAC-SHA256 with the server secret. Only the device keeps it; the
 * Worker keeps the SHA-256 of a spent nonce.
 */
import * as v from "valibot";
import { COUNTING_KEY_PATTERN } from "../../shared/counting-keys.ts";
import { MAX_SHARDS } from "../../shared/limits.ts";
import { IdSchema, type SiteConfig } from "../../shared/schema.ts";
import { NONCE_BYTES } from "../limits.ts";
import { startOfDay } from "./day.ts";
import { fromBase64Url, sha256Hex, toBase64Url, utf8 } from "./encoding.ts";
import type { Keys } from "./keys.ts";

const RECEIPT_VERSION = 1;

const PayloadSchema = v.strictObject({
  v: v.literal(RECEIPT_VERSION),
  site: IdSchema,
  /** Every count the contribution is in (shared/counting-keys.ts): segments and implicit ones. */
  seg: v.array(v.pipe(v.string(), v.regex(COUNTING_KEY_PATTERN))),
  day: v.pipe(v.number(), v.integer(), v.minValue(0)),
  n: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/)),
  exp: v.pipe(v.number(), v.integer()),
  // The object that spends it: any a site can have (a receipt from an isolate that saw a raise
  // of `shards` may name an object above another isolate's count; it exists all the same).
  sh: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_SHARDS - 1)),
});

/** What a receipt says. */
export interface ReceiptPayload {
  site: string;
  segments: string[];
  day: number;
  nonce: string;
  expiresAt: number;
  shard: number;
}

/** A fresh random nonce, base64url. */
export function randomNonce(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(NONCE_BYTES)));
}

/** When a receipt of `day` expires: when its day's bucket is deleted (retention). */
export function receiptExpiry(config: SiteConfig, day: number): number {
  return startOfDay(day + config.retentionDays);
}

/** Signs a receipt. Deterministic: the same payload gives the same string (idempotent retries). */
export async function signReceipt(keys: Keys, p: ReceiptPayload): Promise<string> {
  const json = JSON.stringify({
    v: RECEIPT_VERSION,
    site: p.site,
    seg: p.segments,
    day: p.day,
    n: p.nonce,
    exp: p.expiresAt,
    sh: p.shard,
  });
  const body = toBase64Url(utf8(json));
  return `${body}.${toBase64Url(await keys.mac("receipt", body))}`;
}

export type ReceiptCheck =
  | { ok: true; payload: ReceiptPayload }
  | { ok: false; code: "invalid_receipt" | "receipt_expired" };

/**
 * Verifies a receipt for `site` at `now`: the signature first (constant time), then the site,
 * then the expiry. A forged, altered or foreign receipt is `invalid_receipt`.
 */
export async function verifyReceipt(
  keys: Keys,
  site: string,
  receipt: string,
  now: number,
): Promise<ReceiptCheck> {
  const invalid = { ok: false, code: "invalid_receipt" } as const;
  const dot = receipt.indexOf(".");
  if (dot <= 0 || dot !== receipt.lastIndexOf(".")) return invalid;
  const body = receipt.slice(0, dot);
  const mac = fromBase64Url(receipt.slice(dot + 1));
  if (!mac || !(await keys.verify("receipt", body, mac))) return invalid;
  const bytes = fromBase64Url(body);
  if (!bytes) return invalid;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return invalid;
  }
  const parsed = v.safeParse(PayloadSchema, json);
  if (!parsed.success || parsed.output.site !== site) return invalid;
  const p = parsed.output;
  if (p.exp <= now) return { ok: false, code: "receipt_expired" };
  return {
    ok: true,
    payload: {
      site: p.site,
      segments: p.seg,
      day: p.day,
      nonce: p.n,
      expiresAt: p.exp,
      shard: p.sh,
    },
  };
}

/** What the Worker stores of a spent nonce: its SHA-256, never the nonce. */
export function nonceHash(nonce: string): Promise<string> {
  return sha256Hex(nonce);
}
