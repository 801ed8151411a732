/**
 * @module
 * Proof before counting, the stateless part (worker/README.md, "Proof before counting"); the
 * spend is worker/counting/proof.ts. Pure of Workers types, so benchmarks run it in Node.
 * The edge signs a challenge
 * `base64url(payload).base64url(mac)`, payload JSON `{ v, site, d, exp, n, sh }` (site,
 * difficulty, expiry in epoch ms, a random nonce, the counter object that spends it), mac
 * HMAC-SHA256 with the server secret under the purpose "challenge". Nothing is stored when a
 * challenge is issued, and nothing about the client ever: a spent challenge's SHA-256 is kept,
 * with a day-rounded expiry, in the object the challenge names (the route picks one at random,
 * worker/counting/shards.ts; objects are never taken away, so raising `shards` never lets it
 * spend twice), so a proof counts once. Checks run in this order, each with its own code: signature and shape
 * (invalid_proof), site (invalid_proof), expiry (proof_expired), difficulty not below the
 * site's (invalid_proof), the solution (invalid_proof), then the single spend (proof_spent).
 */
import * as v from "valibot";
import { MAX_SHARDS } from "../../shared/limits.ts";
import { meetsDifficulty } from "../../shared/proof.ts";
import { IdSchema, type PowProof, type SiteConfig } from "../../shared/schema.ts";
import { ApiError } from "../errors.ts";
import { CHALLENGE_TTL_MS, NONCE_BYTES } from "../limits.ts";
import { dayOf } from "./day.ts";
import { fromBase64Url, sha256Hex, toBase64Url, utf8 } from "./encoding.ts";
import type { Keys } from "./keys.ts";

/** 2: the payload names its object (`sh`); a version 1 challenge is refused (fetch a new one). */
const CHALLENGE_VERSION = 2;

const PayloadSchema = v.strictObject({
  v: v.literal(CHALLENGE_VERSION),
  site: IdSchema,
  d: v.pipe(v.number(), v.integer(), v.minValue(0)),
  exp: v.pipe(v.number(), v.integer()),
  n: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/)),
  sh: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_SHARDS - 1)),
});

/** SHA-256 of a UTF-8 string as bytes: the hash of shared/proof.ts on Web Crypto. */
export async function sha256Bytes(message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(message)));
}

/**
 * A fresh challenge for `config` at `now` (GET /v1/sites/:site/challenge), to be spent in counter
 * object `shard` (randomShard, worker/counting/shards.ts).
 */
export async function issueChallenge(
  keys: Keys,
  config: SiteConfig,
  now: number,
  shard: number,
): Promise<{ challenge: string; difficulty: number; expiresAt: number }> {
  const expiresAt = now + CHALLENGE_TTL_MS;
  const json = JSON.stringify({
    v: CHALLENGE_VERSION,
    site: config.id,
    d: config.proofDifficulty,
    exp: expiresAt,
    n: toBase64Url(crypto.getRandomValues(new Uint8Array(NONCE_BYTES))),
    sh: shard,
  });
  const body = toBase64Url(utf8(json));
  const challenge = `${body}.${toBase64Url(await keys.mac("challenge", body))}`;
  return { challenge, difficulty: config.proofDifficulty, expiresAt };
}

const invalid = (why: string) => new ApiError("invalid_proof", `the proof is not valid: ${why}`);

/** The payload of a challenge this Worker signed, or an ApiError. */
async function readChallenge(keys: Keys, challenge: string) {
  const dot = challenge.indexOf(".");
  if (dot <= 0 || dot !== challenge.lastIndexOf(".")) throw invalid("not a challenge");
  const body = challenge.slice(0, dot);
  const mac = fromBase64Url(challenge.slice(dot + 1));
  if (!mac || !(await keys.verify("challenge", body, mac))) throw invalid("not signed here");
  const bytes = fromBase64Url(body);
  let json: unknown;
  try {
    json = bytes && JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    json = undefined;
  }
  const parsed = v.safeParse(PayloadSchema, json);
  if (!parsed.success) throw invalid("not a challenge");
  return parsed.output;
}

/**
 * Checks `proof` for `config` at `now` without state: answers what spending it stores (the
 * challenge's hash and the day it may be forgotten), or throws the ApiError of the first check
 * it fails.
 */
export async function verifyProof(
  keys: Keys,
  config: SiteConfig,
  proof: PowProof,
  now: number,
  bind?: string,
): Promise<{ hash: string; expiresDay: number; bound: boolean; shard: number }> {
  const p = await readChallenge(keys, proof.challenge);
  if (p.site !== config.id) throw invalid("the challenge is for another site");
  if (p.exp <= now || p.exp > now + CHALLENGE_TTL_MS) {
    throw new ApiError("proof_expired", "the challenge has expired: fetch a new one");
  }
  if (p.d < config.proofDifficulty) throw invalid("the challenge is easier than the site asks");
  // Bound to the request's idempotency key first (what the widget sends), else unbound.
  const bound =
    bind !== undefined &&
    (await meetsDifficulty(sha256Bytes, proof.challenge, proof.solution, p.d, bind));
  if (!bound && !(await meetsDifficulty(sha256Bytes, proof.challenge, proof.solution, p.d))) {
    throw invalid("the solution does not solve the challenge");
  }
  // Day-rounded: kept to the start of the day after the expiry, never a time of the request.
  return {
    hash: await sha256Hex(proof.challenge),
    expiresDay: dayOf(p.exp) + 1,
    bound,
    shard: p.sh,
  };
}
