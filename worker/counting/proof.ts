/**
 * @module
 * Spending a proof (worker/README.md, "Proof before counting"): checked without state first
 * (worker/counting/challenge.ts), then remembered once as its hash in the object the challenge
 * names. On a site with `proof: "turnstile"` the proof is a Turnstile token instead, checked by
 * Cloudflare's siteverify (worker/counting/turnstile.ts), which spends it.
 */
import type { Proof, SiteConfig } from "../../shared/schema.ts";
import type { SiteCounter } from "../durable-objects/site-counter.ts";
import { ApiError } from "../errors.ts";
import { verifyProof } from "./challenge.ts";
import { dayOf } from "./day.ts";
import type { Keys } from "./keys.ts";
import { shardStub } from "./shards.ts";
import { type Fetcher, verifyTurnstile } from "./turnstile.ts";

/** What a Turnstile check needs: the secret (env TURNSTILE_SECRET) and a way to siteverify. */
export interface TurnstileDeps {
  secret: string | undefined;
  fetch: Fetcher;
}

/**
 * Checks `proof` (verifyProof) and spends it in the object its challenge names, or throws. Spent
 * before the count: a proof that meets a later 4xx is gone too (the client fetches another).
 *
 * A proof bound to the request's idempotency key (`idempotencyKey`) is not stored at all: it
 * solves for that key only, and the key is remembered anyway (worker/counting/assign.ts), so
 * its replay is that key's retry: answered again, counted once. So the widget's assignment
 * writes no spend row and makes no second Durable Object call (issue 9: at most 2 rows).
 */
export async function spendProof(
  env: { COUNTER: DurableObjectNamespace<SiteCounter> },
  keys: Keys,
  config: SiteConfig,
  proof: Proof,
  now: number,
  idempotencyKey?: string,
  turnstile?: TurnstileDeps,
): Promise<void> {
  // shared/assignment.ts let through only the kind the site asks for.
  if ("turnstile" in proof) {
    if (!turnstile) throw new Error("a Turnstile proof needs TurnstileDeps");
    return verifyTurnstile(config, proof, turnstile);
  }
  const checked = await verifyProof(keys, config, proof, now, idempotencyKey);
  const { hash, expiresDay, bound } = checked;
  if (bound) return;
  const shard = shardStub(env, config.id, checked.shard);
  if (!(await shard.spendChallenge(hash, expiresDay, dayOf(now)))) {
    throw new ApiError("proof_spent", "this proof was used already; fetch a new challenge");
  }
}
